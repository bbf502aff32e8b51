# RPPS+ Académie — `make run` serves the platform, `make test` runs the whole suite.
# Every target starts from `setup`, which installs what is missing and nothing more.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 5000
FLASK  := $(BIN)/flask --app webapp
HTMX   := webapp/static/vendor/htmx.min.js

export RPPSPLUS_ENV ?= development
# Python keeps what it compiles (and pytest its rewritten test modules) from one run to the next,
# even where the environment says not to: each test worker then starts about 4 s sooner.
unexport PYTHONDONTWRITEBYTECODE

.PHONY: setup lock run test test-fast bench migrate seed clean

setup: $(VENV)/.installed node_modules/.installed $(HTMX)

# Exact versions with their hashes from requirements.lock (`make lock` refreshes it from
# pyproject.toml), then the project itself, editable, without touching what the lock chose.
$(VENV)/.installed: pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

lock:
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet 'pip-tools>=7.4,<8'
	$(BIN)/pip-compile --quiet --extra test --generate-hashes --allow-unsafe --strip-extras \
		--no-emit-index-url --no-emit-find-links --no-emit-trusted-host \
		--output-file requirements.lock pyproject.toml

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(HTMX): node_modules/.installed
	mkdir -p $(dir $@)
	cp node_modules/htmx.org/dist/htmx.min.js $@

migrate: setup
	$(FLASK) db upgrade

seed: migrate
	$(FLASK) demo seed

# Rate limits count in the worker's memory unless RATELIMIT_STORAGE_URI names a Redis: then one
# worker (with threads) so that a limit counts exactly; with Redis, two workers share the counts.
ifneq ($(filter redis://% rediss://%,$(RATELIMIT_STORAGE_URI)),)
WORKERS ?= 2
else
WORKERS ?= 1
endif

# The mail worker sends the outbox beside gunicorn (never inside a web worker); it stops with it.
run: seed
	$(FLASK) mail worker & worker=$$!; \
	trap 'kill -TERM $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	$(BIN)/gunicorn --bind 127.0.0.1:$(PORT) --workers $(WORKERS) --threads 4 --access-logfile - 'webapp:create_app()'

# The suite's databases and Chromium's profiles go to memory where the machine has a tmpfs:
# SQLite's and Chromium's syncs to disk took a sixth of the web tests' time.
TEST_TMPDIR ?= $(firstword $(wildcard /dev/shm) $(TMPDIR) /tmp)

test: setup
	$(BIN)/ruff check .
	$(FLASK) content check
	TMPDIR=$(TEST_TMPDIR) $(BIN)/python -m pytest -n 2

# wrk (Debian package) loads the server from a second process; the Python client is a fallback.
bench: setup
	command -v wrk >/dev/null 2>&1 || { apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wrk; }
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) node_modules $(dir $(HTMX)) .pytest_cache
