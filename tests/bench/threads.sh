#!/bin/bash
# Benchmark of the Threads tab (issue 5) on the large demo data (5,000,000 messages; not part of
# `make check`). For the salon with the most messages it prints:
#  - opening its conversation list (key `3`, then `r` 5 times): key to settled screen and the
#    list query as the console timed it;
#  - opening its biggest thread (about 48,000 messages; filtered with `/PHONE`, then Enter,
#    3 times): key to settled screen and the first page query;
#  - paging up into history (PgUp 40 times, a short pause between keys): median and 95th
#    percentile of key to first and settled screen, and of the older-page queries;
#  - EXPLAIN (ANALYZE, BUFFERS) of the list, first-page and older-page statements exactly as the
#    console sent them (from the server log), and the indexes each plan uses;
#  - resident memory (VmRSS, RssAnon) after paging up through 10,000 messages of that thread;
#  - going to its oldest and back to its newest message (g, G).
# Goals: each under 50 ms, memory under 16 MB.
#   tests/fixture/pgfixture run -q --size large -- tests/bench/threads.sh
# Environment: BENCH_PAUSE (seconds between keys, default 0.15), BENCH_KEEP (a directory to keep
# the plans and the debug log in instead of printing the plans).
set -u
: "${PGFIXTURE_ARGS:=--size large}"
export PGFIXTURE_ARGS
. "$(dirname "$0")/../lib.sh"
need_fixture "$@"
. "$top_srcdir/tests/tmux.sh"
. "$top_srcdir/tests/bench/bench.sh"

pause=${BENCH_PAUSE:-0.15}
serverlog=$("$top_srcdir/tests/fixture/pgfixture" log)
[ -r "$serverlog" ] || hard_error "cannot read the server log $serverlog"

kib_mb() { awk -v k="$1" 'BEGIN { printf "%.1f MB", k / 1024 }'; }

salon=$(psql_fixture "SELECT salon_id FROM messages GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1")
[ -n "$salon" ] || hard_error "no messages in the fixture"
read -r nmsg nconv <<<"$(psql_fixture "SELECT count(*), count(DISTINCT phone_number) FROM messages
    WHERE salon_id = '$salon'" | tr '|' ' ')"
read -r phone tmsg <<<"$(psql_fixture "SELECT phone_number, count(*) FROM messages
    WHERE salon_id = '$salon' GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1" | tr '|' ' ')"
note "salon $salon: $nmsg messages, $nconv phones; biggest thread $phone ($tmsg messages)"
logstart=$(wc -l <"$serverlog")

tm_start 160 50 -- --salon "$salon" --debug-log "$TM_DIR/log"
tm_wait_for ' bookings' 20
sleep 1

# --- the conversation list ----------------------------------------------------------------------
m=$(( $(log_lines) + 1 ))
tm_keys 3
tm_wait_for 'conversations' 20
sleep 1
for i in 1 2 3 4 5; do tm_keys r; sleep 1; done
list_log=$(log_from "$m")
list_open=$(awk '/key to settled screen/ { sub(/.*screen: /, ""); print $1; exit }' <<<"$list_log")

# --- the biggest thread -------------------------------------------------------------------------
tm_keys /; sleep 0.3; tm_keys -l "$phone"; tm_keys Enter
tm_wait_for "$phone" 10
sleep 0.5
open_log=""
for i in 1 2 3; do
    m=$(( $(log_lines) + 1 ))
    tm_keys Enter
    sleep 1.5
    open_log+=$(log_from "$m")$'\n'
    [ "$i" -lt 3 ] && { tm_keys Escape; sleep 1; }
done
query_ms thread_page <<<"$open_log" | grep -q . ||
    fail "opening the thread of $phone ran no thread_page query (is it in the list?)"

# --- paging up ---------------------------------------------------------------------------------
m=$(( $(log_lines) + 1 ))
for i in $(seq 40); do tm_keys PgUp; sleep "$pause"; done
sleep 1
pgup_log=$(log_from "$m")

