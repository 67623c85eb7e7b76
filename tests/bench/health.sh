#!/bin/bash
# Side-by-side benchmark of the Health tab (issue 3) against pg_activity (Debian package
# pg-activity, installed if missing) on the same database under the same load: pgbench clients
# on a database of their own (sd_bench, scale 5) plus a lock chain in whatsapp_saas (one session
# holding a row lock, three waiting). Each tool runs alone in tmux at a 1 s refresh, salondesk on
# its Health tab for BENCH_SD_SECONDS (default 300: one whole cycle of its slowest figure, the
# webhook errors counted every 5 minutes, so that every statement weighs as often as it runs),
# pg_activity for BENCH_SECONDS (default 60; every one of its statements runs at each refresh).
# For each it prints:
#  - server time of its own queries per refresh: pg_stat_statements is reset when the run starts,
#    with pg_stat_statements.track_planning on for the run, so that planning counts too (each
#    tool's statements are planned anew at every call); the statements of the run are those in
#    whatsapp_saas other than the lock chain's (pgbench and this script's own look-ups run in
#    sd_bench), the transaction control salondesk wraps each statement in (BEGIN READ ONLY, its
#    set_config, COMMIT) included; refreshes are the calls of the tool's most frequent statement
#    other than that wrapping;
#  - client CPU per refresh (utime + stime from /proc/PID/stat over the run / refreshes);
#  - resident memory at the end (VmRSS; for pg_activity, its python process);
# and the ratios to pg_activity's, and whether every blocked session pg_activity shows (its F2
# "waiting" screen) is shown as blocked by `salondesk --once health --format csv`.
# Goals: at most a quarter of pg_activity's server time per refresh (issue 10; issue 3 asked for
# half), a third of its CPU, a quarter of its memory, every blocked session it shows also shown.
#   tests/fixture/pgfixture run -q --size large -- tests/bench/health.sh
# (It also runs in a small fixture; the published figures are from the large one.)
set -u
. "$(dirname "$0")/../lib.sh"
need_fixture "$@"
. "$top_srcdir/tests/tmux.sh"

secs=${BENCH_SECONDS:-60}
sd_secs=${BENCH_SD_SECONDS:-300}
BDB=sd_bench
PSQL=(psql -X -A -t -q -v ON_ERROR_STOP=1 -h "$PGHOST" -p "$PGPORT" -U postgres)

if ! command -v pg_activity >/dev/null; then
    note "installing pg-activity"
    apt-get install -y pg-activity >/dev/null 2>&1 ||
        { apt-get update >/dev/null 2>&1 && apt-get install -y pg-activity >/dev/null 2>&1; } ||
        hard_error "pg_activity is missing and could not be installed (apt-get install pg-activity)"
fi
command -v pgbench >/dev/null || hard_error "pgbench is missing (it comes with the postgresql package)"
command -v python3 >/dev/null || hard_error "python3 is missing"

PGB=""
bench_cleanup() {
    [ -n "$PGB" ] && kill "$PGB" 2>/dev/null
    "${PSQL[@]}" -d postgres -c "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
        WHERE application_name LIKE 'sd-bench-%' OR datname = '$BDB'" >/dev/null 2>&1
    local j; for j in $(jobs -p); do kill "$j" 2>/dev/null; done
    wait 2>/dev/null
    "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $BDB" >/dev/null 2>&1
    "${PSQL[@]}" -d postgres -c "ALTER SYSTEM RESET pg_stat_statements.track_planning" \
        -c "SELECT pg_reload_conf()" >/dev/null 2>&1
    tm_cleanup
}
trap bench_cleanup EXIT

# --- load ------------------------------------------------------------------------------------
"${PSQL[@]}" -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $BDB" \
    -c "CREATE DATABASE $BDB" >/dev/null ||
    hard_error "cannot create the database $BDB"
