"""Every key and value has the type and form format v1 gives it.

## What it does
Reports wrong types, missing required keys (`flowmap`, every `id`, a step's `by`, a need's
`item`), unknown keys (with a did-you-mean), keys given twice in one mapping, bad ids, bad
durations, custom tags, a text longer than `max_text_length` (default 5,000 characters; the
text is cut there), and a file named on the command line that has no `flowmap: 1`.

## Why is this bad?
A misspelt key is silently ignored by most YAML tools: `recheks:` looks like a re-check to
the reader, but the receiving step has none, and its internal customer is not protected.

## Who must act
The object the faulty key or value was written in (a step: its executors and their units; a
need: the step that states it; a role: the role and its unit; a unit: itself); a fault
outside any object is the file's.

## Example
```yaml
flowmap: 1
processes:
  - id: order-to-delivery
    steps:
      - id: accept-order
        by: order-clerk
        recheks: [Order names item code and quantity]
        lead_time: 4 hours
```

## Use instead
```yaml
flowmap: 1
processes:
  - id: order-to-delivery
    steps:
      - id: accept-order
        by: order-clerk
        recheck: [Order names item code and quantity]
        lead_time: 4h
```
"""

ID = "schema"
SEVERITY = "error"
# Found while building the model (flowmap.model.build), not by a check over the model.
