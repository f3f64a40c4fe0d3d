"""The file is YAML at all.

## What it does
Reports what stops a file from being read: YAML the parser cannot read (with the parser's
own message, line and column), bytes that are not UTF-8, a file over the size limit,
nesting deeper than the limit (aliases expanded), and aliases that would expand beyond the
limit. The limits are counted on the parser's events, whatever the line breaks or style.

## Why is this bad?
A map that cannot be read shows nobody as anybody's customer: the process owner believes the
chain is documented while the audit sees nothing of it.

## Who must act
The file: the finding is about the file as a whole (its path from the project root), and
nobody in particular in the organisation; whoever keeps the file fixes it.

## Example
```yaml
flowmap: 1
processes:
  - id: order-to-delivery
    name: Order: to delivery
```

## Use instead
```yaml
flowmap: 1
processes:
  - id: order-to-delivery
    name: "Order: to delivery"
```
"""

ID = "syntax"
SEVERITY = "error"
# Found by the loader (flowmap.load) while reading the file, not by a check over the model.
