# Two commands: `make demo` (fresh machine → running shop) and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml constraints.txt | cksum | cut -d' ' -f1)

.PHONY: demo test install lint format schema messages bench clean

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit("Python 3.11+ is required") if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -c constraints.txt -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $@

install: $(STAMP)

demo: install
	$(PY) manage.py migrate --noinput
	DJANGO_EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend $(PY) manage.py seed_demo
	$(PY) manage.py runserver 127.0.0.1:8000

test: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DJANGO_ENV=test $(VENV)/bin/mypy
	$(VENV)/bin/lint-imports --no-logo
	DJANGO_ENV=test $(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest

lint: install
	$(VENV)/bin/ruff check .

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

schema: install
	DJANGO_ENV=test $(PY) manage.py graphql_schema --schema config.schema.schema --out schema.graphql

messages: install
	$(PY) manage.py compilemessages --ignore '.venv/*'

bench: install
	mkdir -p var && DATABASE_URL=sqlite:///var/bench.sqlite3 $(PY) bench/catalog.py --products 200 --runs 10

clean:
	rm -rf $(VENV) var db.sqlite3 staticfiles
