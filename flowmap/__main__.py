"""`python -m flowmap` runs the command line."""

from flowmap.cli import main

raise SystemExit(main())
