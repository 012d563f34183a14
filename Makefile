# Two commands on a fresh machine: `make demo` and `make test` (each sets itself up).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --disable-pip-version-check --quiet

.PHONY: demo test lint bench clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "careerbot needs Python 3.11 or newer; try: make PYTHON=python3.12 ...")'
	@$(PYTHON) -m venv $(VENV)

# The app and its runtime dependencies (enough for the demo).
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	@echo "Installing careerbot into $(VENV) (first run only; takes a minute or two)..."
	@$(PIP) install -e .
	@touch $@

# Plus the test tools.
$(VENV)/.installed-test: $(VENV)/.installed
	@echo "Installing the test tools into $(VENV)..."
	@$(PIP) install -e '.[test]'
	@touch $@

demo: $(VENV)/.installed
	$(BIN)/careerbot demo

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest -q

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/mypy

bench: $(VENV)/.installed-test
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache .mypy_cache .ruff_cache careerbot-demo.db*
