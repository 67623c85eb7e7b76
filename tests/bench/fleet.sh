#!/bin/bash
# Benchmark of the fleet strip (issue 11, "every server at once"; not part of `make check`): a
# primary (the fixture, --replication) and two real streaming standbys (standby_start twice), a
# light write load on the primary (pgbench -c 2 -R BENCH_RATE on a database of its own, sd_bench,
# so that the standbys replay), and, each alone at --refresh 1 for BENCH_SECONDS (60):
#  1. salondesk on the fleet strip of a profile listing the three servers;
#  2. salondesk on one server's full Health (the primary alone);
#  3. pg_activity, one per server (three processes, the only way it sees three servers), started
#     together, as the peer's equivalent of the strip.
# For each: the server time of the tool's statements per refresh, summed over the servers
# (pg_stat_statements of database whatsapp_saas on every server, reset at the start of the run,
# with track_planning on, execution + planning; salondesk's BEGIN READ ONLY / set_config /
# COMMIT wrapping included); refreshes = calls of the tool's most frequent statement on the
# primary; the client CPU (utime+stime from /proc, of every process of the tool) per refresh;
# and the ratios of the strip to one server's Health and to the three pg_activity.
# Also the strip's statement alone on each server, from pg_stat_statements: mean execution and
# planning ms per call.
#   tests/fixture/pgfixture run -q --replication -- tests/bench/fleet.sh    (about 4 minutes)
# Environment: BENCH_SECONDS (60), BENCH_RATE (50 transactions a second), SD_BIN.
set -u
. "$(dirname "$0")/../lib.sh"
PGFIXTURE_ARGS=--replication need_private_fixture "$@" # starts and stops standbys of its own
. "$top_srcdir/tests/tmux.sh"

secs=${BENCH_SECONDS:-60}
rate=${BENCH_RATE:-50}
BDB=sd_bench
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sd-bench-fleet.XXXXXX")
chmod 755 "$tmp"
command -v pgbench >/dev/null || hard_error "pgbench is missing (it comes with the postgresql package)"
have_pga=yes
if ! command -v pg_activity >/dev/null; then
    note "installing pg-activity"
    apt-get install -y pg-activity >/dev/null 2>&1 ||
        { apt-get update >/dev/null 2>&1 && apt-get install -y pg-activity >/dev/null 2>&1; } ||
        have_pga=no
fi

