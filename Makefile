# recordsw developer commands. `make run` serves on the embedded default; `make test` is what CI runs.
SWIFT ?= swift
SOURCES := Sources Tests Package.swift

.PHONY: build run test invoke fmt lint

build:
	$(SWIFT) build

run:
	$(SWIFT) run recordsw serve

test: build lint
	$(SWIFT) build --build-tests
	$(SWIFT) run LocalInvoke --all --check
	$(SWIFT) test

invoke:
	$(SWIFT) run LocalInvoke --all --check

fmt:
	$(SWIFT) format --in-place --recursive $(SOURCES)

lint:
	$(SWIFT) format lint --strict --recursive $(SOURCES)
