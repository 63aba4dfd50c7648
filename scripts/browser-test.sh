#!/usr/bin/env bash
# The preference page in a real browser: Debian's headless Chromium (installed with apt-get when
# missing) loads a seeded player's page from `recordsw serve` on a fresh SQLite store, fills and
# submits the digest form, and the stored result is checked in the database. The same server serves
# a small built single-page app (FRONTEND_DIR, Tests/HTTPAdapterTests/BuiltApp): Chromium opens a deep
# link of it and its script must reach /health through the same origin. Screenshots are kept in
# .build/test-output/ (preferences-page.png, new-link-page.png: the fresh-link form, frontend.png).
# Three players' next digests (mapper and driver, driver only, 100 records), seeded into the store and
# rendered by `recordsw digest preview --html`, are opened at 375 and 900 px (and 375 px dark) and kept
# as digest-*.png. Nothing leaves loopback.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bench-lib.sh

chromium="$(command -v chromium || true)"
if [ -z "$chromium" ]; then
    echo "installing chromium (apt-get)" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >/dev/null
    apt-get install -y -q --no-install-recommends chromium fonts-dejavu-core >/dev/null
    chromium="$(command -v chromium)"
fi
# The digest's medals and the preference page's icons are emoji: without a colour emoji font the
# screenshots show empty boxes where every mail client shows the emoji.
if ! fc-list 2>/dev/null | grep -qi 'emoji'; then
    echo "installing fonts-noto-color-emoji (apt-get)" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends fonts-noto-color-emoji >/dev/null \
        || echo "no emoji font: screenshots show boxes for emoji" >&2
fi

swift build --product recordsw >/dev/null
bin="$(swift build --show-bin-path)"
out=".build/test-output"
mkdir -p "$out"
work="$(mktemp -d "${TMPDIR:-/tmp}/recordsw-browser.XXXXXX")"
port="$(free_port)"
server=""
cleanup() {
    [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

export HOST=127.0.0.1 PORT="$port" SQLITE_PATH="$work/browser.sqlite" NODE_ENV=test LOG_LEVEL=warning \
    JWT_SECRET="browser-test-secret-0123456789abcdef" PUBLIC_BASE_URL="http://127.0.0.1:$port" \
    TRACKMANIA_DEMO_WORLD="$PWD/Fixtures/trackmania/world.json" MAIL_OUTBOX_DIR="$work/outbox" \
    FRONTEND_DIR="$PWD/Tests/HTTPAdapterTests/BuiltApp"
# Push posts (a channel's test) go to a closed loopback port: nothing in tests leaves the machine.
export DISCORD_API_URL="http://127.0.0.1:9/discord/api" NTFY_URL="http://127.0.0.1:9/ntfy"
"$bin/recordsw" serve >"$work/server.log" 2>&1 &
server=$!
wait_up "$port"
base="http://127.0.0.1:$port"
curl -fsS -X POST "$base/api/v1/users/register" -H 'Content-Type: application/json' \
    -d '{"email":"player@example.com","password":"browser-password-1","username":"player"}' >/dev/null
link="$("$bin/recordsw" preferences-link --email player@example.com)"

python3 scripts/browser-test.py "$chromium" "$link" "$out/preferences-page.png"

# What the browser saved is what the store holds: paused, Paris, mapper records + personal bests (1 + 4).
stored="$(python3 - "$SQLITE_PATH" <<'PY'
import sqlite3, sys
row = sqlite3.connect(sys.argv[1]).execute(
    "SELECT p.digest_paused, p.time_zone, p.email_news FROM user_preferences p "
    "JOIN users u ON u.id = p.user_id WHERE u.email = 'player@example.com'").fetchone()
print(row)
PY
)"
if [ "$stored" != "(1, 'Europe/Paris', 5)" ]; then
    echo "browser test FAILED: stored preferences are $stored" >&2
    exit 1
fi
# The one-click unsubscribe of the same link answers without a page, idempotently.
for _ in 1 2; do
    curl -fsS -X POST "${link}/unsubscribe" -H 'Content-Type: application/x-www-form-urlencoded' \
        -d 'List-Unsubscribe=One-Click' | grep -q 'Unsubscribed'
done

python3 scripts/browser-test.py --frontend "$chromium" "$base" "$out/frontend.png"
# Hashed assets are kept for a year, the page is revalidated, the API's paths stay the API's.
curl -fsSI "$base/assets/index-D8k2Lq9x.js" | grep -qi '^cache-control: public, max-age=31536000, immutable'
curl -fsSI "$base/" | grep -qi '^cache-control: no-cache'
[ "$(curl -sS "$base/api/v1/nothing")" = '{"error":"Not found"}' ]
# The digest as mail clients show it: three players' pending items, their next digests rendered by
# the preview command (which changes nothing), each opened at a phone's and a desktop's width.
python3 scripts/browser-digests.py "$SQLITE_PATH"
for who in ann dan busy; do
    "$bin/recordsw" digest preview --user "$who@example.com" --html "$work/digest-$who.html" >/dev/null
done
python3 scripts/browser-test.py --digest "$chromium" "$work/digest-ann.html" "$out/digest-mapper-driver" \
    "Hello ann," "You were passed on 1 map" "Red Racer" "secret" "Leaderboard on trackmania.io" "Trackmania Exchange"
python3 scripts/browser-test.py --digest "$chromium" "$work/digest-dan.html" "$out/digest-driver" \
    "Hello dan," "You were passed on 2 maps" "faster than you"
python3 scripts/browser-test.py --digest "$chromium" "$work/digest-busy.html" "$out/digest-100-records" \
    "Hello busy," "100 new records on 10 of your maps" "Busy map 10"
pending="$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT COUNT(*) FROM digest_items WHERE delivered_at IS NULL").fetchone()[0])' "$SQLITE_PATH")"
if [ "$pending" != "135" ]; then
    echo "browser test FAILED: the previews changed the pending items ($pending left)" >&2
    exit 1
fi
echo "browser test: stored $stored; screenshots $out/preferences-page.png, $out/frontend.png, $out/digest-*.png"
