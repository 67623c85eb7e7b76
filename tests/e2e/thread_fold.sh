#!/bin/bash
# Long messages fold (issue 12): in a thread a message of more than 12 lines shows its first 8
# and "… (+K lines)"; z (the fold action) unfolds the message under the cursor (the search hit
# on screen, else the first long message on screen) and folds it again. A search hit inside a
# folded message unfolds it.
set -u
. "$(dirname "$0")/../lib.sh"
need_fixture "$@"
. "$top_srcdir/tests/tmux.sh"

# The thread with the message of the most lines (Latin text).
read -r salon phone nl <<<"$(psql_fixture "select salon_id || ' ' || phone_number || ' ' ||
      (length(content) - length(replace(content, E'\n', ''))) from messages where content ~ '^[A-Za-z]'
    order by length(content) - length(replace(content, E'\n', '')) desc limit 1")"
[ "${nl:-0}" -gt 20 ] || hard_error "the longest message has only ${nl:-no} lines"

folds() { tm_screen | grep -Eo '… \(\+[0-9]+ lines\)' | wc -l; }
tm_start 110 40 "TERM=xterm-256color" -- --refresh 60 --tz UTC --salon "$salon" --phone "$phone"
tm_wait_for "$phone" 10
tm_wait_for '[0-9]{2}:[0-9]{2}' 10
# Page up from the newest: a long message shows folded, its hidden lines counted.
found=0
for i in $(seq 60); do
    [ "$(folds)" -gt 0 ] && { found=1; break; }
    tm_keys PPage; sleep 0.2
done
[ "$found" = 1 ] || fail "no folded message paging up through a thread with a $nl-line message"
sleep 0.5
k=$(tm_screen | grep -Eo '… \(\+[0-9]+ lines\)' | grep -Eo '[0-9]+' | head -n 1)
[ "$k" -ge $(( 13 - 8 )) ] || fail "a fold hides $k lines: it should hide more than 12 - 8"
# z unfolds the first long message on screen: its fold line goes, its hidden lines show.
s0=$(tm_screen) c0=$(folds)
tm_keys z
for i in $(seq 30); do [ "$(folds)" -lt "$c0" ] && break; sleep 0.1; done
[ "$(folds)" -lt "$c0" ] || { tm_screen; fail "z did not unfold the message"; }
# z again folds it: the screen is as it was.
tm_keys z
for i in $(seq 30); do [ "$(tm_screen)" = "$s0" ] && break; sleep 0.1; done
[ "$(tm_screen)" = "$s0" ] || { echo "$s0"; echo ---; tm_screen; fail "z again did not fold it back"; }
tm_keys q
[ "$(tm_wait_exit 5)" = 0 ] || fail "exit status"
exit 0
