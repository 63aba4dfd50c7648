#!/usr/bin/env bash
# Fuzzes the whole API with schemathesis (PyPI) against the served OpenAPI description:
#   scripts/fuzz.sh            # FUZZ_SECONDS (default 180) of generated requests
#   FUZZ_SECONDS=40 scripts/fuzz.sh   # CI's short run
# The server runs on loopback on the embedded default (a fresh SQLite file) with the demo
# Trackmania world; a signed-in user's token is sent with every request so protected routes are
# reached too. Fails on any 5xx and on any response that contradicts the description.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bench-lib.sh

if ! command -v schemathesis >/dev/null 2>&1; then
    echo "installing schemathesis (pip)" >&2
    python3 -m pip install -q schemathesis >/dev/null
fi

swift build --product recordsw >/dev/null
bin="$(swift build --show-bin-path)"
work="$(mktemp -d "${TMPDIR:-/tmp}/recordsw-fuzz.XXXXXX")"
port="$(free_port)"
server=""
cleanup() {
    [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

HOST=127.0.0.1 PORT="$port" SQLITE_PATH="$work/fuzz.sqlite" JWT_SECRET="fuzz-secret-0123456789abcdef0123456789" \
    TRACKMANIA_DEMO_WORLD="$PWD/Fixtures/trackmania/world.json" NODE_ENV=fuzz LOG_LEVEL=warning \
    DISCORD_API_URL="http://127.0.0.1:9/discord/api" NTFY_URL="http://127.0.0.1:9/ntfy" \
    "$bin/recordsw" serve >"$work/server.log" 2>&1 &
server=$!
wait_up "$port"
base="http://127.0.0.1:$port"

curl -fsS -X POST "$base/api/v1/users/register" -H 'Content-Type: application/json' \
    -d '{"email":"fuzz@example.com","password":"fuzz-password-1","username":"fuzzer"}' >/dev/null
token="$(curl -fsS -X POST "$base/api/v1/users/login" -H 'Content-Type: application/json' \
    -d '{"email":"fuzz@example.com","password":"fuzz-password-1"}' |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')"

status=0
# Logout is left out: with the run's own bearer it would end the session every other operation uses
# (logout revokes the session of an access token), leaving them nothing but 401s to test.
schemathesis run "$base/api/v1/openapi.json" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
    --max-time "${FUZZ_SECONDS:-180}" --workers 2 --request-timeout 20 --seed "${FUZZ_SEED:-20261129}" \
    --generation-database none --generation-with-security-parameters false --no-color \
    --exclude-path /api/v1/users/logout --header "Authorization: Bearer $token" || status=$?

if ! kill -0 "$server" 2>/dev/null; then
    echo "the server died during the fuzz run" >&2
    tail -20 "$work/server.log" >&2
    exit 1
fi
if grep -q '"unexpected error"\|unexpected error' "$work/server.log"; then
    echo "the server logged unexpected errors:" >&2
    grep 'unexpected error' "$work/server.log" | head -5 >&2
    status=1
fi
exit "$status"
