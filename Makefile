# The two commands: `make run` and `make test`. Each does its own set-up.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
RASA := $(VENV)/bin/rasa
MODEL := models/leg-twitch.tar.gz

export RASA_TELEMETRY_ENABLED := false
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
export TF_CPP_MIN_LOG_LEVEL := 2
export PYTHONWARNINGS := ignore

.PHONY: help setup train run shell test test-unit validate bench clean

help:
	@echo "make run    - set up, train if needed, start the assistant (web chat on http://localhost:$${WEB_PORT:-8000})"
	@echo "make test   - set up, validate data, train if needed, run every test"
	@echo "make shell  - chat in the terminal"
	@echo "make train  - train the model (skipped when data and config are unchanged)"
	@echo "make bench  - benchmark against a stock 'rasa init' bot (results/bench.md)"
	@echo "make clean  - remove generated files (.venv, models, node_modules, results, databases)"

setup:
	@scripts/setup.sh

# Rasa's own fingerprinting skips training when data, domain and config are unchanged.
train: setup
	@echo "==> Training (skipped when nothing changed; about 20 seconds otherwise)"
	@$(RASA) train --fixed-model-name leg-twitch --out models --quiet 2>&1 | grep -v "it/s\]" || true
	@test -f $(MODEL) || { echo "Training failed: no model at $(MODEL)"; exit 1; }

run: train
	@scripts/run.sh

shell: train
	@scripts/run.sh --shell

validate: setup
	@$(VENV)/bin/python scripts/validate_data.py

test: train
	@scripts/test.sh

bench: train
	@$(VENV)/bin/python -m benchmarks.run $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .venv-pure models results .bench webchat/node_modules .rasa *.db .pytest_cache .hypothesis
