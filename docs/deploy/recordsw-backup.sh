#!/bin/sh
# /opt/recordsw/bin/recordsw-backup: one backup of recordsw's database, checked, with old ones pruned.
# Run by recordsw-backup.service (docs/deploy.md, section 8) with the server's settings in its
# environment; by hand: sudo systemctl start recordsw-backup.service
#
# PostgreSQL (DATABASE_URL or NEON_DB_CONNECTION_STRING): pg_dump --format=custom, then
# pg_restore --list must read it. SQLite (otherwise, SQLITE_PATH): the online .backup, then
# PRAGMA integrity_check must say ok. Keeps KEEP_DAILY days of backups (default 14) and the one
# of the first of each month for KEEP_MONTHLY_DAYS (default 190).
set -eu

dir="${BACKUP_DIR:-/var/backups/recordsw}"
keep_daily="${KEEP_DAILY:-14}"
keep_monthly="${KEEP_MONTHLY_DAYS:-190}"
day="$(date -u +%F)"
url="${NEON_DB_CONNECTION_STRING:-${DATABASE_URL:-}}"
umask 077
mkdir -p "$dir"

if [ -n "$url" ]; then
    file="$dir/recordsw-$day.dump"
    pg_dump --format=custom --no-owner --file="$file.partial" "$url"
    pg_restore --list "$file.partial" >/dev/null
else
    file="$dir/recordsw-$day.sqlite"
    sqlite3 "${SQLITE_PATH:-var/recordsw.sqlite}" ".backup '$file.partial'"
    [ "$(sqlite3 "$file.partial" 'PRAGMA integrity_check;')" = ok ]
fi
# Only a checked backup takes the day's name.
mv "$file.partial" "$file"
echo "backup written: $file ($(du -h "$file" | cut -f1))"

# Daily backups older than KEEP_DAILY days go, except those of the first of a month, which go
# after KEEP_MONTHLY_DAYS.
find "$dir" -maxdepth 1 -name 'recordsw-*' ! -name 'recordsw-*-01.*' -mtime +"$keep_daily" -print -delete
find "$dir" -maxdepth 1 -name 'recordsw-*-01.*' -mtime +"$keep_monthly" -print -delete
find "$dir" -maxdepth 1 -name '*.partial' -mtime +1 -delete
