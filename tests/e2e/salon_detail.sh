#!/bin/bash
# The salon record view (v) scrolls like a pager: one line per j/k however many lines an item
# wraps to, a page per PgDn/PgUp, G to its end and never past it, g back to the top.
set -u
. "$(dirname "$0")/../lib.sh"
need_fixture "$@"
. "$top_srcdir/tests/tmux.sh"

tm_start 80 15 -- --refresh 60
tm_wait_for 'Espaço Ação & Cor' 10
tm_keys g v
tm_wait_for 'templates_pending' 5
tm_wait_gone 'loading…' 10
# The pane's lines, without the tab bar, the summary line and the status line.
body() { tm_screen | sed -n '3,14p'; }
top=$(body)

# j moves exactly one line: what was the second line is now the first.
tm_keys j; sleep 0.3
[ "$(body | sed -n 1p)" = "$(printf '%s\n' "$top" | sed -n 2p)" ] ||
    fail "j did not scroll by one line: before
$top
after
$(body)"
tm_keys k; sleep 0.3
[ "$(body)" = "$top" ] || fail "k did not come back to the top: $(body)"

# PgDn: a page further on; PgUp back.
tm_keys NPage; sleep 0.3
page=$(body)
[ "$page" != "$top" ] || fail "PgDn did not move: $page"
tm_keys PPage; sleep 0.3
[ "$(body)" = "$top" ] || fail "PgUp did not come back to the top: $(body)"

# G: the end, full (not scrolled into emptiness); j there changes nothing.
tm_keys G; sleep 0.3
end=$(body)
[ "$(printf '%s\n' "$end" | grep -c '[^ ]')" -ge 10 ] || fail "G scrolled past the end:
$end"
for _ in $(seq 30); do tm_keys j; done
sleep 0.3
[ "$(body)" = "$end" ] || fail "j scrolled past the end:
$(body)"
tm_keys k; sleep 0.3
[ "$(body)" != "$end" ] || fail "k at the end did not move back"
tm_keys g; sleep 0.3
[ "$(body)" = "$top" ] || fail "g did not go back to the top"

tm_keys Escape q
[ "$(tm_wait_exit 5)" = 0 ] || fail "exit status"
