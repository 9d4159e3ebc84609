# Headache-screening bot: every project command. README's commands are these targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON_VERSION := $(shell cat .python-version)
VENV := .venv
BIN := $(VENV)/bin
FHIR_VENV := .venv-fhir
PY := $(BIN)/python
RASA := $(BIN)/rasa
MODEL := models/screening.tar.gz
TRAINING_INPUTS := config.yml domain.yml $(shell find data bot/nlu -type f \( -name '*.yml' -o -name '*.yaml' -o -name '*.json' -o -name '*.jsonl' -o -name '*.py' \) 2>/dev/null)

export RASA_TELEMETRY_ENABLED := false
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
export TF_CPP_MIN_LOG_LEVEL := 2
export PYTHONPATH := $(CURDIR)

.PHONY: help install run shell admin train test test-unit robustness lint validate clean lock \
	lock-fhir

help: ## list the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

install: $(VENV)/.installed $(FHIR_VENV)/.installed ## create .venv and .venv-fhir with the pinned dependencies

$(VENV)/.installed: requirements.txt scripts/make_venv.sh scripts/install_chromium.sh \
		package.json package-lock.json scripts/install_node_packages.sh scripts/apt_install.sh
	@scripts/make_venv.sh "$(PYTHON_VERSION)" "$(VENV)"
	@scripts/install_chromium.sh
	@scripts/install_node_packages.sh
	@touch $@

# The FHIR export's own environment (bot/fhir: fhir.resources needs pydantic 2).
$(FHIR_VENV)/.installed: requirements-fhir.txt scripts/make_fhir_venv.sh .python-version
	@scripts/make_fhir_venv.sh "$(PYTHON_VERSION)" "$(FHIR_VENV)"
	@touch $@

train: $(MODEL) ## train the model if data, config or NLU code changed since the last training

$(MODEL): $(VENV)/.installed $(TRAINING_INPUTS)
	$(RASA) train --fixed-model-name screening --out models
	@touch $@

run: install train ## start the bot (Rasa, actions, web chat, staff app) on localhost
	$(PY) -m bot run

shell: install train ## chat with the bot in the terminal
	$(PY) -m bot shell

admin: install ## create a staff admin account: make admin NAME=alice
	$(PY) -m bot create-admin $(NAME)

lint: install ## static checks: ruff lint and format, mypy (strict on bot/screening, bot/dialogue)
	$(BIN)/ruff check bot actions tests scripts bench
	$(BIN)/ruff format --check bot actions tests scripts bench
	$(BIN)/mypy

validate: install ## check Rasa's training data and domain
	$(RASA) data validate --fail-on-warnings

test: lint validate train ## run the whole test suite
	$(PY) -m pytest
	$(RASA) test core --model $(MODEL) --stories tests/test_stories.yml \
		--fail-on-prediction-errors --out results/stories

# The tiers are pytest markers (tests/conftest.py); `make test` runs them all.
test-unit: install ## the unit tests, while working: no services, no model, under a minute
	@time $(PY) -m pytest -m unit -n 2 --dist worksteal -q

.PHONY: eval-nlu bench-nlu bench

eval-nlu: install train ## score the NLU on held-out data: figures, targets, intent confusion PNG
	$(PY) -m bot.nlu.evaluate --model $(MODEL) --out results/nlu

# The NLU before issue 15 (blind-set work); bench-nlu compares against it in the same
# run; NLU_BASELINE= turns it off.
NLU_BASELINE ?= 53b509a

bench-nlu: install train ## /model/parse latency against the stock `rasa init` bot and commit NLU_BASELINE
	$(PY) bench/nlu_latency.py --model $(MODEL) $(if $(NLU_BASELINE),--baseline $(NLU_BASELINE))

bench: install train ## turn latency, throughput and memory under load, against the stock bot
	$(PY) bench/load.py $(BENCH_ARGS)

robustness: install train ## hostile input, outages and log privacy against a running bot
	$(PY) -m pytest tests/robustness

lock: install ## regenerate requirements.txt from requirements.in
	$(BIN)/pip install -r requirements.in
	$(BIN)/pip check
	{ echo "# Generated from requirements.in by 'make lock'; do not edit by hand."; \
	  $(BIN)/pip freeze --exclude-editable | grep -v -E '^(pip|setuptools|wheel)=='; } > requirements.txt

lock-fhir: $(FHIR_VENV)/.installed ## regenerate requirements-fhir.txt from requirements-fhir.in
	$(FHIR_VENV)/bin/pip install -r requirements-fhir.in
	$(FHIR_VENV)/bin/pip check
	{ echo "# Generated from requirements-fhir.in by 'make lock-fhir'; do not edit by hand."; \
	  $(FHIR_VENV)/bin/pip freeze --exclude-editable | grep -v -E '^(pip|setuptools|wheel)=='; } > requirements-fhir.txt

clean: ## remove the venvs, node packages, trained models and local databases
	rm -rf $(VENV) $(FHIR_VENV) node_modules models var .pytest_cache .rasa
