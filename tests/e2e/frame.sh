#!/bin/bash
# The frame end to end on the demo database: tabs, help, filter, command line, record view,
# resizing down to 40x10 and below, quitting with the terminal as it was.
set -u
. "$(dirname "$0")/../lib.sh"
need_fixture "$@"
. "$top_srcdir/tests/tmux.sh"

salons=$(psql_fixture "select count(*) from salons")
tm_start 110 30 -- --refresh 1
tm_wait_for 'Espaço Ação & Cor' 10
tm_wait_for "$salons salons \(" 5
tm_wait_for '^ connected ' 5
tm_screen | head -1 | grep -q ' 1 Salons .* 2 Bookings .* 3 Threads .* 4 Health' || fail "tab bar"

# Tabs by number, Tab and Shift-Tab.
tm_keys 2; tm_wait_for 'Today, .* bookings'
tm_keys 3; tm_wait_for 'conversations, newest first'
tm_keys 4; tm_wait_for 'connections [0-9]+ of [0-9]+'
tm_wait_for 'salondesk +active'      # its own session in the activity list
tm_keys Tab; tm_wait_for "$salons salons \("
tm_keys BTab; tm_wait_for 'connections [0-9]+ of'
tm_keys 1; tm_wait_for "$salons salons \("

# Help is built from the keymap.
tm_keys '?'; tm_wait_for 'Quit salondesk'
tm_screen | grep -q 'q .*Quit salondesk' || fail "help does not show the q binding"
tm_keys Escape; tm_wait_gone 'Quit salondesk'

# The filter takes any script and narrows the list; Esc clears it.
tm_keys / 'Жемчуж' Enter
tm_wait_for "1 of $salons match"
tm_screen | grep -q 'Espaço' && fail "filter left other salons on screen"
tm_keys Escape; tm_wait_gone "match /"

# Enter opens the selected row with every column; Esc goes back.
tm_keys g v; tm_wait_for 'webhook_errors_24h'
tm_keys Escape; tm_wait_for 'Today +7 days'

# Sorting cycles through the columns; i hides inactive salons; Enter opens the salon's calendar.
tm_keys s; tm_wait_for 'sorted by Salon'
tm_keys s; tm_wait_for 'sorted by Salon, descending'
tm_screen | sed -n 4p | grep -q 'مركز جمال الياسمين' || fail "descending sort did not put the Arabic name first"
tm_keys i; tm_wait_for 'inactive hidden'
tm_screen | grep -q 'Haarstudio Gr' && fail "the inactive salon is still shown"
tm_keys i; tm_wait_for 'Haarstudio Gr'

# The command line.
tm_keys : 'tab threads' Enter; tm_wait_for 'conversations, newest first'
tm_keys : 'frobnicate' Enter; tm_wait_for 'unknown command :frobnicate'
tm_keys : 'refresh 0' Enter; tm_wait_for 'expected seconds'
tm_keys 1

# Resizing: down to the minimum, below it, and back.
tm resize-window -t main -x 40 -y 10
tm_wait_for '1 Salons'
tm_screen | tail -1 | grep -q 'connected' || fail "status line lost at 40x10"
tm resize-window -t main -x 25 -y 6
tm_wait_for 'too small'
tm resize-window -t main -x 3 -y 2
sleep 0.3
tm resize-window -t main -x 110 -y 30
tm_wait_for 'Espaço Ação & Cor'

pid=$(tm_app_pid)
tm_keys q
rc=$(tm_wait_exit 5)
[ "$rc" = 0 ] || fail "exit status $rc after q"
tm_check_stty
kill -0 "$pid" 2>/dev/null && fail "process still alive after q"
tm_wait_for 'salondesk exited'
[ -s "$TM_DIR/stderr" ] && fail "wrote to stderr: $(cat "$TM_DIR/stderr")"
grep -q 'tab threads' "$XDG_STATE_HOME/salondesk/history" || fail "command history not kept"
# A filter left on a tab is there again next time.
tm kill-server
tm_start 110 30 -- --refresh 1
tm_wait_for 'Espaço Ação & Cor' 10
tm_keys / 'active:f' Enter; tm_wait_for '1 of [0-9]+ match /active:f'
tm_keys q; tm_wait_exit 5 >/dev/null; tm kill-server
tm_start 110 30 -- --refresh 1
tm_wait_for '1 of [0-9]+ match /active:f' 10
tm_screen | grep -q 'Haarstudio' || fail "the remembered filter shows the wrong salon"
tm_keys Escape; tm_wait_gone 'match /'
tm_keys q; tm_wait_exit 5 >/dev/null
[ "$(cat "$XDG_STATE_HOME/salondesk/last_tab")" = salons ] || fail "last tab not kept"
tm kill-server

# A role with no grants: each tab says what it cannot read and the GRANT that fixes it.
tm_start 110 30 "PGUSER=sd_plain" -- --refresh 1
tm_wait_for 'GRANT SELECT ON public.salons TO sd_plain' 10
tm_keys 2; tm_wait_for 'GRANT SELECT ON public.bookings TO sd_plain'
tm_keys q
[ "$(tm_wait_exit 5)" = 0 ] || fail "exit status as sd_plain"
[ -s "$TM_DIR/stderr" ] && fail "wrote to stderr as sd_plain: $(cat "$TM_DIR/stderr")"
exit 0
