# recordsw developer commands. `make run` serves on the embedded default; `make test` is what CI runs.
SWIFT ?= swift
SOURCES := Sources Tests Package.swift

.PHONY: deps build run test test-sqlite invoke fmt lint bench fuzz

# Build dependencies beyond the toolchain (libcurl's headers), installed when missing.
deps:
	@scripts/ensure-build-deps.sh

build: deps
	$(SWIFT) build

run: deps
	$(SWIFT) run recordsw serve

# Every suite; the storage conformance suite runs against SQLite and a throwaway PostgreSQL on loopback.
test: build lint
	$(SWIFT) build --build-tests
	$(SWIFT) run LocalInvoke --all --check
	scripts/test-postgres.sh $(SWIFT) test

# Without PostgreSQL (the PostgreSQL half of the storage suite is skipped outside CI).
test-sqlite: build
	$(SWIFT) test

invoke:
	$(SWIFT) run LocalInvoke --all --check

fmt:
	$(SWIFT) format --in-place --recursive $(SOURCES)

lint:
	$(SWIFT) format lint --strict --recursive $(SOURCES)

bench:
	scripts/bench-health.sh
	scripts/test-postgres.sh scripts/bench-accounts.sh
	scripts/test-postgres.sh scripts/bench-watching.sh
	scripts/test-postgres.sh scripts/bench-admin.sh
	scripts/bench-daily.sh
	scripts/bench-metrics.sh
	scripts/bench-push.sh

# schemathesis against the served API description on the embedded default (FUZZ_SECONDS, default 180).
fuzz:
	scripts/fuzz.sh
