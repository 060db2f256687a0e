# lambda-dr developer entry points. `make test` is what CI runs (.ci/run); `make demo` shows the tool working.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c

VENV := .venv
PYTHON := $(VENV)/bin/python
# No Docker, no credentials: `validate --lint` is cfn-lint through SAM (the plain cfn-lint run checks the template with
# its own rule set too, in 2 s), `build` runs the Makefiles of the layer and the functions.
SAM := SAM_CLI_TELEMETRY=0 $(VENV)/bin/sam
MVNW := ./mvnw -B --no-transfer-progress
# Each recipe looks the JDK up itself, so that a missing one fails with find-jdk's message.
WITH_JDK := export JAVA_HOME="$$(bin/find-jdk)";
EMULATOR_PORT ?= 4566
BENCH_FUNCTIONS ?= 100
CAMPAIGN_FUNCTIONS ?= 12
CAMPAIGN_SEEDS ?= 1 2 3 4 5
APP_BENCH_ARGS ?= 10 50 50,200 20

.PHONY: setup build test unit-test demo emulator benchmark benchmark-packages benchmark-application fault-campaign clean

## setup: create the project virtualenv with the pinned Python tools (moto, cfn-lint, SAM CLI, pytest)
setup: $(VENV)/.installed

$(VENV)/.installed: requirements.txt
	@command -v python3 >/dev/null || { echo "python3 (3.9 or newer) is needed for the emulator and cfn-lint" >&2; exit 1; }
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

## build: compile and package everything (no tests); bin/lambda-dr runs the result
build: setup
	$(WITH_JDK) $(MVNW) -q -DskipTests install

## test: emulator tests, the SAM application (lint, build, template tests), then unit and integration tests
test: setup
	PYTHONPATH=emulator $(PYTHON) -m pytest -q emulator/tests
	$(VENV)/bin/cfn-lint template.yaml
	$(SAM) validate --lint
	$(SAM) build
	$(PYTHON) -m pytest -q tests/template
	$(WITH_JDK) $(MVNW) install -Demulator.python="$(CURDIR)/$(PYTHON)"

## unit-test: unit tests only (no emulator, no network)
unit-test:
	$(WITH_JDK) $(MVNW) test

## demo: start the emulator, replicate sample functions into two DR regions with the CLI, show status; then run the
## SAM application's flows in-process on it (schedule, change event, commands, a failure alert, redrive)
demo: build
	bin/demo

## emulator: run the local emulator in the foreground on EMULATOR_PORT
emulator: setup
	PYTHONPATH=emulator $(PYTHON) -m lambda_dr_emulator --host 127.0.0.1 --port $(EMULATOR_PORT)

## benchmark: replicate BENCH_FUNCTIONS sample functions into two regions on the emulator, twice, and print figures
benchmark: build
	$(WITH_JDK) "$$JAVA_HOME/bin/java" -Demulator.python="$(CURDIR)/$(PYTHON)" -Demulator.dir="$(CURDIR)/emulator" \
	    -cp "tools/benchmark/target/lambda-dr-benchmark.jar:tools/benchmark/target/lib/*" \
	    io.lambdadr.benchmark.ReplicationBenchmark $(BENCH_FUNCTIONS) $(BENCH_OPTIONS)

## benchmark-packages: peak heap (in a 64 MB heap) while replicating packages of growing size, staged and inline
benchmark-packages: build
	$(WITH_JDK) "$$JAVA_HOME/bin/java" -Xmx64m -XX:+UseSerialGC -Xmn16m -Demulator.python="$(CURDIR)/$(PYTHON)" -Demulator.dir="$(CURDIR)/emulator" \
	    -cp "tools/benchmark/target/lambda-dr-benchmark.jar:tools/benchmark/target/lib/*" \
	    io.lambdadr.benchmark.PackageSizeBenchmark

## benchmark-application: the application's handlers in-process: replication lag (single change, burst) and reconcile cost
benchmark-application: build
	$(WITH_JDK) "$$JAVA_HOME/bin/java" -Demulator.python="$(CURDIR)/$(PYTHON)" -Demulator.dir="$(CURDIR)/emulator" \
	    -cp "tools/benchmark/target/lambda-dr-benchmark.jar:tools/benchmark/target/lib/*" \
	    io.lambdadr.benchmark.ApplicationLagBenchmark $(APP_BENCH_ARGS)

## fault-campaign: seeded fault campaigns (about 20% of calls faulted) over CAMPAIGN_FUNCTIONS functions and CAMPAIGN_SEEDS
fault-campaign: build
	$(WITH_JDK) "$$JAVA_HOME/bin/java" -Demulator.python="$(CURDIR)/$(PYTHON)" -Demulator.dir="$(CURDIR)/emulator" \
	    -cp "tools/benchmark/target/lib/*" \
	    io.lambdadr.testsupport.FaultCampaign $(CAMPAIGN_FUNCTIONS) $(CAMPAIGN_SEEDS)

clean:
	$(WITH_JDK) $(MVNW) -q clean
	rm -rf .aws-sam
