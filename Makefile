# Two entry points, both from a fresh machine with only Python 3.11 and make:
#   make play   installs into .venv and starts the game
#   make test   installs into .venv and runs every check and test
# Both install only from the committed locks in requirements/ (hashes checked);
# `make lock` refreshes them on purpose.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# Installs honour the machine's pip settings (a school proxy or mirror); the
# hashes make sure whatever it serves is exactly what the lock says.
PIP    := $(BIN)/python -m pip --disable-pip-version-check
# The lock is made from the public index alone, never from local wheel folders.
PIPENV := env -u PIP_FIND_LINKS PIP_CONFIG_FILE=/dev/null

.PHONY: play test check lint bench lock clean

# One stamp per lock: the test install is a superset of the play install.
$(VENV)/.play: requirements/play.lock pyproject.toml
	$(MAKE) --no-print-directory install LOCK=requirements/play.lock STAMP=$@

$(VENV)/.test: requirements/test.lock pyproject.toml
	$(MAKE) --no-print-directory install LOCK=requirements/test.lock STAMP=$@

.PHONY: install
install: LOCK ?= requirements/test.lock
install: STAMP ?= $(VENV)/.test
install:
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "Installing from the lock $(LOCK) (hashes checked)"
	$(PIP) install --quiet --require-hashes --no-deps -r $(LOCK)
	$(PIP) install --quiet --no-deps --no-build-isolation --no-index -e .
	$(BIN)/python -m pip check
	rm -f $(VENV)/.play $(VENV)/.test
	touch $(STAMP)

play: $(VENV)/.play
	$(BIN)/kaufhaus play

# Static checks: each one fails the build.
check: $(VENV)/.test
	$(BIN)/ruff check kaufhaus tests benchmarks
	$(BIN)/ruff format --check kaufhaus tests benchmarks
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/kaufhaus check scenes

lint: check

test: check
	$(BIN)/python -m pytest -n 2 --dist loadgroup -q

bench: $(VENV)/.test
	$(BIN)/python benchmarks/run_all.py

# Refresh the locks on purpose (needs the package index); commit the result.
LOCKER := $(VENV)-lock
lock:
	test -x $(LOCKER)/bin/pip-compile || ($(PYTHON) -m venv $(LOCKER) && $(PIPENV) $(LOCKER)/bin/pip install --quiet pip-tools)
	cd requirements && $(PIPENV) $(abspath $(LOCKER))/bin/pip-compile --quiet --upgrade --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links --extra test -o test.lock ../pyproject.toml build.in
	cd requirements && $(PIPENV) $(abspath $(LOCKER))/bin/pip-compile --quiet --upgrade --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links -c test.lock -o play.lock ../pyproject.toml build.in

clean:
	rm -rf $(VENV) $(LOCKER) .pytest_cache .hypothesis .mypy_cache