# --- on through 10,000 messages, then memory --------------------------------------------------
# Fetched rows of the thread since it was opened the last time (first page + older pages).
fetched() {
    log_from "$open_mark" | query_rows thread_page | awk '{ s += $1 } END { print s + 0 }'
}
open_mark=$(awk '/key to first screen/ { n = NR } END { print n }' < <(head -n $(( m - 1 )) "$TM_DIR/log"))
end=$(( $(date +%s) + 150 ))
while [ "$(fetched)" -lt 10200 ] && [ "$(date +%s)" -lt "$end" ]; do
    tm_keys PgUp PgUp PgUp PgUp PgUp PgUp PgUp PgUp PgUp PgUp
    sleep 0.3
done
sleep 1
scrolled=$(fetched)
pid=$(tm_app_pid)
rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
anon=$(awk '/RssAnon/ {print $2}' "/proc/$pid/status")
file=$(awk '/RssFile/ {print $2}' "/proc/$pid/status")
hwm=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
# --- the oldest and the newest messages (g, G), 3 times each ---------------------------------------
m=$(( $(log_lines) + 1 ))
for i in 1 2 3; do tm_keys g; sleep 1.5; tm_keys G; sleep 1.5; done
ends_log=$(log_from "$m")
tm_keys q; tm_wait_exit 5 >/dev/null
tm kill-server

# --- EXPLAIN of the statements the console sent -----------------------------------------------
# stmts PATTERN: the statements (SQL line, parameters line) of the console's session whose text
# matches PATTERN (awk regex), oldest first.
stmts() {
    tail -n +"$logstart" "$serverlog" | awk -v pat="$1" '
        /app=salondesk / && / execute [^:]*: / { sql = $0; sub(/.*execute [^:]*: /, "", sql)
            pending = (sql ~ pat); next }
        pending && /DETAIL:  [Pp]arameters: / {
            pending = 0; p = $0; sub(/.*DETAIL:  parameters: /, "", p)
            n = split(p, a, /\$[0-9]+ = /); vals = ""
            for (i = 2; i <= n; i++) { v = a[i]; sub(/, $/, "", v); vals = vals (i > 2 ? "," : "") v }
            print sql; print vals; next }
        { pending = 0 }'
}
# explain LABEL SQL VALS: EXPLAIN (ANALYZE, BUFFERS) 5 times; prints
# "exec_ms_median indexes_used_comma_separated" and keeps the last plan in $TM_DIR/plan.LABEL.
explain() {
    local label=$1 sql=$2 vals=$3 f=$TM_DIR/explain.$1.sql
    {
        printf 'PREPARE bench_q AS %s;\n' "$sql"
        for i in 1 2 3 4 5; do
            printf 'EXPLAIN (ANALYZE, BUFFERS) EXECUTE bench_q(%s);\n' "$vals"
        done
    } >"$f"
    psql -X -q -A -t -v ON_ERROR_STOP=1 -h "$PGHOST" -p "$PGPORT" -U postgres -d "$PGDATABASE" \
        -f "$f" >"$TM_DIR/plan.$label.all" 2>&1 || { cat "$TM_DIR/plan.$label.all" >&2; echo "- explain-failed"; return; }
    awk '{ buf = buf $0 "\n" } /Execution Time/ { last = buf; buf = "" } END { printf "%s", last }' \
        "$TM_DIR/plan.$label.all" >"$TM_DIR/plan.$label"
    local ex idx seq
    ex=$(sed -n 's/.*Execution Time: \([0-9.]*\) ms.*/\1/p' "$TM_DIR/plan.$label.all" | pct 50)
    # (nodes that did not run, such as the branch a statement skipped, do not count)
    idx=$(grep -v 'never executed' "$TM_DIR/plan.$label" |
        grep -o -E '(Index|Index Only|Bitmap Index) Scan (Backward )?(using|on) [a-z_]+' |
        awk '{ print $NF }' | sort -u | paste -sd, -)
    seq=$(grep -v 'never executed' "$TM_DIR/plan.$label" | grep -o -E 'Seq Scan on [a-z_]+' |
        awk '{ print $NF }' | sort -u | paste -sd, -)
    printf '%s %s%s\n' "$ex" "${idx:-none}" "${seq:+ seq-scan:$seq}"
}
explain_last() { # LABEL PATTERN: the last such statement
    local s sql vals
    s=$(stmts "$2" | tail -n 2)
    sql=$(sed -n 1p <<<"$s"); vals=$(sed -n 2p <<<"$s")
    [ -n "$sql" ] || { echo "- no-statement-found"; return; }
    explain "$1" "$sql" "$vals"
}
read -r list_ex list_idx <<<"$(explain_last list '^WITH r AS [(]SELECT w.salon_id')"
# the newest page: the window's edge is looked for from the end of time
read -r first_ex first_idx <<<"$(explain_last first '^SELECT kind, id, .*w."created_at" <= .infinity.::timestamp')"
# an older page: the keyset condition "< (cursor)" with newest-first order
read -r older_ex older_idx <<<"$(explain_last older '^SELECT kind, id, .*[)] < [(][$][0-9]+::timestamp, [$][0-9]+::text[)] ORDER BY m."created_at" DESC')"

