#!/bin/bash
# Text from the database cannot touch the terminal: a salon name and bookings carrying title
# sets (OSC 0), a clipboard write (OSC 52), a screen clear, 8-bit CSI, bidi overrides and a bare
# carriage return are drawn as visible tokens. Nothing of it reaches the pty, the window title
# or tmux's clipboard, and the access token is never shown.
set -u
. "$(dirname "$0")/../lib.sh"
PGFIXTURE_ARGS=--hostile need_private_fixture "$@"
. "$top_srcdir/tests/tmux.sh"

tm_start 120 30 "TERM=xterm-256color" -- --refresh 0.5 --debug-log "$TM_DIR/debug.log"
tm pipe-pane -o -t main "cat >>$TM_DIR/raw"
title0=$(tm display-message -p -t main '#{pane_title}')
tm_wait_for 'Evil\^\[\]0;pwned\^G Salon' 10
tm_screen | head -1 | grep -q '1 Salons' || fail "the tab bar was overwritten"

# The record view shows the whole name, every control as a visible token.
tm_keys / Evil Enter; tm_wait_for '1 of [0-9]+ match'
tm_keys v; tm_wait_for 'webhook_errors_24h'
screen=$(tm_screen)
echo "$screen" | grep -q '<RLO>' || fail "RLO not shown as a token"
echo "$screen" | grep -q '\\u009b' || fail "8-bit CSI not shown as a token"
echo "$screen" | grep -q '\^M' || fail "carriage return not shown as a token"
echo "$screen" | grep -q 'SECRET-TOKEN' && fail "the access token is on screen"
tm_keys Escape Escape 2; tm_wait_for 'Today,'
tm_keys 3; tm_wait_for 'conversations'
sleep 1

[ "$(tm display-message -p -t main '#{pane_title}')" = "$title0" ] || fail "the window title changed"
[ -z "$(tm show-buffer 2>/dev/null)" ] || fail "something reached the clipboard"
raw="$TM_DIR/raw"
[ -s "$raw" ] || fail "nothing captured from the pty"
LC_ALL=C grep -aq $'\e]' "$raw" && fail "an OSC sequence reached the terminal"
LC_ALL=C grep -aq $'Salon\e\\[2J' "$raw" && fail "the screen clear in the data reached the terminal"
LC_ALL=C grep -aq $'\xc2\x9b\|\xc2\x9d\|\xe2\x80\xae' "$raw" && fail "C1 or RLO bytes reached the terminal"
LC_ALL=C grep -aq 'pwned' "$raw" || fail "the payload text is not visible at all"
LC_ALL=C grep -aq 'SECRET-TOKEN' "$raw" && fail "the access token reached the terminal"
[ -s "$TM_DIR/debug.log" ] || fail "no debug log"
grep -q 'SECRET-TOKEN' "$TM_DIR/debug.log" && fail "the access token reached the debug log"
# The console never sat idle in a transaction, and its session is read-only.
[ "$(psql_fixture "select count(*) from pg_stat_activity where application_name = 'salondesk' and state like 'idle in transaction%'")" = 0 ] ||
    fail "salondesk left a transaction open"
# Every statement runs in its own BEGIN READ ONLY with transaction-local settings: nothing
# is set for the session, which a pooler would hand to the platform's app.
ours=$(grep -a ' app=salondesk ' "$("$top_srcdir/tests/fixture/pgfixture" log)")
grep -Eq "(statement|execute <unnamed>): BEGIN READ ONLY$" <<<"$ours" || fail "no statement ran in a read-only transaction"
grep -Eq "set_config\('statement_timeout', \\\$1, true\)" <<<"$ours" || fail "the timeouts were not transaction-local"
grep -Eq "set_config\('[a-z_]+', [^)]*, false\)|default_transaction_read_only" <<<"$ours" &&
    fail "a setting was made for the whole session"

tm_keys q
[ "$(tm_wait_exit 5)" = 0 ] || fail "exit status"
tm_check_stty
tm kill-server

# A terminal without UTF-8 (LANG=C): nothing but ASCII reaches it, hostile or not.
tm_start 120 30 "LC_ALL=C" "LANG=C" "TERM=xterm-256color" -- --refresh 0.5
tm pipe-pane -o -t main "cat >>$TM_DIR/raw.c"
tm_keys 1
tm_wait_for 'Evil\^\[' 10
tm_keys 2; tm_wait_for 'Today,'
tm_keys 1 / Evil Enter; tm_wait_for '1 of [0-9]+ match'
tm_keys v; tm_wait_for 'webhook_errors_24h'
tm_keys q
[ "$(tm_wait_exit 5)" = 0 ] || fail "exit status in the C locale"
LC_ALL=C grep -aq '[^[:print:][:cntrl:]]' "$TM_DIR/raw.c" && fail "bytes above 0x7f reached a non-UTF-8 terminal"
LC_ALL=C grep -aq $'\e]' "$TM_DIR/raw.c" && fail "an OSC sequence reached the terminal in the C locale"
exit 0
