# make run: the explorer on the bundled universe (make run UNIVERSE=path/to/folder PORT=8600 for
# any other). make test: the whole test suite.
# Both set everything up on a fresh machine (Python 3.11; root for apt-get).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CHROMIUM ?= /usr/bin/chromium
UNIVERSE ?=
PORT ?= 8501

.PHONY: run test bench check browser screenshots clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

# Debian's chromium for the real-browser tests (Playwright cannot download its own here).
browser:
	@test -x $(CHROMIUM) || (apt-get update -qq && apt-get install -y -qq chromium >/dev/null)

run: $(STAMP)
	$(BIN)/universe serve $(UNIVERSE) --port $(PORT)

check: $(STAMP)
	$(BIN)/universe check

test: $(STAMP) browser
	$(BIN)/python -m pytest

# The README's screenshots (docs/screenshots/), with Noto CJK so that names written in Korean,
# Chinese or Japanese are drawn as letters, not boxes.
screenshots: $(STAMP) browser
	@fc-list 2>/dev/null | grep -q "Noto Sans CJK" || (apt-get update -qq && apt-get install -y -qq fonts-noto-cjk >/dev/null)
	$(BIN)/python scripts/screenshots.py

bench: $(STAMP)
	$(BIN)/python -m benchmarks.core
	$(BIN)/python -m benchmarks.scale

clean:
	rm -rf $(VENV) .pytest_cache
