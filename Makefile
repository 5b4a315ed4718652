# Two commands for users (README): `make demo` and `make test`. Both install first; install is idempotent.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
TOOLS := .tools
UV := $(TOOLS)/bin/uv
UV_VERSION := 0.13.9
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: install demo test lint bench bench-load clean

install: $(VENV)/.synced node_modules/.installed var/static/.collected

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

# uv lives in its own small venv: `uv sync` removes from the project venv whatever the lock does not
# list (pip and uv itself), so a uv kept there would be gone by the next change of the lock.
$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/python -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"

$(VENV)/.synced: $(UV) $(VENV)/bin/python uv.lock pyproject.toml
	$(UV) sync --frozen --python $(BIN)/python
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts
	touch $@

var/static/.collected: $(VENV)/.synced node_modules/.installed $(shell find src/edubureau/static -type f 2>/dev/null)
	$(BIN)/edubureau collectstatic --noinput --verbosity 0
	touch $@

demo: install
	$(BIN)/edubureau demo $(DEMO_ARGS)

test: install
	$(BIN)/pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/edubureau makemigrations --check --dry-run

bench: install
	$(BIN)/python benchmarks/import_staff.py
	$(BIN)/python benchmarks/import_lock.py
	$(BIN)/python benchmarks/exam_analysis.py
	$(BIN)/python benchmarks/class_page.py
	$(BIN)/python benchmarks/visit_planner.py

# Load run (issue 16, a few minutes): 50 demo users on a demo county of its own (var/loadbench), on loopback.
# Once that county exists, LOAD_ARGS='--serve "edubureau serve" --think 0 --duration 60' measures the production
# server's saturation on it.
bench-load: install
	EDUBUREAU_VAR=$(CURDIR)/var/loadbench $(BIN)/python benchmarks/load.py --url http://127.0.0.1:8011/ --serve demo $(LOAD_ARGS)

clean:
	rm -rf $(VENV) $(TOOLS) node_modules var/static
