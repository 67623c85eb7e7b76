#!/bin/bash
# A resize storm: 120 resizes through sizes down to 1x1 and up to 240x70 while data refreshes
# every 0.2 s, with the help overlay open for half of them. The process must live through it
# (tools/check also runs this under AddressSanitizer and UBSan), say "too small" below 40x10,
# and end with an intact screen at 100x30.
set -u
. "$(dirname "$0")/../lib.sh"
need_fixture "$@"
. "$top_srcdir/tests/tmux.sh"

tm_start 100 30 -- --refresh 0.2
tm_wait_for 'Espaço Ação & Cor' 10
pid=$(tm_app_pid)
sizes="80x24 1x1 2x1 3x2 20x5 10x40 240x70 39x10 40x9 40x10 100x30 160x50"
i=0
for round in 1 2 3 4 5 6 7 8 9 10; do
    [ $((round % 2)) = 0 ] && tm_keys '?'
    for s in $sizes; do
        tm resize-window -t main -x "${s%x*}" -y "${s#*x}" 2>/dev/null
        i=$((i + 1))
        sleep 0.02
    done
    [ $((round % 2)) = 0 ] && tm_keys Escape
    kill -0 "$pid" 2>/dev/null || fail "salondesk died after $i resizes: $(cat "$TM_DIR/stderr")"
done
tm resize-window -t main -x 30 -y 8
tm_wait_for 'too small'
tm resize-window -t main -x 100 -y 30
tm_wait_for 'Espaço Ação & Cor' 5
tm_screen | head -1 | grep -q ' 1 Salons .* 4 Health' || fail "tab bar after the storm"
tm_screen | tail -1 | grep -Eq '^ (connected|busy) ' || fail "status line after the storm"
tm_keys q
[ "$(tm_wait_exit 5)" = 0 ] || fail "exit status"
[ -s "$TM_DIR/stderr" ] && fail "stderr: $(cat "$TM_DIR/stderr")"
tm_check_stty
exit 0
