# The two commands: `make run` (demo on embedded defaults) and `make test` (the whole suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export DJANGO_SETTINGS_MODULE := config.settings

.PHONY: run test install lint messages mutants lock

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Every dependency pinned with its hashes (requirements/dev.txt, made by `make lock` from pyproject.toml): an install
# gets exactly the files the project was tested with, or fails.
$(VENV)/.installed: requirements/dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements/dev.txt
	touch $@

install: $(VENV)/.installed

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo --scale small --accounts-json var/demo-accounts.json
	@echo ""
	@echo "Tuyên giáo: http://127.0.0.1:$(PORT)/  (admin: http://127.0.0.1:$(PORT)/admin/)"
	@echo "Sent emails are written as files to var/mail/ (reminders go out at each beat tick, every 5 minutes);"
	@echo "the demo accounts are in var/demo-accounts.json."
	@echo ""
	@trap 'kill 0' INT TERM; \
	$(BIN)/celery -A config worker --loglevel=INFO --concurrency=2 & \
	$(BIN)/celery -A config beat --loglevel=INFO & \
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT); \
	kill 0

test: install
	$(BIN)/python -m pytest -n auto --dist loadfile $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# After a change to the dependencies in pyproject.toml: pin them again, with their hashes (pip-tools).
LOCK := $(BIN)/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe --no-emit-index-url --no-emit-find-links
lock: install
	$(LOCK) -o requirements/base.txt pyproject.toml
	$(LOCK) --extra dev -o requirements/dev.txt pyproject.toml

messages: install
	$(BIN)/python manage.py makemessages -l vi --no-location --no-obsolete -i ".venv/*" -i "var/*" -i "tests/*" -i "mutants/*"
	$(BIN)/python manage.py compilemessages -l vi --ignore ".venv/*"

# Mutation testing of the critical modules (pyproject.toml, [tool.mutmut]) on PostgreSQL and Redis; hours, not in CI.
# Runs the mutants the ledger (bench/mutants-ledger.json) has no kill for, records the verdicts there and prints the
# score; stopped part-way, `python bench/mutants.py record` keeps what was done. MUTANTS="committees.scoping*" runs
# only the mutants whose names match. MUTANT_CHILDREN run side by side, each on a copy of a database migrated once.
MUTANTS_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/tuyengiao_mutants
MUTANT_CHILDREN ?= 2
mutants: install
	$(BIN)/python bench/mutants.py drop-test-databases "$(MUTANTS_DATABASE_URL)"
	set -f; names="$${MUTANTS:-$$($(BIN)/python bench/mutants.py pending)}"; [ -z "$$names" ] || { \
	MUTANTS_TEMPLATE_DATABASE=$$($(BIN)/python bench/mutants.py template "$(MUTANTS_DATABASE_URL)") && \
	DATABASE_URL="$(MUTANTS_DATABASE_URL)" REDIS_URL="$${REDIS_URL:-redis://127.0.0.1:6379/0}" REQUIRE_SERVICES=1 \
	MUTANTS_TEMPLATE_DATABASE="$$MUTANTS_TEMPLATE_DATABASE" $(BIN)/mutmut run --max-children $(MUTANT_CHILDREN) $$names; }
	$(BIN)/python bench/mutants.py record
	$(BIN)/python bench/mutants.py score
