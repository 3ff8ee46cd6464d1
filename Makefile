# The two commands of the README: `make demo` and `make test`. Both set everything up first.
VENV := .venv
BIN := $(VENV)/bin
HOME_DIR ?= govinspect-data

.PHONY: setup demo test lint typecheck unit bench docs clean

$(VENV)/.setup-done: pyproject.toml scripts/setup.sh
	bash scripts/setup.sh
	touch $@

setup: $(VENV)/.setup-done

demo: setup
	$(BIN)/govinspect --home $(HOME_DIR) demo
	@echo ""
	@echo "网页端 / web application on the demo store:"
	@echo "  $(BIN)/govinspect --home $(HOME_DIR) user add admin --role admin   # once: the first account"
	@echo "  $(BIN)/govinspect --home $(HOME_DIR) serve                        # then open http://127.0.0.1:8000/"

lint: setup
	$(BIN)/ruff check src tests benchmarks

typecheck: setup
	$(BIN)/mypy

unit: setup
	$(BIN)/pytest -q -p no:cacheprovider

test: lint typecheck unit

bench: setup
	$(BIN)/python benchmarks/run.py $(BENCH_ARGS)

docs: setup
	$(BIN)/govinspect rules --docs docs/rules

clean:
	rm -rf $(VENV) $(HOME_DIR) .pytest_cache .mypy_cache .ruff_cache
