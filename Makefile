# One command each: `make serve` builds the index from corpus/ and serves it on
# http://127.0.0.1:8000; `make test` runs the whole test suite. Both create .venv themselves.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INDEX ?= var/index
PORT ?= 8000

.PHONY: serve index test lint bench clean

$(BIN)/peacesearch: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,bench]'
	touch $@

serve: index
	$(BIN)/peacesearch serve --index $(INDEX) --source corpus --host 127.0.0.1 --port $(PORT)

index: $(BIN)/peacesearch
	$(BIN)/peacesearch index corpus --prune --index $(INDEX)

test: $(BIN)/peacesearch
	$(BIN)/ruff check analyzers indexer search_api tests bench
	$(BIN)/pytest

bench: $(BIN)/peacesearch
	$(BIN)/python -m bench $(NAME)

clean:
	rm -rf var .pytest_cache