PGB=""
S1_DIR="" S2_DIR=""
stop_standbys() {
    local d p
    for d in "$S1_DIR:${S1_PORT:-}" "$S2_DIR:${S2_PORT:-}"; do
        p=${d##*:}
        [ -n "$p" ] || continue
        STANDBY_DIR=${d%:*} STANDBY_PORT=$p standby_stop immediate
    done
}
bench_cleanup() {
    [ -n "$PGB" ] && kill "$PGB" 2>/dev/null
    wait 2>/dev/null
    stop_standbys
    tm_cleanup
    rm -rf "$tmp"
}
trap bench_cleanup EXIT

# --- the servers -------------------------------------------------------------------------------
standby_start "$tmp/s1" sd_bench_s1
S1_DIR=$STANDBY_DIR S1_PORT=$STANDBY_PORT
standby_start "$tmp/s2" sd_bench_s2
S2_DIR=$STANDBY_DIR S2_PORT=$STANDBY_PORT
hosts=("$SALONDESK_FIXTURE_DIR:$SALONDESK_FIXTURE_PORT" "$S1_DIR:$S1_PORT" "$S2_DIR:$S2_PORT")
on() { # on I SQL: psql as postgres on server I (0 primary, 1 and 2 the standbys), whatsapp_saas
    local h=${hosts[$1]}
    psql -X -A -t -q -v ON_ERROR_STOP=1 -h "${h%:*}" -p "${h##*:}" -U postgres -d whatsapp_saas -c "$2"
}
for i in 0 1 2; do
    on "$i" "ALTER SYSTEM SET pg_stat_statements.track_planning = on" >/dev/null &&
        on "$i" "SELECT pg_reload_conf()" >/dev/null || hard_error "server $i: cannot turn on track_planning"
done
mkdir -p "$XDG_CONFIG_HOME/salondesk"
{
    echo "profiles:"
    echo "  fleet:"
    echo "    servers:"
    for h in "${hosts[@]}"; do echo "      - \"host=${h%:*} port=${h##*:} dbname=whatsapp_saas user=postgres\""; done
    echo "  one:"
    echo "    dsn: \"host=${hosts[0]%:*} port=${hosts[0]##*:} dbname=whatsapp_saas user=postgres\""
} >"$XDG_CONFIG_HOME/salondesk/config.yaml"

# --- load ------------------------------------------------------------------------------------
PSQL=(psql -X -A -t -q -v ON_ERROR_STOP=1 -h "$SALONDESK_FIXTURE_DIR" -p "$SALONDESK_FIXTURE_PORT" -U postgres)
"${PSQL[@]}" -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $BDB" \
    -c "CREATE DATABASE $BDB" >/dev/null || hard_error "cannot create the database $BDB"
pgbench -i -q -s 1 -h "$SALONDESK_FIXTURE_DIR" -p "$SALONDESK_FIXTURE_PORT" -U postgres "$BDB" \
    >"$tmp/pgbench-init.log" 2>&1 || { cat "$tmp/pgbench-init.log"; hard_error "pgbench -i failed"; }
pgbench -c 2 -j 1 -R "$rate" -T $((secs * 3 + 120)) -n -h "$SALONDESK_FIXTURE_DIR" \
    -p "$SALONDESK_FIXTURE_PORT" -U postgres "$BDB" >"$tmp/pgbench.log" 2>&1 &
PGB=$!
sleep 3

# --- measuring ----------------------------------------------------------------------------------
pss_where="dbid = (SELECT oid FROM pg_database WHERE datname = 'whatsapp_saas')
    AND query NOT LIKE '%pg_stat_statements%' AND query NOT LIKE '%pg_reload_conf%'"
pss_wrap="(query IN ('BEGIN READ ONLY', 'COMMIT') OR query LIKE 'SELECT set_config(%')"
reset_all() { for i in 0 1 2; do on "$i" 'SELECT pg_stat_statements_reset()' >/dev/null; done; }
# pss_ms I: "exec+plan ms, calls of the top statement (not the wrapping)" on server I
pss_ms() {
    on "$1" "SELECT round(coalesce(sum(total_exec_time + total_plan_time), 0)::numeric, 3),
        coalesce(max(calls) FILTER (WHERE NOT $pss_wrap), 0) FROM pg_stat_statements WHERE $pss_where" | tr '|' ' '
}
# The fleet statement alone on server I: calls, mean exec ms, mean plan ms
pss_fleet() {
    on "$1" "SELECT calls, round((total_exec_time / greatest(calls, 1))::numeric, 3),
        round((total_plan_time / greatest(calls, 1))::numeric, 3)
        FROM pg_stat_statements WHERE $pss_where AND query LIKE 'WITH x AS (SELECT pg_catalog.pg_is_in_recovery() AS rec,%'
        ORDER BY calls DESC LIMIT 1" | tr '|' ' '
}
hz=$(getconf CLK_TCK)
# measure NAME PIDS...: runs the window; sets R_ms (server ms over all), R_ref, R_cpu (ms)
measure() {
    local name=$1 c0=0 c1=0 p i ms calls
    shift
    reset_all
    for p in "$@"; do c0=$((c0 + $(cpu_ticks "$p"))); done
    sleep "$secs"
    for p in "$@"; do c1=$((c1 + $(cpu_ticks "$p"))); done
    R_ms=0 R_ref=0
    for i in 0 1 2; do
        read -r ms calls <<<"$(pss_ms "$i")"
        R_ms=$(awk -v a="$R_ms" -v b="$ms" 'BEGIN { printf "%.3f", a + b }')
        [ "$i" = 0 ] && R_ref=$calls
        eval "R_${name}_srv$i=$ms"
    done
    R_cpu=$(( (c1 - c0) * 1000 / hz ))
}

# 1. The fleet strip.
tm_start 200 40 -- --profile fleet --refresh 1
tm_keys 4
tm_wait_for 'Every server: 3, 0 down' 15
tm_wait_for "$S1_DIR:$S1_PORT +standby +up " 15
tm_wait_for "$S2_DIR:$S2_PORT +standby +up " 15
sleep 3
sd_pid=$(tm_app_pid)
measure fleet "$sd_pid"
fl_ms=$R_ms fl_ref=$R_ref fl_cpu=$R_cpu
fl_each=""
for i in 0 1 2; do fl_each+=" server $i: $(pss_fleet "$i" | awk '{printf "%s calls, %s ms exec + %s ms plan per call", $1, $2, $3}');"; done
fl_screen=$(tm_screen)
tm_keys q; tm_wait_exit 5 >/dev/null
tm kill-server

# 2. One server's full Health.
tm_start 200 40 -- --profile one --refresh 1
tm_keys 4
tm_wait_for 'connections [0-9]+ of' 15
sleep 3
sd_pid=$(tm_app_pid)
measure one "$sd_pid"
one_ms=$R_ms one_ref=$R_ref one_cpu=$R_cpu
tm_keys q; tm_wait_exit 5 >/dev/null
tm kill-server

# 3. pg_activity, once per server, at the same time.
pa_ms=- pa_ref=- pa_cpu=-
if [ "$have_pga" = yes ]; then
    pids=()
    for i in 0 1 2; do
        h=${hosts[$i]}
        for _ in $(seq 20); do # a server killed a moment ago may still be going away
            tm new-session -d -s "pga$i" -x 160 -y 50 \
                "exec pg_activity -h '${h%:*}' -p '${h##*:}' -U postgres --refresh 1 -d whatsapp_saas 2>'$tmp/pga$i.err'" \
                2>/dev/null && break
            sleep 0.2
        done
    done
    for i in 0 1 2; do
        end=$(( $(date +%s) + 30 ))
        until tm capture-pane -p -t "pga$i" 2>/dev/null | grep -q 'RUNNING QUERIES'; do
            [ "$(date +%s)" -lt "$end" ] || { tm capture-pane -p -t "pga$i"; cat "$tmp/pga$i.err"; fail "pg_activity $i did not start"; }
            sleep 0.2
        done
        pids+=("$(tm display-message -p -t "pga$i" '#{pane_pid}')")
    done
    sleep 3
    measure pga "${pids[@]}"
    pa_ms=$R_ms pa_ref=$R_ref pa_cpu=$R_cpu
    tm kill-server 2>/dev/null
fi
kill "$PGB" 2>/dev/null; wait "$PGB" 2>/dev/null; PGB=""

# --- report --------------------------------------------------------------------------------------
per() { awk -v a="$1" -v n="$2" 'BEGIN { if (n > 0) printf "%.3f", a / n; else print "-" }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 > 0) printf "%.2f", a / b; else print "-" }'; }
fl_srv=$(per "$fl_ms" "$fl_ref"); one_srv=$(per "$one_ms" "$one_ref"); pa_srv=$(per "$pa_ms" "$pa_ref")
fl_cpr=$(per "$fl_cpu" "$fl_ref"); one_cpr=$(per "$one_cpu" "$one_ref"); pa_cpr=$(per "$pa_cpu" "$pa_ref")
echo "== Fleet strip (issue 11): a primary and two streaming standbys, --refresh 1, ${secs} s each, pgbench -c 2 -R $rate on $BDB"
printf '%-40s %14s %14s %14s\n' '' 'fleet strip' 'one Health' '3 pg_activity'
printf '%-40s %14s %14s %14s\n' 'servers watched' 3 1 3
printf '%-40s %14s %14s %14s\n' 'refreshes (top statement, primary)' "$fl_ref" "$one_ref" "$pa_ref"
printf '%-40s %14s %14s %14s\n' 'server ms over the run (all servers)' "$fl_ms" "$one_ms" "$pa_ms"
printf '%-40s %14s %14s %14s\n' '  of which primary / standby 1 / 2' "${R_fleet_srv0:-} / ${R_fleet_srv1:-} / ${R_fleet_srv2:-}" \
    "${R_one_srv0:-} / - / -" "${R_pga_srv0:--} / ${R_pga_srv1:--} / ${R_pga_srv2:--}"
printf '%-40s %14s %14s %14s\n' 'server ms per refresh (all servers)' "$fl_srv" "$one_srv" "$pa_srv"
printf '%-40s %14s %14s %14s\n' 'client CPU over the run (ms)' "$fl_cpu" "$one_cpu" "$pa_cpu"
printf '%-40s %14s %14s %14s\n' 'client CPU per refresh (ms)' "$fl_cpr" "$one_cpr" "$pa_cpr"
printf 'strip / one Health: server time %s, CPU %s\n' "$(ratio "$fl_srv" "$one_srv")" "$(ratio "$fl_cpr" "$one_cpr")"
if [ "$have_pga" = yes ]; then
    printf 'strip / 3 pg_activity (%s): server time %s, CPU %s\n' \
        "$(pg_activity --version 2>/dev/null | awk '{print $2}')" "$(ratio "$fl_srv" "$pa_srv")" "$(ratio "$fl_cpr" "$pa_cpr")"
else
    echo "pg_activity is not installed and could not be installed: no ratio to it"
fi
echo "the fleet statement:$fl_each"
echo "--- the strip at the end of its run:"
printf '%s\n' "$fl_screen" | sed -n '1,8p' | sed 's/^/    /'
exit 0
