"""Benchmarks: `make bench` runs every `bench/bench_*.py` and prints one table.

`make bench-quick` (`python -m bench --quick`) runs the rows of the speed targets only,
each fewer times: no yamllint, no 100,000-step file, no editor, no long texts, no
screenshot (about 5 minutes on a quiet 2-core machine)."""

QUICK = False  # set by `python -m bench --quick`
