#!/bin/bash
# sql/roles.sql on both schema variants: it applies twice, salondesk_add_staff makes a login that
# sees its own salon's bookings and never another's, whatever it sets or passes, and the console
# run as that login works and shows only what the server returns. Support and DBA roles keep
# their access. Each variant runs in a private fixture (policies change the tables).
set -u
. "$(dirname "$0")/../lib.sh"

if [ -z "${SD_ROLES_VARIANT:-}" ]; then
    for v in 1 2; do
        SD_ROLES_VARIANT=$v SD_PRIVATE_FIXTURE_FOR="$0" \
            "$top_srcdir/tests/fixture/pgfixture" run -q --variant "$v" -- "${BASH:-bash}" "$0" "$@" ||
            exit 1
    done
    exit 0
fi
[ -n "${SALONDESK_FIXTURE_DIR:-}" ] || hard_error "no fixture"
v=$SD_ROLES_VARIANT
bin="$top_builddir/salondesk"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sd-roles.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export XDG_CONFIG_HOME="$tmp/config" XDG_STATE_HOME="$tmp/state"
as() { local u=$1; shift; psql -X -A -t -q -v ON_ERROR_STOP=1 -U "$u" -d "${PGDATABASE:-whatsapp_saas}" "$@"; }

psql_fixture -f "$top_srcdir/sql/roles.sql" >/dev/null 2>&1 ||
    psql -X -q -v ON_ERROR_STOP=1 -U postgres -f "$top_srcdir/sql/roles.sql" || fail "v$v: roles.sql failed"
psql -X -q -v ON_ERROR_STOP=1 -U postgres -f "$top_srcdir/sql/roles.sql" 2>&1 | grep -q . &&
    fail "v$v: roles.sql again printed something"
read -r s1 s2 <<<"$(psql_fixture "select string_agg(id, ' ' order by name) from (select id, name from salons order by name limit 2) s")"
n1=$(psql_fixture "select count(*) from bookings where salon_id = '$s1'")
psql_fixture "select salondesk_add_staff('staff_one', '$s1')" | grep -q 'staff_one sees' || fail "v$v: add_staff"
psql_fixture "select salondesk_add_staff('staff_one', '$s1')" >/dev/null || fail "v$v: add_staff twice"
psql_fixture "select salondesk_add_staff('staff_two', '$s2')" >/dev/null || fail "v$v: second staff"
out=$(psql_fixture "select salondesk_add_staff('staff_x', 'no-such-salon')" 2>&1) && fail "v$v: unknown salon accepted"
echo "$out" | grep -q 'no salon with id' || fail "v$v: unknown salon: $out"
[ "$(psql_fixture "select count(*) from pg_authid where rolname = 'staff_one' and not rolsuper and not rolbypassrls and rolpassword is null")" = 1 ] ||
    fail "v$v: staff_one is not a plain login without password"

# Straight SQL as staff_one: its salon only, whatever it tries.
[ "$(as staff_one -c "select count(*) from bookings")" = "$n1" ] || fail "v$v: staff count"
[ "$(as staff_one -c "select count(*) from bookings where salon_id <> '$s1'")" = 0 ] || fail "v$v: other salon rows"
[ "$(as staff_one -c "set app.salon_id = '$s2'" -c "select count(*) from bookings where salon_id = '$s2'")" = 0 ] ||
    fail "v$v: SET app.salon_id opened another salon"
out=$(PGOPTIONS="-c row_security=off" as staff_one -c "select count(*) from bookings" 2>&1) &&
    fail "v$v: row_security=off returned rows: $out"