echo "== Threads (issue 5): salon $salon, $nmsg messages in $nconv threads; biggest thread $phone, $tmsg messages"
printf 'conversation list, open (key 3): key to settled screen %s ms\n' "${list_open:--}"
printf '   refresh (r x5): key to settled screen %s ms\n' \
    "$(awk '/key to first screen/ { k++ } k > 1' <<<"$list_log" | key_settled | stats)"
printf '   threads_list_salon as the console timed it: %s ms\n' "$(query_ms threads_list_salon <<<"$list_log" | stats)"
printf '   EXPLAIN ANALYZE: execution %s ms (median of 5); indexes: %s\n' "$list_ex" "$list_idx"
printf 'open the biggest thread (Enter x3): key to first screen %s ms; key to settled screen %s ms\n' \
    "$(key_first <<<"$open_log" | stats)" "$(key_settled <<<"$open_log" | stats)"
printf '   thread_page (newest page) as the console timed it: %s ms\n' "$(query_ms thread_page <<<"$open_log" | stats)"
printf '   EXPLAIN ANALYZE: execution %s ms (median of 5); indexes: %s\n' "$first_ex" "$first_idx"
printf 'page up into history (PgUp x40, %ss apart): key to first screen %s ms; key to settled screen %s ms\n' \
    "$pause" "$(key_first <<<"$pgup_log" | stats)" "$(key_settled <<<"$pgup_log" | stats)"
printf '   thread_page (older pages) as the console timed it: %s ms\n' "$(query_ms thread_page <<<"$pgup_log" | stats)"
printf '   EXPLAIN ANALYZE of an older page: execution %s ms (median of 5); indexes: %s\n' "$older_ex" "$older_idx"
printf 'oldest and newest (g, G x3): key to settled screen %s ms; thread_page %s ms\n' \
    "$(key_settled <<<"$ends_log" | stats)" "$(query_ms thread_page <<<"$ends_log" | stats)"
printf 'memory after paging up through %s messages: VmRSS %s (RssAnon %s, RssFile %s), peak VmHWM %s\n' \
    "$scrolled" "$(kib_mb "$rss")" "$(kib_mb "$anon")" "$(kib_mb "$file")" "$(kib_mb "$hwm")"
if [ -n "${BENCH_KEEP:-}" ]; then
    mkdir -p "$BENCH_KEEP"
    for f in "$TM_DIR"/plan.list "$TM_DIR"/plan.first "$TM_DIR"/plan.older; do
        [ -f "$f" ] && cp "$f" "$BENCH_KEEP/threads.$(basename "$f")"
    done
    cp "$TM_DIR/log" "$BENCH_KEEP/threads.debug.log"
    note "plans and the debug log kept in $BENCH_KEEP"
else
    for l in list first older; do
        echo "--- plan, $l:"; sed 's/^/    /' "$TM_DIR/plan.$l" 2>/dev/null
    done
fi
exit 0
