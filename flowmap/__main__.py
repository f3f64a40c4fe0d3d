"""`python -m flowmap` runs the command line."""

from flowmap.cli import program

raise SystemExit(program())
