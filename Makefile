# The two commands on the README: `make demo` and `make test`. Each builds .venv by itself.
# `make demo` serves the web app on a throwaway demo; `make tour` is the scripted CLI tour.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo tour test lint typecheck unit bench clean

demo: $(VENV)/.installed
	$(BIN)/mailbrake serve --demo

tour: $(VENV)/.installed
	$(BIN)/mailbrake demo

test: lint typecheck unit

# Two processes, each test file whole in one (pytest-xdist): the suite is mostly waiting on
# subprocesses, databases and SMTP peers, and took over 15 minutes serially on a 2-core CI.
PYTEST_WORKERS ?= 2

unit: $(VENV)/.installed
	$(BIN)/pytest -q -n $(PYTEST_WORKERS) --dist loadfile

lint: $(VENV)/.installed
	$(BIN)/ruff format --check src tests bench scripts
	$(BIN)/ruff check src tests bench scripts

typecheck: $(VENV)/.installed
	$(BIN)/mypy

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev,fast]'
	touch $@

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
