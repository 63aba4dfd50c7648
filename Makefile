# recordsw developer commands. `make run` serves on the embedded default; `make test` is what CI runs.
SWIFT ?= swift
SOURCES := Sources Tests Package.swift

.PHONY: deps build run test test-sqlite invoke fmt lint bench bench-watch soak fuzz lambda-zip lambda-lint aws-interop bench-lambda

# Build dependencies beyond the toolchain (libcurl's headers), installed when missing.
deps:
	@scripts/ensure-build-deps.sh

build: deps
	$(SWIFT) build

run: deps
	$(SWIFT) run recordsw serve

# Every suite; the storage conformance suite runs against SQLite and a throwaway PostgreSQL on loopback.
# A run takes 10-20 minutes here; a hung test ends it at 45 (exit 124) instead of using up CI's time.
test: build lint
	$(SWIFT) build --build-tests
	$(SWIFT) run LocalInvoke --all --check
	scripts/test-postgres.sh timeout --kill-after=1m 45m $(SWIFT) test
	scripts/browser-test.sh

# Without PostgreSQL (the PostgreSQL half of the storage suite is skipped outside CI).
test-sqlite: build
	$(SWIFT) test

invoke:
	$(SWIFT) run LocalInvoke --all --check

fmt:
	$(SWIFT) format --in-place --recursive $(SOURCES)

lint:
	$(SWIFT) format lint --strict --recursive $(SOURCES)

# One table of every figure (docs/benchmarks.md): release build, PostgreSQL and the fake Trackmania
# service on loopback. QUICK=1 takes under 3 minutes after the build.
bench:
	scripts/test-postgres.sh python3 scripts/bench.py $(if $(filter-out 0,$(QUICK)),--quick)
	$(if $(filter-out 0,$(QUICK)),,scripts/bench-push.sh)

# Live watching (issue 23): a simulated world in the fake Trackmania service, the live watcher, a uniform
# sweep and the daily run measured against the square-root optimum (docs/benchmarks.md). QUICK=1: 300
# maps, a simulated day in 60 s. The harness's helpers: python3 -m unittest scripts/test_bench_watch.py
bench-watch:
	scripts/test-postgres.sh python3 scripts/bench-watch.py $(if $(filter-out 0,$(QUICK)),--quick)

# Mixed traffic for SOAK_SECONDS (default 180) with faults: PostgreSQL restarted once, the fake
# Trackmania service failing, a daily run; exits non-zero on a 5xx other than 503 or a lost email.
soak:
	scripts/test-postgres.sh python3 scripts/soak.py

# schemathesis against the served API description on the embedded default (FUZZ_SECONDS, default 180).
fuzz:
	scripts/fuzz.sh

# The AWS Lambda deployment zip (docs/deploy-lambda.md): ARCH=x86_64 (default here) or ARCH=arm64 with SWIFT_SDK.
lambda-zip: deps
	scripts/lambda-package.sh

# cfn-lint over the SAM template (installs cfn-lint into .build/cfn-lint-venv).
lambda-lint:
	scripts/lambda-lint.sh

# SigV4 against botocore, and an SQS round trip through moto on loopback (installs both).
aws-interop:
	scripts/aws-interop-test.sh

# Cold start, warm overhead, RSS after 10,000 invocations and the zip's size (docs/benchmarks.md).
bench-lambda:
	python3 scripts/bench-lambda.py
