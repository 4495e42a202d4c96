# communique: `make demo` codes the bundled examples, `make test` runs the test suite.
# Both set everything up on a fresh machine first (virtual environment, dependencies,
# the spaCy model package); nothing is downloaded at run time.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test setup bench clean

demo: $(STAMP)
	$(BIN)/communique demo

test: $(STAMP)
	$(BIN)/python -m pytest -q

setup: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test,api,dask]"
	touch $(STAMP)

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_coding.py

clean:
	rm -rf $(VENV) communique-demo.duckdb .pytest_cache