pgbench -i -q -s 5 -h "$PGHOST" -p "$PGPORT" -U postgres "$BDB" >"$TM_DIR/pgbench-init.log" 2>&1 ||
    { cat "$TM_DIR/pgbench-init.log"; hard_error "pgbench -i failed"; }
"${PSQL[@]}" -d "$BDB" -c 'CREATE EXTENSION IF NOT EXISTS pg_stat_statements' >/dev/null
"${PSQL[@]}" -d postgres -c "ALTER SYSTEM SET pg_stat_statements.track_planning = on" \
    -c "SELECT pg_reload_conf()" >/dev/null || hard_error "cannot turn on pg_stat_statements.track_planning"
bq() { "${PSQL[@]}" -d "$BDB" -c "$1"; } # look-ups from sd_bench, outside the measured database

salon=$(psql_fixture "SELECT id FROM salons ORDER BY id LIMIT 1")
lock_sql="SELECT id FROM salons WHERE id = '$salon' FOR UPDATE /* sd-bench lock chain */"
PGAPPNAME=sd-bench-holder psql -X -q -h "$PGHOST" -p "$PGPORT" -U postgres -d whatsapp_saas \
    -c "BEGIN" -c "$lock_sql" -c "SELECT pg_sleep(600)" >/dev/null 2>&1 &
for i in 1 2 3; do
    sleep 0.3
    PGAPPNAME=sd-bench-waiter psql -X -q -h "$PGHOST" -p "$PGPORT" -U postgres -d whatsapp_saas \
        -c "SET lock_timeout = '600s'" -c "$lock_sql" >/dev/null 2>&1 &
