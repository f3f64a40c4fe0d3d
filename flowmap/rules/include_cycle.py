"""Maps do not include each other in a circle.

## What it does
Reports an `include:` that leads, through other includes, back to the file that holds it.

## Why is this bad?
Each file is read once anyway, so the circle adds nothing, but it hides which file owns
the organisation: a process owner editing one file cannot tell which others depend on it.

## Who must act
The file whose `include` closes the cycle.

## Example
```yaml
# org.yaml
flowmap: 1
include: [order-to-delivery.yaml]
```

## Use instead
```yaml
# org.yaml holds the organisation and includes nothing; the process files include it.
flowmap: 1
units:
  - {id: sales, name: Market department}
```
"""

ID = "include-cycle"
SEVERITY = "error"
# Found by the workspace while it follows includes (flowmap.workspace).
