# Two entry points, both from a fresh machine with only Python 3.11 and make:
#   make play   installs into .venv and starts the game
#   make test   installs into .venv and runs every check and test
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: play test lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

play: $(STAMP)
	$(BIN)/kaufhaus play

lint: $(STAMP)
	$(BIN)/ruff check kaufhaus tests benchmarks
	$(BIN)/kaufhaus check scenes

test: lint
	$(BIN)/python -m pytest -n 2 -q

bench: $(STAMP)
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