done
sleep 1
chain=$(bq "SELECT pid FROM pg_stat_activity WHERE application_name = 'sd-bench-waiter'
    AND cardinality(pg_blocking_pids(pid)) > 0 ORDER BY pid" | paste -sd' ' -)
holder=$(bq "SELECT pid FROM pg_stat_activity WHERE application_name = 'sd-bench-holder'")
[ "$(wc -w <<<"$chain")" = 3 ] || hard_error "the lock chain did not form (waiters: $chain)"

start_load() { # start_load NAME SECONDS
    pgbench -c 4 -j 2 -T $(($2 + 30)) -n -h "$PGHOST" -p "$PGPORT" -U postgres "$BDB" \
        >"$TM_DIR/pgbench.$1.log" 2>&1 &
    PGB=$!
    sleep 3
}
stop_load() { kill "$PGB" 2>/dev/null; wait "$PGB" 2>/dev/null; PGB=""; }

# Statements of the measured window: whatsapp_saas, not the lock chain's.
pss_where="dbid = (SELECT oid FROM pg_database WHERE datname = 'whatsapp_saas')
    AND query NOT LIKE '%sd-bench lock chain%' AND query NOT LIKE '%pg_sleep%'"
# salondesk's wrapping of every statement (src/db/conn.c), which runs as often as all the others.
pss_wrap="(query IN ('BEGIN READ ONLY', 'COMMIT') OR query LIKE 'SELECT set_config(%')"
# prints "exec_ms plan_ms refreshes statements"
pss_read() {
    bq "SELECT round(coalesce(sum(total_exec_time), 0)::numeric, 3),
               round(coalesce(sum(total_plan_time), 0)::numeric, 3),
               coalesce(max(calls) FILTER (WHERE NOT $pss_wrap), 0), count(*)
        FROM pg_stat_statements WHERE $pss_where" | tr '|' ' '
}
# pss_top N REFRESHES: the statements by total time, with their share of a refresh.
pss_top() {
    bq "SELECT lpad(calls::text, 5) || ' calls ' || lpad(round(total_exec_time::numeric, 1)::text, 8)
        || ' ms exec ' || lpad(round(total_plan_time::numeric, 1)::text, 6) || ' ms plan '
        || lpad(round(((total_exec_time + total_plan_time) / greatest($2, 1))::numeric, 3)::text, 6)
        || ' ms/refresh  ' || CASE WHEN query LIKE '%webhook_logs%' THEN '[webhook_logs] ' ELSE '' END
        || regexp_replace(left(query, 80), '\s+', ' ', 'g')
        FROM pg_stat_statements WHERE $pss_where
        ORDER BY total_exec_time + total_plan_time DESC LIMIT $1"
}
hz=$(getconf CLK_TCK)

# --- salondesk ----------------------------------------------------------------------------------
start_load salondesk "$sd_secs"
tm_start 160 50 -- --refresh 1 --debug-log "$TM_DIR/log"
tm_wait_for 'salondesk' 10
tm_keys 4
tm_wait_for 'connections' 10
sleep 3
sd_pid=$(tm_app_pid)
m=$(( $(wc -l <"$TM_DIR/log") + 1 ))
bq 'SELECT pg_stat_statements_reset()' >/dev/null
c0=$(cpu_ticks "$sd_pid"); sleep "$sd_secs"; c1=$(cpu_ticks "$sd_pid")
read -r sd_ms sd_plan sd_ref sd_nst <<<"$(pss_read)"
sd_top=$(pss_top 8 "$sd_ref")
sd_rss=$(awk '/VmRSS/ {print $2}' "/proc/$sd_pid/status")
sd_anon=$(awk '/RssAnon/ {print $2}' "/proc/$sd_pid/status")
sd_live=$(tail -n +"$m" "$TM_DIR/log" | grep -c 'db: query health_live:')
sd_screen=$(tm_screen)
tm_keys q; tm_wait_exit 5 >/dev/null
tm kill-server
stop_load
sd_cpu=$(( (c1 - c0) * 1000 / hz ))

# --- pg_activity ----------------------------------------------------------------------------------
start_load pg_activity "$secs"
tm new-session -d -s pga -x 160 -y 50 \
    "exec pg_activity -h '$PGHOST' -p '$PGPORT' -U postgres --refresh 1 -d whatsapp_saas 2>'$TM_DIR/pga.err'"
end=$(( $(date +%s) + 20 ))
until tm capture-pane -p -t pga 2>/dev/null | grep -q 'RUNNING QUERIES'; do
    [ "$(date +%s)" -lt "$end" ] || { tm capture-pane -p -t pga; cat "$TM_DIR/pga.err"; fail "pg_activity did not start"; }
    sleep 0.2
done
sleep 3
pa_pid=$(tm display-message -p -t pga '#{pane_pid}')
bq 'SELECT pg_stat_statements_reset()' >/dev/null
c0=$(cpu_ticks "$pa_pid"); sleep "$secs"; c1=$(cpu_ticks "$pa_pid")
read -r pa_ms pa_plan pa_ref pa_nst <<<"$(pss_read)"
pa_top=$(pss_top 8 "$pa_ref")
pa_rss=$(awk '/VmRSS/ {print $2}' "/proc/$pa_pid/status")
pa_anon=$(awk '/RssAnon/ {print $2}' "/proc/$pa_pid/status")
tm send-keys -t pga F2
sleep 2.5
pa_waiting=$(tm capture-pane -p -t pga)
tm send-keys -t pga q
sleep 0.5
tm kill-server 2>/dev/null
stop_load
pa_cpu=$(( (c1 - c0) * 1000 / hz ))

# --- blocked sessions: pg_activity's F2 screen vs salondesk --once health --format csv ----------
pa_blocked=$(awk '/WAITING QUERIES/ { on = 1; next } on && /^PID/ { hdr = 1; next }
    on && hdr && $1 ~ /^[0-9]+$/ { print $1 }' <<<"$pa_waiting" | sort -n | paste -sd' ' -)
"$SD_BIN" --once health --format csv >"$TM_DIR/health.csv" 2>"$TM_DIR/health.err" ||
    { cat "$TM_DIR/health.err"; fail "salondesk --once health failed"; }
sd_blocked=$(python3 - "$TM_DIR/health.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8")))
pids, hdr, section = [], None, None
for r in rows:
    if r and r[0].startswith("# "):
        section, hdr = r[0][2:], None
        continue
    if section != "activity" or not r:
        continue
    if hdr is None:
        hdr = r
        continue
    d = dict(zip(hdr, r))
    if d.get("blocked_by"):
        pids.append(int(d["pid"]))
