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

.PHONY: help setup train run shell test validate bench bench-review measure purge review clean

help:
	@echo "make run    - set up, train if needed, start the assistant (web chat on http://localhost:$${WEB_PORT:-8000})"
	@echo "make test   - set up, validate data, train if needed, run every test"
	@echo "make shell  - chat in the terminal"
	@echo "make train  - train the model (skipped when data and config are unchanged)"
	@echo "make bench  - benchmark against a stock 'rasa init' bot (results/bench.md)"
	@echo "make review - list the user messages the assistant handled badly; EXPORT=path.yml also writes them as NLU candidates"
	@echo "make bench-review - time 'make review' on 100,000 generated conversations (BENCH_ARGS=--postgresql for PostgreSQL)"
	@echo "make measure CORPUS=sealed_11 - measure understanding on one corpus of tests/corpus/ (results/understanding/)"
	@echo "make purge  - delete stored conversations older than RETENTION_DAYS (default 30; also done at every start)"
	@echo "make clean  - remove generated files (.venv, models, node_modules, results, databases)"

setup:
	@scripts/setup.sh

TRAINING_INPUTS := config.yml domain.yml $(wildcard data/*.yml data/nlu/*.yml)

# Trains only when the data, domain or config is newer than the model; Rasa's
# own cache (.rasa/) then retrains only the components whose inputs changed.
$(MODEL): $(TRAINING_INPUTS) | setup
	@echo "==> Training (about 20 seconds)"
	@$(RASA) train --fixed-model-name leg-twitch --out models --quiet
	@touch $(MODEL)

train: setup $(MODEL)

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

measure: train
	@test -n "$(CORPUS)" || { echo "Say which corpus: make measure CORPUS=sealed_11" >&2; exit 2; }
	@$(VENV)/bin/python -m benchmarks.understanding $(CORPUS)

bench-review: setup
	@$(VENV)/bin/python -m benchmarks.review $(BENCH_ARGS)

# Reads the tracker store of the endpoints file the assistant runs with (README, "Understanding").
review: setup
	@TRACKER_DB=$${TRACKER_DB:-$$PWD/conversations.db} ACTION_ENDPOINT_URL=$${ACTION_ENDPOINT_URL:-unused} \
	  $(VENV)/bin/python scripts/review_conversations.py $${RASA_ENDPOINTS:-endpoints.yml} $(if $(EXPORT),--export "$(EXPORT)")

purge: setup
	@TRACKER_DB=$${TRACKER_DB:-$$PWD/conversations.db} ACTION_ENDPOINT_URL=$${ACTION_ENDPOINT_URL:-unused} \
	  $(VENV)/bin/python scripts/purge_conversations.py $${RASA_ENDPOINTS:-endpoints.yml}

clean:
	rm -rf $(VENV) .venv-pure models results .bench webchat/node_modules .rasa *.db *.db-wal *.db-shm .pytest_cache .hypothesis
