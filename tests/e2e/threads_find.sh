#!/bin/bash
# :find TEXT across threads (issue 12): a list of the hits, newest first, each with its thread
# (phone, customer), time and the text around the match; n/N move through them, Enter opens the
# thread at that message (another thread than the first hit's), Esc goes back to the results
# and then to the conversations.
set -u
. "$(dirname "$0")/../lib.sh"
need_fixture "$@"
. "$top_srcdir/tests/tmux.sh"

# A word found in a few threads, in fewer messages than the hit limit (50).
word=$(psql_fixture "select lower(w) from messages, regexp_split_to_table(content, '[^A-Za-z]+') w
    where length(w) >= 6 group by 1
    having count(distinct salon_id || phone_number) between 3 and 8 and count(distinct id) between 4 and 40
    order by count(distinct id) desc, 1 limit 1")
[ -n "$word" ] || hard_error "no word in a few threads"
hits=$(psql_fixture "select salon_id || ' ' || phone_number from messages where content ilike '%$word%' or phone_number like '$word%'
    order by created_at desc, id desc")
n=$(wc -l <<<"$hits")
[ "$n" -lt 50 ] || hard_error "'$word' has $n hits, more than :find lists"
first=$(head -n 1 <<<"$hits")
# The first hit in another thread than the newest hit's, and how many n presses reach it.
k=0
while read -r h; do [ "$h" != "$first" ] && break; k=$((k + 1)); done <<<"$hits"
other=$(sed -n "$((k + 1))p" <<<"$hits" | cut -d' ' -f2)
[ -n "$other" ] || hard_error "every hit of $word is in one thread"

tm_start 120 30 "TERM=xterm-256color" -- --refresh 60 --tz UTC
tm_wait_for 'connected' 10
tm_keys 3; tm_wait_for 'conversations, newest first' 10
tm_keys : "find $word" Enter
tm_wait_for ":find $word: $n hits" 10
tm_wait_for 'Message time.*Phone.*Customer.*Hits.*Text' 5
# One row per hit (as many as fit), each with the word in its text, the newest first.
rows=$(tm_screen | sed -n '4,$p' | grep -ci -- "$word")
want=$(( n < 25 ? n : 25 ))
[ "$rows" -ge "$want" ] || { tm_screen; fail "$rows rows hold '$word', want $want"; }
tm_screen | sed -n 4p | grep -qF "$(cut -d" " -f2 <<<"$first")" || { tm_screen; echo "$hits"; fail "the first row is not the newest hit"; }
# n k times reaches the other thread's hit; Enter opens that thread there.
for i in $(seq "$k"); do tm_keys n; done
sleep 0.3
tm_keys Enter
tm_wait_for "^ .*$other" 10
tm_screen | sed -n 2p | grep -qF "$other" || fail "Enter did not open the thread of $other"
for i in $(seq 50); do tm_screen | sed -n '3,$p' | grep -qi -- "$word" && break; sleep 0.1; done
tm_screen | sed -n '3,$p' | grep -qi -- "$word" || { tm_screen; fail "the hit is not on screen in $other's thread"; }
# n steps through the thread's own hits; past the last, it points back to the other hits.
for i in $(seq 60); do
    tm_screen | tail -n 1 | grep -q 'other :find hits' && break
    tm_keys n; sleep 0.2
done
tm_screen | tail -n 1 | grep -q 'no more messages match.*Esc twice: the other :find hits' ||
    { tm_screen; fail "n past the thread's last hit does not point to the other hits"; }
# Esc clears the search, Esc again closes the thread: the results are back, the cursor on it.
tm_keys Escape; sleep 0.3; tm_keys Escape
tm_wait_for ":find $word: $n hits" 5
tm_keys N; sleep 0.3
# A click selects the second hit, a second click opens its thread.
second=$(sed -n 2p <<<"$hits" | cut -d' ' -f2)
tm_keys -l $'\e[<0;20;5M\e[<0;20;5m'; sleep 0.3
tm_keys -l $'\e[<0;20;5M\e[<0;20;5m'
for i in $(seq 100); do tm_screen | sed -n 2p | grep -qF "$second" && break; sleep 0.1; done
tm_screen | sed -n 2p | grep -qF "$second" || { tm_screen; fail "clicking the second hit did not open $second"; }
tm_screen | sed -n 2p | grep -q ':find' && fail "still the hits after the clicks"
tm_keys Escape; sleep 0.3; tm_keys Escape
tm_wait_for ":find $word: $n hits" 5
tm_keys Escape
tm_wait_for 'conversations, newest first' 5
tm_keys q
[ "$(tm_wait_exit 5)" = 0 ] || fail "exit status"
exit 0