print(" ".join(str(p) for p in sorted(pids)))
PY
)
missing=""
for p in $pa_blocked $chain; do
    grep -qw "$p" <<<"$sd_blocked" || missing+=" $p"
done

# --- report --------------------------------------------------------------------------------------
per() { awk -v a="$1" -v n="$2" 'BEGIN { if (n > 0) printf "%.2f", a / n; else print "-" }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }
sum() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a + b }'; }
sd_srv=$(per "$sd_ms" "$sd_ref"); pa_srv=$(per "$pa_ms" "$pa_ref")
sd_all=$(per "$(sum "$sd_ms" "$sd_plan")" "$sd_ref"); pa_all=$(per "$(sum "$pa_ms" "$pa_plan")" "$pa_ref")
sd_cpr=$(per "$sd_cpu" "$sd_ref"); pa_cpr=$(per "$pa_cpu" "$pa_ref")
echo "== Health (issues 3, 10): salondesk ${sd_secs} s vs pg_activity $(pg_activity --version 2>/dev/null | awk '{print $2}') ${secs} s, at --refresh 1, pgbench -c 4 on $BDB (scale 5) + lock chain"
printf '%-36s %14s %14s %8s %s\n' '' salondesk pg_activity ratio goal
printf '%-36s %14s %14s\n' 'refreshes (calls of top statement)' "$sd_ref" "$pa_ref"
printf '%-36s %14s %14s\n' 'statements seen' "$sd_nst" "$pa_nst"
printf '%-36s %14s %14s\n' 'server ms over the run: exec / plan' "$sd_ms / $sd_plan" "$pa_ms / $pa_plan"
printf '%-36s %14s %14s %8s %s\n' 'server time per refresh (ms)' "$sd_all" "$pa_all" "$(ratio "$sd_all" "$pa_all")" '<= 0.25'
printf '%-36s %14s %14s %8s\n' '  of which execution (ms)' "$sd_srv" "$pa_srv" "$(ratio "$sd_srv" "$pa_srv")"
printf '%-36s %14s %14s %8s %s\n' 'client CPU per refresh (ms)' "$sd_cpr" "$pa_cpr" "$(ratio "$sd_cpr" "$pa_cpr")" '<= 0.33'
printf '%-36s %14s %14s\n' 'client CPU over the run (ms)' "$sd_cpu" "$pa_cpu"
printf '%-36s %14s %14s %8s %s\n' 'resident memory VmRSS (KiB)' "$sd_rss" "$pa_rss" "$(ratio "$sd_rss" "$pa_rss")" '<= 0.25'
printf '%-36s %14s %14s\n' '  of which RssAnon (KiB)' "$sd_anon" "$pa_anon"
printf 'salondesk health_live queries in its debug log during the run: %s\n' "$sd_live"
printf 'lock chain: holder %s, waiters %s\n' "$holder" "$chain"
printf 'blocked sessions shown by pg_activity (F2): %s\n' "${pa_blocked:-none}"
printf 'blocked sessions shown by salondesk --once health (blocked_by set): %s\n' "${sd_blocked:-none}"
if [ -n "$missing" ]; then
    printf 'MISSING from salondesk:%s\n' "$missing"
else
    echo "every blocked session pg_activity shows (and every waiter of the chain) is shown by salondesk"
fi
grep -q "$holder" <<<"$sd_screen" && echo "the holder's pid is on salondesk's Health screen" ||
    echo "the holder's pid is NOT on salondesk's Health screen at the end of its run"
echo "--- salondesk's statements (top by total time over the run):"; sed 's/^/    /' <<<"$sd_top"
echo "--- pg_activity's statements (top by total time over the run):"; sed 's/^/    /' <<<"$pa_top"
exit 0
