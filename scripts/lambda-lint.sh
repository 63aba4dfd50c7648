#!/usr/bin/env bash
# Lints the AWS SAM template with cfn-lint (PyPI), installed into its own virtual environment.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${CFN_LINT_VENV:-.build/cfn-lint-venv}"
PY="$VENV/bin/python"
# A virtual environment when python3 has venv; otherwise the user's site packages (as scripts/fuzz.sh).
if [[ ! -x "$PY" ]] && ! python3 -m venv "$VENV" >/dev/null 2>&1; then PY=python3; fi
echo "installing cfn-lint (pip)" >&2
"$PY" -m pip install -q --disable-pip-version-check cfn-lint >/dev/null
"$PY" -c 'import sys; from cfnlint.runner import main; sys.argv[0] = "cfn-lint"; sys.exit(main())' \
    deploy/lambda/template.yaml
echo "cfn-lint: deploy/lambda/template.yaml passed"
