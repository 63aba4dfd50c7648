#!/usr/bin/env bash
# Installs what building needs beyond the Swift toolchain: libcurl's headers for the Mailer target
# (Debian's libcurl4-openssl-dev). `make run`, `make build` and `make test` call it, so the README's
# two commands work on a fresh machine.
set -euo pipefail
if [[ -f /usr/include/curl/curl.h ]] || compgen -G "/usr/include/*/curl/curl.h" >/dev/null; then
    exit 0
fi
if [[ "$(id -u)" -ne 0 ]]; then
    echo "libcurl's headers are missing: run 'sudo apt-get install libcurl4-openssl-dev'" >&2
    exit 1
fi
echo "installing libcurl4-openssl-dev (apt-get)" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends libcurl4-openssl-dev >/dev/null
