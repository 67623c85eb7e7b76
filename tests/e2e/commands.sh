#!/bin/bash
# The command line and the mouse: Tab completes commands and salon names from the server,
# :salon opens that salon's calendar, :theme applies at once, :export writes what the view
# shows (filtered and sorted) and matches psql, a click on a tab switches to it, the wheel
# scrolls. The access token never reaches the export.
set -u
. "$(dirname "$0")/../lib.sh"
need_fixture "$@"
. "$top_srcdir/tests/tmux.sh"

tm_start 120 30 "TERM=xterm-256color" -- --refresh 1
tm_wait_for 'Espaço Ação & Cor' 10

# Enter on a salon opens that salon's calendar.
tm_keys g Enter
tm_wait_for '^ Espaço Ação & Cor · ' 5
tm_screen | head -1 | grep -q '2 Bookings' || fail "Enter did not open the calendar"
tm_keys 1; tm_wait_for 'Espaço Ação & Cor'

# Completion: a command, then a salon name from the server.
tm_keys : 'sal' Tab
tm_wait_for '^:salon$'
tm_keys 'Salã' Tab
tm_wait_for '^:salon Salão Beleza Pura'
tm_keys Enter
tm_wait_for 'Salão Beleza Pura' 5
tm_screen | head -1 | grep -q '2 Bookings' || fail "tab bar"
tm_keys 1; tm_wait_for 'Espaço Ação & Cor'

# The filter prompt completes field names: "/act" Tab gives "/active:".
tm_keys / 'act' Tab
tm_wait_for '^/active:$'
tm_keys 'f' Enter; tm_wait_for '1 of [0-9]+ match /active:f'
tm_keys Escape; tm_wait_gone 'match /'

# Themes switch at once; a missing one is refused with a reason.
tm_keys : 'theme light' Enter; tm_wait_for 'theme light'
tm_keys : 'theme nosuch' Enter; tm_wait_for "theme 'nosuch' not found"
tm_keys : 'theme dark' Enter; tm_wait_for 'theme dark'

# Export a filtered, sorted view and compare it with the server's answer.
tm_keys / 'sal' Enter; tm_wait_for 'match /sal'
tm_keys s s; tm_wait_for 'sorted by Salon, descending'
tm_keys : "export csv $TM_DIR/salons.csv" Enter
tm_wait_for "exported salons to"
want=$(psql_fixture "select name from salons where name ilike '%sal%' order by name collate \"C\" desc")
got=$(tail -n +2 "$TM_DIR/salons.csv" | cut -d, -f2)
[ "$got" = "$want" ] || fail "export differs from psql:
$got
---
$want"
tokens=$(psql_fixture "select access_token from salons")
for t in $tokens; do grep -qF "$t" "$TM_DIR/salons.csv" && fail "a whole token reached the export"; done
tm_keys : 'export xml /tmp/x' Enter; tm_wait_for 'expected csv or json'
tm_keys Escape

# The salon detail: templates, the latest webhook errors with the payload pretty-printed by
# the server, and B to its calendar.
tm_keys g v
tm_wait_for '^ Templates'
tm_wait_for '^ Latest webhook errors'
for i in $(seq 30); do tm_screen | grep -Eq '^ +"entry": \[' && break; tm_keys j; sleep 0.05; done
tm_wait_for '^ +"entry": \[' 2
tm_keys B; tm_wait_for 'Week|Today|bookings'
tm_screen | head -1 | grep -q '2 Bookings' || fail "B did not open the calendar"
tm_keys 1 Escape

# The mouse (SGR reports, as xterm and tmux send them): click the Threads tab, then Health.
tm_keys -l $'\e[<0;39;1M\e[<0;39;1m'
tm_wait_for 'conversations'
tm_keys -l $'\e[<0;51;1M\e[<0;51;1m'
tm_screen | head -1 | grep -q '4 Health' || fail "tab bar after clicking"
# Threads: click the second conversation, then click it again to open it.
tm_keys 3; tm_wait_for 'conversations, newest first'
second=$(tm_screen | sed -n 5p | awk '{print $4}')
tm_keys -l $'\e[<0;20;5M\e[<0;20;5m'; sleep 0.3
tm_keys -l $'\e[<0;20;5M\e[<0;20;5m'
tm_wait_for "^ $second" 5
tm_keys Escape
# Bookings: click a booking in the day view, then again to open it.
tm_keys : "salon Salão Beleza Pura" Enter; tm_keys d t
tm_wait_for '^[0-9]{2}:[0-9]{2} [0-9]{2}:[0-9]{2}–' 10
line=$(tm_screen | grep -n -E '^[0-9]{2}:[0-9]{2} [0-9]{2}:[0-9]{2}–' | head -1 | cut -d: -f1)
click="$(printf '\033[<0;10;%dM\033[<0;10;%dm' "$line" "$line")"
tm_keys -l "$click"; sleep 0.3
tm_keys -l "$click"
tm_wait_for 'booking_code' 5
tm_keys Escape
tm_keys 1; tm_wait_for 'Espaço Ação & Cor'
# Click the fourth salon (screen line 7), then open its record view: it must be that salon.
fourth=$(tm_screen | sed -n 7p | cut -c1-12)
tm_keys -l $'\e[<0;5;7M\e[<0;5;7m'
tm_keys v; tm_wait_for 'webhook_errors_24h'
tm_screen | grep '^ name ' | grep -qF "$fourth" || fail "the click did not select '$fourth'"
tm_keys Escape

tm_keys q
[ "$(tm_wait_exit 5)" = 0 ] || fail "exit status"
tm_check_stty
tm kill-server

# :export csv: a name a spreadsheet would run as a formula gets a leading ', as in --once. The
# salons live in a schema of this run's own, so the tests sharing the fixture never see them.
sch="sd_export_$$"
trap 'psql_fixture "drop schema if exists $sch cascade" >/dev/null 2>&1; tm_cleanup' EXIT
psql_fixture "create schema $sch" "create table $sch.salons (like public.salons including all)" \
    "insert into $sch.salons (id, name, phone_number_id, access_token, updated_at) values
        ('x1', '=HYPERLINK(\"http://x\",\"y\")', '1', 't1', now()), ('x2', '@SUM(1)', '2', 't2', now())" >/dev/null ||
    hard_error "cannot create schema $sch"
tm_start 120 30 -- --dsn "postgresql://postgres@127.0.0.1:$SALONDESK_FIXTURE_PORT/whatsapp_saas?schema=$sch"
tm_wait_for '@SUM\(1\)' 10
tm_keys : "export csv $TM_DIR/formula.csv" Enter
tm_wait_for "exported salons to"
starts() { awk -v p="$1" 'index($0, p) == 1 { f = 1 } END { exit !f }' "$TM_DIR/formula.csv"; }
starts $'x1,"\'=HYPERLINK(""http://x"",""y"")",t,1,' && starts $'x2,\'@SUM(1),t,2,' ||
    fail ":export csv did not neutralise formulas: $(cat -A "$TM_DIR/formula.csv")"
tm_keys q
[ "$(tm_wait_exit 5)" = 0 ] || fail "exit status after the export"
exit 0
