.PHONY: build test test-sqlite test-postgres format

build:
	swift build

# Every suite; the storage conformance suite runs against SQLite and a throwaway PostgreSQL.
test:
	scripts/test-postgres.sh swift test

# Without PostgreSQL (the PostgreSQL half of the storage suite is skipped outside CI).
test-sqlite:
	swift test

test-postgres: test

format:
	swift format --in-place --recursive Sources Tests
