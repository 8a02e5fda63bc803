# make run   set everything up and serve http://127.0.0.1:8000 with demo content
# make test  set everything up and run the whole test suite against real PostgreSQL
# make lint  ruff check and ruff format --check
# Without DATABASE_URL both start an embedded PostgreSQL 18 under var/ (newsroom/embedded_db.py).

VENV := .venv
PY := $(VENV)/bin/python
# The whole dependency set, pinned with hashes (pyproject.toml keeps the ranges; `make lock`).
LOCK := requirements.lock
STAMP := $(VENV)/.installed-$(shell cksum $(LOCK) | cut -d' ' -f1)
WITH_DB := $(PY) -m newsroom.embedded_db
HOST ?= 127.0.0.1
PORT ?= 8000
TEST_ENV := DEBUG=0 SECRET_KEY=test-only-not-secret ALLOWED_HOSTS=testserver,localhost,127.0.0.1 \
	CONTENT_STATE_LISTENER=0

BENCH_ARTICLES ?= 100000
BENCH_SECONDS ?= 10
BENCH_DB ?= newsroom_bench
BENCH_ENV := DEBUG=0 SECRET_KEY=bench-only-not-secret ALLOWED_HOSTS=localhost,127.0.0.1 \
	EMBEDDED_DB_NAME=$(BENCH_DB) MEDIA_ROOT=var/bench/media STATIC_ROOT=var/bench/static

.PHONY: run test lint lock format setup messages node_modules bench bench-images serve-prod faults import backup restore clean

$(PY):
	@python=$$(bin/find-python) || exit 1; \
	echo "Creating $(VENV) with $$python"; \
	"$$python" -m venv $(VENV)

$(STAMP): $(LOCK) | $(PY)
	$(PY) -m pip install --quiet --require-hashes --no-deps -r $(LOCK)
	rm -f $(VENV)/.installed-*
	touch $@

# Upgrading is a deliberate commit: `make lock` resolves pyproject.toml's ranges anew (with
# UPGRADE=1 to the newest releases), then run `make test` and commit requirements.lock.
lock: $(STAMP)
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev --generate-hashes --universal \
		--python-version 3.12 --quiet $(if $(UPGRADE),--upgrade) -o $(LOCK)

# Test tools from npm (axe-core, the Nu Html Checker's vnu.jar), pinned in package-lock.json.
# Reinstalled when the lock file is newer than npm's record of the last install. Scripts are
# not run: vnu-jar's would fetch a Java runtime, and the machine's Java 17 is used instead.
NODE_STAMP := node_modules/.package-lock.json

$(NODE_STAMP): package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "npm is needed for the test tools (apt-get install npm)"; exit 1; }
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

node_modules: $(NODE_STAMP)

setup: $(STAMP) messages node_modules

messages: $(STAMP)
	@if ls locale/*/LC_MESSAGES/django.po >/dev/null 2>&1; then \
		DEBUG=1 DATABASE_URL=postgres://unused/unused $(PY) manage.py compilemessages --verbosity 0; fi

run: setup
	DEBUG=$${DEBUG:-1} $(WITH_DB) sh -c '\
		$(PY) manage.py migrate --noinput && \
		$(PY) manage.py load_demo --once && \
		$(PY) manage.py ensure_editor && \
		exec $(PY) manage.py runserver $(HOST):$(PORT)'

test: setup
	$(TEST_ENV) $(WITH_DB) sh -c '\
		$(PY) manage.py collectstatic --noinput --verbosity 0 && \
		exec $(PY) -m pytest $(PYTEST_ARGS)'

# make bench [BENCH_ARTICLES=100000] [BENCH_SECONDS=10] [BENCH_DB=newsroom_bench]
bench: setup
	@for tool in /usr/sbin/nginx wrk; do command -v $$tool >/dev/null 2>&1 || { \
		echo "make bench needs nginx and wrk: apt-get install -y nginx-light wrk"; exit 1; }; done
	$(BENCH_ENV) $(WITH_DB) sh -c '\
		$(PY) manage.py migrate --noinput --verbosity 0 && \
		$(PY) manage.py collectstatic --noinput --verbosity 0 && \
		$(PY) -m bench.generate $(BENCH_ARTICLES) --top-up && \
		$(PY) manage.py render_stories --workers $$(nproc) && \
		$(PY) -m bench.admin && \
		$(PY) -m bench.search && \
		exec $(PY) -m bench.http --seconds $(BENCH_SECONDS)'

# Renditions of a 24-megapixel photo (time, CPU, bytes) and a phone's page weight; writes
# nothing to the database it uses (bench/images.py).
bench-images: setup
	$(BENCH_ENV) EMBEDDED_DB_NAME=newsroom_bench_images $(WITH_DB) sh -c '\
		$(PY) manage.py migrate --noinput --verbosity 0 && \
		$(PY) manage.py collectstatic --noinput --verbosity 0 && \
		exec $(PY) -m bench.images'

# gunicorn behind nginx on http://127.0.0.1:8080, DEBUG off (deploy/serve.py); Ctrl-C stops.
serve-prod: setup
	$(WITH_DB) $(PY) -m deploy.serve

faults: setup
	$(PY) -m scripts.faults $(FAULTS_ARGS)

# make import FILES="../shared/seeds/ drop/*.txt" [IMPORT_ARGS="--section welt"]: wire copy
# into the development database (DEBUG on unless set, as for make run), migrated first.
import: setup
	@test -n "$(FILES)" || { echo 'usage: make import FILES="folder-or-files" [IMPORT_ARGS="--section welt"]'; exit 2; }
	DEBUG=$${DEBUG:-1} $(WITH_DB) sh -c '\
		$(PY) manage.py migrate --noinput --verbosity 0 && \
		exec $(PY) manage.py import_story $(FILES) $(IMPORT_ARGS)'

backup: setup
	$(WITH_DB) $(PY) -m newsroom.backup create

restore: setup
	@test -n "$(FILE)" || { echo "usage: make restore FILE=var/backups/newsroom-..."; exit 2; }
	$(WITH_DB) $(PY) -m newsroom.backup restore "$(FILE)"

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) var
