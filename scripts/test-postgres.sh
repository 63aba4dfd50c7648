#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL server:
#   scripts/test-postgres.sh swift test
# initdb into a temp dir, start on 127.0.0.1 at a random free port, export
#   RECORDSW_TEST_POSTGRES_URL  postgres://postgres@127.0.0.1:<port>/postgres (superuser, trust auth)
#   RECORDSW_TEST_POSTGRES_DATA the data directory
# and a second, small server that only the pool-recovery test stops and restarts (stopping the shared
# one would fail every other test running in parallel):
#   RECORDSW_TEST_POSTGRES_RESTART_URL  postgres://postgres@127.0.0.1:<port2>/postgres
#   RECORDSW_TEST_POSTGRES_CTL          a script taking `stop` or `start` for that second server
# run the command, and tear the server down afterwards (also on failure or interrupt).
# Installs Debian's postgresql package when no initdb is found (needs root).
set -euo pipefail

if [ "$#" -eq 0 ]; then
    echo "usage: $0 command [args...]" >&2
    exit 2
fi

find_bindir() {
    local dir
    for dir in /usr/lib/postgresql/*/bin; do
        if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
            echo "$dir"
            return 0
        fi
    done
    return 1
}

BINDIR="$(find_bindir || true)"
if [ -z "$BINDIR" ]; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "PostgreSQL server binaries not found; install Debian's postgresql package" >&2
        exit 1
    fi
    echo "installing postgresql (apt-get)" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    BINDIR="$(find_bindir)"
fi

# initdb refuses to run as root: run the server as the `postgres` system user then.
RUNAS=()
if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    RUNAS=(runuser -u postgres --)
fi

WORKDIR="$(mktemp -d "${TMPDIR:-/tmp}/recordsw-pg.XXXXXX")"
chmod 755 "$WORKDIR"
if [ "$(id -u)" -eq 0 ]; then chown postgres "$WORKDIR"; fi

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null \
        || shuf -i 20000-60000 -n 1
}

# setup_server NAME PORT: initdb into $WORKDIR/NAME and write $WORKDIR/NAME.ctl (stop|start).
setup_server() {
    local name=$1 port=$2 data="$WORKDIR/$1"
    "${RUNAS[@]}" "$BINDIR/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --locale=C >"$WORKDIR/$name-initdb.log" 2>&1 || {
        cat "$WORKDIR/$name-initdb.log" >&2
        exit 1
    }
    cat >"$WORKDIR/$name.ctl" <<CTL
#!/usr/bin/env bash
set -euo pipefail
case "\$1" in
    stop) ${RUNAS[*]} "$BINDIR/pg_ctl" -D "$data" -m fast -w stop >/dev/null ;;
    start) ${RUNAS[*]} "$BINDIR/pg_ctl" -D "$data" -l "$WORKDIR/$name.log" -w \
        -o "-h 127.0.0.1 -p $port -k $WORKDIR -c fsync=off -c max_connections=200" start >/dev/null ;;
    *) echo "usage: \$0 stop|start" >&2; exit 2 ;;
esac
CTL
    chmod 755 "$WORKDIR/$name.ctl"
    "$WORKDIR/$name.ctl" start
}

cleanup() {
    for data in "$WORKDIR/data" "$WORKDIR/restart"; do
        "${RUNAS[@]}" "$BINDIR/pg_ctl" -D "$data" -m immediate stop >/dev/null 2>&1 || true
    done
    rm -rf "$WORKDIR"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

PORT="$(free_port)"
setup_server data "$PORT"
RESTART_PORT="$(free_port)"
setup_server restart "$RESTART_PORT"

export RECORDSW_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$PORT/postgres"
export RECORDSW_TEST_POSTGRES_DATA="$WORKDIR/data"
export RECORDSW_TEST_POSTGRES_RESTART_URL="postgres://postgres@127.0.0.1:$RESTART_PORT/postgres"
export RECORDSW_TEST_POSTGRES_CTL="$WORKDIR/restart.ctl"
echo "PostgreSQL $("$BINDIR/postgres" --version | awk '{print $3}') on 127.0.0.1:$PORT (and :$RESTART_PORT for the restart test)" >&2

status=0
"$@" || status=$?
exit "$status"