as staff_one -c "set role staff_two" 2>/dev/null && fail "v$v: SET ROLE to another staff login"
as staff_one -c "set role postgres" 2>/dev/null && fail "v$v: SET ROLE postgres"
as staff_one -c "insert into salondesk.staff_salon values ('staff_one', '$s2')" 2>/dev/null && fail "v$v: remapped itself"
as staff_one -c "update salondesk.staff_salon set salon_id = '$s2'" 2>/dev/null && fail "v$v: remapped itself (update)"
[ "$(as staff_one -c "select count(*) from salondesk.staff_salon")" = 1 ] || fail "v$v: sees other mappings"
as staff_one -c "select access_token from salons" 2>/dev/null && fail "v$v: staff read access_token"
as staff_one -c "select count(*) from messages" 2>/dev/null && fail "v$v: staff read messages"
[ "$(as staff_one -c "show default_transaction_read_only")" = on ] || fail "v$v: staff not read-only"
if [ "$v" = 2 ]; then
    [ "$(as staff_one -c "select count(*) from masters where salon_id <> '$s1'")" = 0 ] || fail "v2: other masters"
    [ "$(as staff_one -c "select count(*) from masters")" -gt 0 ] || fail "v2: own masters hidden"
fi

# The console as staff_one: its salon's bookings only, on every path that names a salon.
for args in "" "--salon $s2" "--salon $s1" "--view month" "--view agenda --date -60d"; do
    # shellcheck disable=SC2086
    out=$(PGUSER=staff_one PGOPTIONS="-c app.salon_id=$s2" "$bin" --once bookings --format csv $args 2>&1)
    rows=$(echo "$out" | tail -n +2 | grep -c .)
    echo "$out" | tail -n +2 | grep -v "^$" | cut -d, -f4 | sort -u | while read -r name; do
        [ "$name" = "$(psql_fixture "select name from salons where id = '$s1'")" ] || fail "v$v: staff saw salon $name ($args)"
    done || exit 1
    [ "$args" != "--view month" ] || [ "$rows" -gt 0 ] || fail "v$v: staff sees nothing in its month: $out"
done
# Threads are not a staff login's: it is told so, never to ask for a GRANT on a table that
# has no per-salon policy (that grant would show it every salon's messages).
out=$(PGUSER=staff_one "$bin" --once threads 2>&1); [ $? = 1 ] || fail "v$v: staff threads exit status: $out"
echo "$out" | grep -q 'salon staff login does not show the conversation threads' || fail "v$v: staff threads: $out"
echo "$out" | grep -qi 'grant select' && fail "v$v: staff told to ask for a GRANT: $out"
# Its Salons row: its own salon, active as the table says.
out=$(PGUSER=staff_one "$bin" --once salons --format csv 2>&1) || fail "v$v: staff salons: $out"
[ "$(echo "$out" | tail -n +2 | grep -c .)" = 1 ] || fail "v$v: staff sees other salons: $out"
want=$(psql_fixture "select case when is_active then 't' else 'f' end from salons where id = '$s1'")
[ "$(echo "$out" | tail -n +2 | cut -d, -f3)" = "$want" ] || fail "v$v: staff's active is not $want: $out"
# A staff profile locks the console to its salon, whatever --salon says.
mkdir -p "$XDG_CONFIG_HOME/salondesk"
printf 'profiles:\n  desk:\n    dsn: "user=staff_one"\n    role: staff\n    salon: "%s"\n' "$s1" >"$XDG_CONFIG_HOME/salondesk/config.yaml"
out=$("$bin" --once bookings --profile desk --salon "$s2" --view month --format csv 2>&1) || fail "v$v: staff profile: $out"
[ "$(echo "$out" | tail -n +2 | grep -c .)" -gt 0 ] || fail "v$v: staff profile shows nothing"
# Support cannot read bookings: a clear message, exit 1; DBA reads every salon.
out=$(PGUSER=sd_support "$bin" --once bookings 2>&1); [ $? = 1 ] && echo "$out" | grep -q 'cannot read the bookings' ||
    fail "v$v: support: $out"
psql_fixture "grant salondesk_dba to sd_plain" >/dev/null
[ "$(PGUSER=sd_plain "$bin" --once bookings --view month --format csv | tail -n +2 | cut -d, -f4 | sort -u | grep -c .)" -gt 1 ] ||
    fail "v$v: a salondesk_dba member does not see every salon"
psql_fixture "revoke salondesk_dba from sd_plain" >/dev/null
# Other roles keep their access: sd_dba (tests/integration/sql/roles.sql) still reads all.
[ "$(as sd_dba -c "select count(*) from bookings")" = "$(psql_fixture "select count(*) from bookings")" ] ||
    fail "v$v: RLS took rows from a non-staff role"
exit 0
