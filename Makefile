# Two commands do everything on a fresh clone: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
OUT := out

.PHONY: run test test-fast bench bench-quick fuzz lint format setup system-run system-test clean lock upgrade

# The virtual environment, made anew from the committed lock whenever it or pyproject changes,
# so that every clone runs exactly the versions CI tested (`make upgrade` refreshes the lock).
LOCK := requirements.lock
PIP_COMPILE := $(BIN)/pip-compile --quiet --all-extras --strip-extras --allow-unsafe \
	--no-emit-index-url --no-emit-find-links --output-file $(LOCK) pyproject.toml

$(STAMP): pyproject.toml $(LOCK)
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "flowmap needs Python 3.11 or newer (found $$($(PYTHON) --version))"; exit 1; }
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-virtualenv -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	@touch $(STAMP)

setup: $(STAMP) system-run

system-run:
	@scripts/system-deps run

system-test:
	@scripts/system-deps test

run: $(STAMP) system-run
	@scripts/run-main $(BIN)/flowmap processes $(OUT)

test: $(STAMP) system-test
	@scripts/test-data
	$(BIN)/ruff check flowmap tests bench
	$(BIN)/ruff format --check flowmap tests bench
	$(BIN)/python -m pytest -n 2 -q

# For developers between commits: everything but the tests marked tmux, browser or slow
# (pyproject.toml lists the markers), in about a minute; `make test` runs them all.
test-fast: $(STAMP)
	@scripts/test-data
	$(BIN)/ruff check flowmap tests bench
	$(BIN)/python -m pytest -n 2 -q -m "not tmux and not browser and not slow"

bench: $(STAMP) system-run
	$(BIN)/python -m bench

# The rows of the speed targets only, each fewer times (bench/__init__.py): a few minutes.
bench-quick: $(STAMP) system-run
	$(BIN)/python -m bench --quick

# 10,000 hostile YAML and BPMN files through check, render, report, import and the editor engine (tests/fuzz.py);
# it goes on past a crash and prints every distinct one at the end (exit 1 if any).
fuzz: $(STAMP)
	$(BIN)/python -m tests.fuzz 10000

lint: $(STAMP)
	$(BIN)/ruff check flowmap tests bench
	$(BIN)/ruff format --check flowmap tests bench

format: $(STAMP)
	$(BIN)/ruff format flowmap tests bench

# After changing the bounds in pyproject.toml: pin what they now allow, changing no other pin.
lock: $(STAMP)
	$(PIP_COMPILE)

# Every pin to the newest release the bounds allow, then the whole suite against them.
upgrade: $(STAMP)
	$(PIP_COMPILE) --upgrade
	$(MAKE) test

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache
