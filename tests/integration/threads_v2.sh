#!/bin/bash
# Threads on the newer schema (status columns as TEXT, values no enum had such as DELETED) and on
# a deployment without a conversations table at all: the list and every thread still come from
# messages by salon and phone.
set -u
. "$(dirname "$0")/../lib.sh"
PGFIXTURE_ARGS='--variant 2' need_private_fixture "$@"

bin="$top_builddir/salondesk"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sd-threads2.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export XDG_CONFIG_HOME="$tmp/config" XDG_STATE_HOME="$tmp/state"

read -r s p <<<"$(psql_fixture "select salon_id || ' ' || phone_number from messages where status = 'DELETED' group by salon_id, phone_number order by count(*) desc, 1 limit 1")"
[ -n "$p" ] || fail "variant 2 fixture has no DELETED message"
n=$(psql_fixture "select count(*) from messages where salon_id = '$s' and phone_number = '$p'")
out=$("$bin" --once threads --salon "$s" --phone "$p" --format json) || fail "thread exited $?"
[ "$(echo "$out" | grep -c '"id": "')" = "$n" ] || fail "v2 thread: want $n messages"
echo "$out" | grep -q '"status": "DELETED"' || fail "the DELETED status is not shown as it is"

# No conversations table: drop it (and what depends on it) in this private fixture.
psql_fixture "drop table conversations cascade" >/dev/null || fail "cannot drop conversations"
out=$("$bin" --once threads --salon "$s" --format json) || fail "list without conversations exited $?"
want=$(psql_fixture "select count(distinct phone_number) from messages where salon_id = '$s'")
[ "$(echo "$out" | grep -c '"phone": "')" = "$want" ] || fail "list without conversations: want $want threads"
echo "$out" | grep '"status": "[A-Z]' && fail "a status without conversation rows"
out=$("$bin" --once threads --salon "$s" --phone "$p" --format json) || fail "thread without conversations exited $?"
[ "$(echo "$out" | grep -c '"id": "')" = "$n" ] || fail "thread without conversations: want $n messages"
exit 0
