# The two set-up commands of the README:
#   make build   create .venv, install tcgc, run `tcgc build spec/`
#   make test    create .venv, install tcgc with its test extras, run ruff and the whole test suite
# `make bench` measures the classic engine (see README, Performance).

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# the conformance harness's npm packages (pinned in tools/showdown/package-lock.json)
NODE_DEPS := tools/showdown/node_modules/.installed

.PHONY: build test lint bench clean

build: $(VENV)/.installed
	$(BIN)/tcgc build spec/

test: $(VENV)/.installed-test $(NODE_DEPS)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest -q

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .

bench: $(VENV)/.installed
	$(BIN)/tcgc bench --engine tcg-classic --json

$(VENV)/.created:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	touch $@

$(VENV)/.installed: pyproject.toml $(VENV)/.created
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.created
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

$(NODE_DEPS): tools/showdown/package.json tools/showdown/package-lock.json
	npm ci --prefix tools/showdown --no-audit --no-fund --ignore-scripts --omit=optional
	touch $@

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis .jax_cache tools/showdown/node_modules
