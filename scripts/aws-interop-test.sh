#!/usr/bin/env bash
# AWS interoperability (docs/deploy-lambda.md): recordsw's Signature Version 4 against botocore's for a
# set of requests at a fixed time, then a round trip through moto's SQS emulator on loopback: a
# map-search job sent by recordsw (MAP_SEARCH_QUEUE_URL) is received from the queue and run by the
# worker path (an SQS event through `recordsw lambda invoke`) to completion. Installs botocore and
# moto[server] into its own virtual environment; nothing reaches the internet but PyPI.
set -euo pipefail
cd "$(dirname "$0")/.."
SWIFT="${SWIFT:-swift}"
VENV="${AWS_INTEROP_VENV:-.build/aws-interop-venv}"
PY="$VENV/bin/python"
# A virtual environment when python3 has venv; otherwise the user's site packages (as scripts/fuzz.sh).
if [[ ! -x "$PY" ]] && ! python3 -m venv "$VENV" >/dev/null 2>&1; then PY=python3; fi
echo "installing botocore and moto[server] (pip)" >&2
"$PY" -m pip install -q --disable-pip-version-check botocore 'moto[server]' >/dev/null
# The test configuration (what `make test` builds), so nothing is rebuilt in another configuration.
"$SWIFT" build --build-tests >/dev/null
BIN="$("$SWIFT" build --build-tests --show-bin-path)"
exec "$PY" scripts/aws_interop.py --bin "$BIN"
