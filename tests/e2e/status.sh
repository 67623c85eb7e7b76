#!/bin/bash
# Status messages (issue 12): an error stays on the status line through refreshes until the next
# key press, then goes; information goes by itself after a few seconds.
set -u
. "$(dirname "$0")/../lib.sh"
need_fixture "$@"
. "$top_srcdir/tests/tmux.sh"

tm_start 120 30 "TERM=xterm-256color" -- --refresh 1 --tz UTC --debug-log "$TM_DIR/debug.log"
tm_wait_for 'Espaço Ação & Cor' 10
tm_keys : "export csv $TM_DIR/no-such-dir/x.csv" Enter
tm_wait_for ':export: .*no-such-dir' 5
# Three refreshes later the error is still there.
refreshes() { grep -c 'query salons' "$TM_DIR/debug.log"; }
r0=$(refreshes)
for i in $(seq 100); do [ $(( $(refreshes) - r0 )) -ge 3 ] && break; sleep 0.1; done
[ $(( $(refreshes) - r0 )) -ge 3 ] || fail "the Salons tab did not refresh 3 times in 10 s"
tm_screen | tail -n 1 | grep -q ':export: .*no-such-dir' || fail "the error went before a key was pressed"
# A key press (moving down) takes it away.
tm_keys j
tm_wait_gone ':export: .*no-such-dir' 3
# Information goes by itself.
tm_keys s; tm_wait_for 'sorted by' 3
tm_wait_gone 'sorted by' 12
tm_keys q
[ "$(tm_wait_exit 5)" = 0 ] || fail "exit status"
exit 0
