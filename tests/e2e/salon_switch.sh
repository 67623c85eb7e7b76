#!/bin/bash
# Opening another salon while the Bookings day view shows one (issue 10 point 5): from the
# Salons tab (1, Enter, 1, j, Enter), with :salon NAME, and from a conversation (3, Enter, B).
# Each time the day view must show the new salon, its bookings and (schema v2) its masters as
# columns, the other views and tabs must keep working, and the process must stay alive with
# nothing on stderr (a sanitizer build reports there). Both schema variants, each in a private
# fixture: only v2 has a masters table.
set -u
. "$(dirname "$0")/../lib.sh"

if [ -z "${SD_SWITCH_VARIANT:-}" ]; then
    for v in 2 1; do
        SD_SWITCH_VARIANT=$v SD_PRIVATE_FIXTURE_FOR="$0" \
            "$top_srcdir/tests/fixture/pgfixture" run -q --variant "$v" -- "${BASH:-bash}" "$0" "$@" ||
            exit 1
    done
    exit 0
fi
[ -n "${SALONDESK_FIXTURE_DIR:-}" ] || hard_error "no fixture"
v=$SD_SWITCH_VARIANT
. "$top_srcdir/tests/tmux.sh"

today=$(date -u +%F)
q() { psql_fixture "$@"; }

# salon_name ID; salon_count ID: today's bookings (UTC) of the salon.
salon_name() { q "select name from salons where id = '$1'"; }
salon_count() {
    q "select count(*) from bookings where salon_id = '$1' and start_ts >= '$today'::timestamp and start_ts < '$today'::timestamp + interval '1 day'"
}
# The active masters of a salon, one a line (v2 only).
salon_masters() { q "select name from masters where salon_id = '$1' and is_active order by name"; }

# still_alive WHEN: salondesk is running and has written nothing to stderr.
still_alive() {
    if [ -f "$TM_DIR/rc" ] || ! kill -0 "$pid" 2>/dev/null; then
        sleep 0.5 # the rest of a sanitizer's report
        tm_screen
        fail "v$v: salondesk died $1 (exit status $(cat "$TM_DIR/rc" 2>/dev/null)): $(head -c 4000 "$TM_DIR/stderr")"
    fi
    if [ -s "$TM_DIR/stderr" ]; then
        sleep 0.5
        fail "v$v: stderr $1: $(head -c 4000 "$TM_DIR/stderr")"
    fi
    return 0
}

# wait_line N TEXT [SECONDS]: waits until screen line N contains TEXT (a fixed string).
wait_line() {
    local end=$(( $(date +%s) + ${3:-10} ))
    while [ "$(date +%s)" -le "$end" ]; do
        tm_screen | sed -n "${1}p" | grep -qF -- "$2" && return 0
        still_alive "waiting for '$2' on line $1"
        sleep 0.1
    done
    tm_screen
    fail "v$v: line $1 never showed '$2'"
}

# expect_day ID WHEN: the day view shows salon ID: its name, today's count and, on v2, its
# masters' names as the columns (and none of another salon's).
expect_day() {
    local id=$1 name n m hdr
    name=$(salon_name "$id") n=$(salon_count "$id")
    wait_line 2 " ${name:0:12}" 10
    wait_line 2 "): $n bookings" 10
    if [ "$v" = 2 ]; then
        m=$(salon_masters "$id" | head -1)
        [ -n "$m" ] || hard_error "v2: salon $id has no active master"
        wait_line 3 "${m:0:8}" 10
        hdr=$(tm_screen | sed -n 3p)
        while IFS= read -r other; do
            [ -n "$other" ] || continue
            salon_masters "$id" | grep -qF -- "${other:0:8}" && continue
            case $hdr in *"${other:0:8}"*) fail "v$v: $2: the column '$other' of another salon: $hdr" ;; esac
        done < <(q "select name from masters where salon_id <> '$id' and is_active")
    fi
    still_alive "$2"
}

# The two salons the Salons tab lists first (it sorts by name, then id).
read -r s1 s2 <<<"$(q "select string_agg(id, ' ' order by name, id) from (select id, name from salons order by name, id limit 2) s")"
[ -n "$s2" ] || hard_error "fewer than two salons"
# A third salon that one ASCII word of its name picks out alone, for :salon.
s3="" word=""
while IFS='|' read -r id nm; do
    w=${nm%% *}
    [ "$id" != "$s1" ] && [ "$id" != "$s2" ] && [[ $w =~ ^[A-Za-z]{5,}$ ]] || continue
    [ "$(q "select count(*) from salons where name ilike '%$w%' or id = '$w'")" = 1 ] || continue
    s3=$id word=$w
    break
done < <(q "select id, name from salons order by name, id")
[ -n "$s3" ] || hard_error "no salon for :salon"

tm_start 130 40 -- --tz UTC
tm_wait_for "[0-9]+ salons \(" 10
pid=$(tm_app_pid)

# 1, Enter: the first salon; 1, j, Enter: the next one, its masters replacing the first's.
tm_keys Enter
expect_day "$s1" "after opening the first salon"
tm_keys 1; tm_wait_for "[0-9]+ salons \("
tm_keys j Enter
expect_day "$s2" "after opening the second salon"

# Every view after the change, then back to the day.
name2=$(salon_name "$s2")
tm_keys w; tm_wait_for "Week [0-9]{2} [A-Z][a-z]+ – "; wait_line 2 " ${name2:0:12}"
tm_keys m; tm_wait_for "$(date -u '+%B %Y') \("; still_alive "in the month view"
tm_keys a; tm_wait_for "Agenda [0-9]{2} [A-Z][a-z]+ – "; still_alive "in the agenda view"
tm_keys d
expect_day "$s2" "back in the day view"

# :salon NAME in the day view.
tm_keys : "salon $word" Enter
expect_day "$s3" "after :salon $word"
tm_keys w; tm_wait_for "Week [0-9]{2} "; tm_keys d
expect_day "$s3" "after :salon and the week view"

# Every tab and back.
for t in 1 3 4 2; do
    tm_keys "$t"
    sleep 0.3
    still_alive "after tab $t"
done
expect_day "$s3" "after a round of the tabs"

# A conversation's bookings: 3, Enter on the newest thread of another salon than s3, B.
tm_keys 3; tm_wait_for "conversations, newest first"
tm_keys Enter; tm_wait_for "^ [0-9]{6,} " 10
phone=$(tm_screen | sed -n 2p | awk '{print $1}')
tm_keys B
tm_wait_for "found for /$phone|no booking matches /$phone" 10
still_alive "after B on the thread of $phone"
ok=0
while IFS= read -r nm; do
    tm_screen | sed -n 2p | grep -qF -- " ${nm:0:12}" && ok=1
done < <(q "select distinct s.name from bookings b join salons s on s.id = b.salon_id where b.customer_phone = '$phone'")
[ "$ok" = 1 ] || fail "v$v: B from the thread of $phone: not that customer's salon: $(tm_screen | sed -n 2p)"
for k in w m a d; do
    tm_keys "$k"
    sleep 0.3
    still_alive "after $k following B"
done
tm_keys 1 2
still_alive "after the tabs following B"

tm_keys q
rc=$(tm_wait_exit 5)
[ "$rc" = 0 ] || fail "v$v: exit status $rc: $(head -c 4000 "$TM_DIR/stderr")"
tm_check_stty
[ -s "$TM_DIR/stderr" ] && fail "v$v: stderr: $(head -c 4000 "$TM_DIR/stderr")"
exit 0
