#!/bin/bash
# Invalid UTF-8 from the server (RELIABILITY T06): a session in a LATIN1 database runs a query
# holding "é" (byte 0xE9), and pg_stat_activity hands that byte on unconverted to a UTF-8 client.
# --once health shows the session, with U+FFFD where the byte was, no raw 0xE9 in the output,
# and the rest of the row in its columns.
set -u
. "$(dirname "$0")/../lib.sh"
need_fixture "$@"

bin="$top_builddir/salondesk"
db=sd_latin1
app=sdl-$$
bg=
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sd-enc.XXXXXX")
cleanup() {
    [ -n "$bg" ] && kill "$bg" 2>/dev/null
    psql_fixture "select pg_terminate_backend(pid) from pg_stat_activity where application_name = '$app'" >/dev/null 2>&1
    psql_fixture "SET client_min_messages = warning" "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1
    rm -rf "$tmp"
}
trap cleanup EXIT
export XDG_CONFIG_HOME="$tmp/config" XDG_STATE_HOME="$tmp/state"

psql_fixture "SET client_min_messages = warning" "DROP DATABASE IF EXISTS $db" \
    "CREATE DATABASE $db TEMPLATE template0 ENCODING 'LATIN1' LC_COLLATE 'C' LC_CTYPE 'C'" >/dev/null
PGCLIENTENCODING=UTF8 PGAPPNAME=$app psql -X -q -d "$db" -c "select 'café' as word, pg_sleep(60)" \
    >/dev/null 2>&1 &
bg=$!
for _ in $(seq 50); do
    [ "$(psql_fixture "select count(*) from pg_stat_activity where application_name = '$app' and wait_event = 'PgSleep'")" = 1 ] && break
    sleep 0.1
done

out=$("$bin" --once health --format text 2>"$tmp/err") || fail "--once health exited $?: $(cat "$tmp/err")"
row=$(printf '%s\n' "$out" | grep -F "$app") || fail "the LATIN1 session is not listed: $out"
printf '%s\n' "$row" | grep -qF "select 'caf"$'\xef\xbf\xbd'"' as word" ||
    fail "no U+FFFD where the byte 0xE9 was: $row"
printf '%s' "$out" | LC_ALL=C grep -q $'\xe9' && fail "a raw 0xE9 byte reached the output"
# The columns after the application name are where the header puts them.
header=$(printf '%s\n' "$out" | grep -m1 -E '^flag +pid +')
want=$(printf '%s\n' "$header" | awk '{ print index($0, " state ") }')
got=$(printf '%s\n' "$row" | awk '{ print index($0, " active ") }')
[ "$want" -gt 0 ] && [ "$want" = "$got" ] || fail "the state column moved: header at $want, row at $got"
exit 0
