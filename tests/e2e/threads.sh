#!/bin/bash
# The hostile thread in the pager: every payload (screen clear, OSC 0/2 titles, OSC 52 clipboard,
# OSC 8, C1, RLO, ...) is drawn as visible, inert tokens; none of it reaches the pty, the title
# or tmux's clipboard. Then moving, searching, :find, the AI toggle and paging into history on a
# long thread, with the bookings jump.
set -u
. "$(dirname "$0")/../lib.sh"
PGFIXTURE_ARGS=--hostile need_private_fixture "$@"
. "$top_srcdir/tests/tmux.sh"

tm_start 120 40 "TERM=xterm-256color" -- --refresh 1 --salon 'Hostile Test Salon' --phone 000000000001
tm pipe-pane -o -t main "cat >>$TM_DIR/raw"
title0=$(tm display-message -p -t main '#{pane_title}')
tm_wait_for '000000000001' 10
tm_wait_for 'combo|OK' 10
# The newest messages are at the bottom; go to the oldest (g) to see the first payloads.
tm_keys g; tm_wait_for 'before\^\[\[2J\^\[\[Hafter' 10
screen=$(tm_screen)
echo "$screen" | grep -q '\^\[\]0;pwned\^GHello from OSC 0' || fail "OSC 0 not shown as tokens"
echo "$screen" | grep -q 'Hello from OSC 2' || fail "OSC 2 message missing"
tm_keys / 'copy me' Enter; tm_wait_for '\^\[\]52;c;cHduZWQ=\^Gcopy me' 10
tm_keys / RLO Enter; sleep 0.3
tm_keys / invoice Enter; tm_wait_for 'invoice_<RLO>fdp.exe' 10
tm_keys / 'c1 done' Enter; tm_wait_for '\\u009b2J' 10
tm_screen | grep -q '\\u009d0;pwned-c1' || fail "8-bit OSC not shown as a token"
tm_keys G; tm_wait_for '\^M' 10
sleep 1.2 # one refresh of the open thread

[ "$(tm display-message -p -t main '#{pane_title}')" = "$title0" ] || fail "the window title changed"
[ -z "$(tm show-buffer 2>/dev/null)" ] || fail "something reached the clipboard"
raw="$TM_DIR/raw"
[ -s "$raw" ] || fail "nothing captured from the pty"
LC_ALL=C grep -aq $'\e]' "$raw" && fail "an OSC sequence reached the terminal"
LC_ALL=C grep -aq $'before\e\\[2J' "$raw" && fail "the screen clear in the data reached the terminal"
LC_ALL=C grep -aq $'\e\\[21t\|\e\\[>c\|\e\\[6n\|\eP' "$raw" && fail "a terminal report request reached the terminal"
LC_ALL=C grep -aq $'\xc2[\x80-\x9f]' "$raw" && fail "C1 bytes reached the terminal"
LC_ALL=C grep -aq $'\xe2\x80\xae\|\xe2\x81[\xa6-\xa9]' "$raw" && fail "bidi controls reached the terminal"
LC_ALL=C grep -aq 'pwned' "$raw" || fail "the payload text is not visible at all"
tm_keys Escape Escape; tm_wait_for 'conversations, newest first' 10
# The list takes the field words shared with the other tabs: phone:+DIGITS, -word.
tm_keys / 'phone:+000000000001' Enter
tm_wait_for '000000000001'
[ "$(tm_screen | grep -c '^.\{4\}[0-9-]\{10\} [0-9:]\{5\} ')" -le 1 ] || fail "phone: kept other threads"
tm_keys / '-phone:000000000001' Enter
for i in $(seq 20); do tm_screen | grep -q '000000000001' || break; sleep 0.1; done
tm_screen | grep -q ' 000000000001 ' && fail "-phone: still shows the thread"
tm_keys / Enter
tm_keys q
[ "$(tm_wait_exit 5)" = 0 ] || fail "exit status"
tm_check_stty

# A long thread: open the newest page, page up into history (keyset pages arrive), find, B.
read -r salon phone n <<<"$(psql_fixture "select salon_id || ' ' || phone_number || ' ' || count(*) from messages group by salon_id, phone_number order by count(*) desc limit 1")"
oldest=$(psql_fixture "select left(content, 20) from messages where salon_id = '$salon' and phone_number = '$phone' and message_type::text = 'TEXT' and content ~ '^[A-Za-z]{4}' order by created_at, id limit 1")
rm -f "$TM_DIR/raw"
tm kill-session -t main
tm_start 100 30 "TERM=xterm-256color" -- --refresh 60 --salon "$salon" --phone "$phone" --tz UTC \
    --debug-log "$TM_DIR/debug.log"
tm_wait_for "$phone" 10
tm_wait_for '✓' 10
for i in $(seq 40); do tm_keys PPage; done
sleep 2
tm_screen | grep -q 'start of conversation' && fail "40 pages up already at the start of a $n-message thread"
tm_keys g; tm_wait_for 'start of conversation' 10
tm_wait_for "$oldest" 10
tm_keys G
tm_wait_gone 'start of conversation' 10
# / searches the thread on the server beyond what is loaded: the oldest reminder names its own
# date and time, found in no other message of the thread.
tpl=$(psql_fixture "select substring(content from '— [0-9]{2}[.][0-9]{2} [0-9]{2}:[0-9]{2}') from messages where salon_id = '$salon' and phone_number = '$phone' and message_type::text = 'TEMPLATE' order by created_at, id limit 1")
[ "$(psql_fixture "select count(*) from messages where salon_id = '$salon' and phone_number = '$phone' and strpos(content, '$tpl') > 0")" = 1 ] ||
    fail "the reminder text '$tpl' is not unique in the thread"
tm_keys / "$tpl" Enter
tm_wait_for "$tpl" 10
tm_screen | grep -q 'no more messages match' && fail "search: the hit was not found"
# From the newest page, a search with no hit asks the server once for older messages; n after
# that answers at once.
tm_keys / Escape G
tm_wait_gone 'start of conversation' 10
before=$(grep -c 'query thread_search' "$TM_DIR/debug.log")
tm_keys / zzqxw Enter
tm_wait_for 'no more messages match /zzqxw' 10
tm_keys n; sleep 0.3; tm_keys n; sleep 0.3
after=$(grep -c 'query thread_search' "$TM_DIR/debug.log")
[ $(( after - before )) = 1 ] || fail "a search without hits asked the server $(( after - before )) times"
tm_keys / Escape
# AI toggle.
tm_keys A; tm_wait_for 'AI shown' 5
# :find by phone prefix opens that thread.
other=$(psql_fixture "select phone_number from messages where salon_id = '$salon' and phone_number <> '$phone' group by 1 order by max(created_at) desc limit 1")
tm_keys : "find ${other:0:9}" Enter; tm_wait_for "$other" 10
tm_wait_for ':find [0-9]+: [0-9]+[+]? hits' 5
# B jumps to the customer's bookings.
tm_keys B; sleep 0.5
tm_screen | head -1 | grep -q '2 Bookings' || fail "tab bar"
tm_keys q
[ "$(tm_wait_exit 5)" = 0 ] || fail "exit status after the long thread"
[ -s "$TM_DIR/stderr" ] && fail "stderr: $(cat "$TM_DIR/stderr")"
exit 0
