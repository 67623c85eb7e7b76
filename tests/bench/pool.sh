#!/bin/bash
# Benchmark of many staff consoles through one pool (issue 10, second half; not part of
# `make check`). BENCH_CONSOLES (100) live consoles, each in its own pty (one window each of one
# private tmux server), on the Bookings tab of a salon (--salon, --refresh BENCH_INTERVAL = 2),
# reach the server through Debian's pgbouncer in transaction mode with default_pool_size
# BENCH_POOL (10), as whatsapp_app, the platform's own role, while pgbench writes through the
# same pool (same database and user, so the same 10 server connections): BENCH_CLIENTS (4)
# clients, -M extended, at BENCH_RATE (200) transactions a second (0: unthrottled), each a
# booking read FOR UPDATE and its updated_at written, in one transaction. Then the same run with
# no pooler at all: consoles and pgbench straight to the server. All on loopback TCP.
# Each run:
#  1. pgbench alone for BENCH_BASE_SECONDS (15): the server's CPU for the writes alone;
#  2. the consoles start (spread over one interval), each until its first period query;
#  3. pgbench again, and BENCH_SECONDS (60) of measured window inside it; then every console
#     is killed (tmux kill-server).
# It prints, for the window:
#  - pgbench: errors (failed transactions, aborted clients, error lines; must be 0), tps,
#    latency average and p95 (per-transaction log), and the same alone;
#  - each console's refreshes, from its --debug-log (one bookings_period query per refresh):
#    count against BENCH_SECONDS / BENCH_INTERVAL, the longest gap between two (the window's
#    edges count), failed queries, lost connections; a console is on time when it has at least
#    the expected count less one and no gap over 1.25 intervals; and what the console measured
#    for its query (sent to rows; through the pool this includes the wait for a server
#    connection);
#  - server CPU: utime+stime of the fixture's postmaster and all its children from /proc (reaped
#    children through the postmaster's cutime+cstime) over the window, less the rate of the
#    pgbench-alone phase, per console refresh; and the server's own execution time of the
#    consoles' statements per refresh (pg_stat_statements, role whatsapp_app, not pgbench's);
#  - pgbouncer's CPU (also less its pgbench-alone rate), its wait for a server connection per
#    transaction (SHOW STATS, all clients) and the most clients seen waiting (SHOW POOLS every
#    5 s);
#  - the consoles' own CPU (utime+stime of the salondesk processes) per refresh, and tmux's.
# The fixture is private (its server is restarted with max_connections for N consoles direct,
# and log_statement off, so that logging every statement is not part of the server's CPU).
# About 4 minutes with the defaults. Develop with BENCH_CONSOLES=10 BENCH_SECONDS=20.
#   tests/fixture/pgfixture run -q -- tests/bench/pool.sh
# Environment: BENCH_CONSOLES, BENCH_SECONDS, BENCH_BASE_SECONDS, BENCH_INTERVAL, BENCH_POOL,
# BENCH_RATE, BENCH_CLIENTS, BENCH_MODES ("pool direct"), BENCH_KEEP=DIR (keeps the debug logs,
# pgbench output and pgbouncer log), SD_BIN.
# shellcheck disable=SC2016,SC2034,SC2086 # the report's rows are templates, R_* figures are read
# through eval, and pid lists are meant to split
set -u
. "$(dirname "$0")/../lib.sh"
need_private_fixture "$@" # restarts the server with other settings
. "$top_srcdir/tests/tmux.sh"
. "$top_srcdir/tests/bench/bench.sh"

n=${BENCH_CONSOLES:-100}
secs=${BENCH_SECONDS:-60}
base=${BENCH_BASE_SECONDS:-15}
interval=${BENCH_INTERVAL:-2}
pool=${BENCH_POOL:-10}
rate=${BENCH_RATE:-200}
clients=${BENCH_CLIENTS:-4}
modes=${BENCH_MODES:-pool direct}
hz=$(getconf CLK_TCK)
[ -x "$SD_BIN" ] || hard_error "$SD_BIN is not built"
command -v pgbench >/dev/null || hard_error "pgbench is missing (it comes with the postgresql package)"
PSQL=(psql -X -A -t -q -v ON_ERROR_STOP=1 -h "$PGHOST" -p "$PGPORT" -U postgres -d whatsapp_saas)

PGB=""
bench_cleanup() {
    [ -n "$PGB" ] && { kill "$PGB" 2>/dev/null; wait "$PGB" 2>/dev/null; }
    tm kill-server 2>/dev/null
    pooler_stop
    if [ -n "${BENCH_KEEP:-}" ]; then
        mkdir -p "$BENCH_KEEP" && cp -r "$TM_DIR"/run.* "$BENCH_KEEP"/ 2>/dev/null
    fi
    tm_cleanup
}
trap bench_cleanup EXIT

# --- the server: room for every console direct, no statement logging -------------------------
maxconn=$(( n + clients + 20 ))
[ "$maxconn" -lt 60 ] && maxconn=60
"${PSQL[@]}" -c "ALTER SYSTEM SET max_connections = $maxconn" -c "ALTER SYSTEM SET log_statement = 'none'" ||
    hard_error "cannot change the server's settings"
"$top_srcdir/tests/fixture/pgfixture" restart >/dev/null 2>&1 || hard_error "the fixture's server did not restart"
[ "$("${PSQL[@]}" -c 'SHOW max_connections')" = "$maxconn" ] || hard_error "max_connections is not $maxconn"
postmaster=$(head -1 "$SALONDESK_FIXTURE_DIR/data/postmaster.pid")
app_oid=$("${PSQL[@]}" -c "SELECT oid FROM pg_roles WHERE rolname = 'whatsapp_app'")
[ -n "$app_oid" ] || hard_error "the fixture has no whatsapp_app role"

# The bookings pgbench writes, numbered, in a schema of the benchmark's own.
"${PSQL[@]}" -c "SET client_min_messages = warning" -c "DROP SCHEMA IF EXISTS sd_bench CASCADE" \
    -c "CREATE SCHEMA sd_bench" \
    -c "CREATE TABLE sd_bench.ids AS SELECT row_number() OVER (ORDER BY id)::int AS n, id FROM bookings" \
    -c "ALTER TABLE sd_bench.ids ADD PRIMARY KEY (n)" -c "ANALYZE sd_bench.ids" \
    -c "GRANT USAGE ON SCHEMA sd_bench TO whatsapp_app" -c "GRANT SELECT ON sd_bench.ids TO whatsapp_app" ||
    hard_error "cannot make sd_bench.ids"
nbook=$("${PSQL[@]}" -c "SELECT count(*) FROM sd_bench.ids")
cat >"$TM_DIR/write.sql" <<SQL
\set n random(1, $nbook)
BEGIN /* sd-bench */;
SELECT b.status FROM bookings b JOIN sd_bench.ids i ON i.id = b.id WHERE i.n = :n FOR UPDATE OF b /* sd-bench */;
UPDATE bookings SET updated_at = now() WHERE id = (SELECT id FROM sd_bench.ids WHERE n = :n) /* sd-bench */;
END /* sd-bench */;
SQL
mapfile -t salons < <("${PSQL[@]}" -c "SELECT id FROM salons ORDER BY id")
[ "${#salons[@]}" -gt 0 ] || hard_error "the fixture has no salons"

# --- measuring --------------------------------------------------------------------------------
# ticks PID...: utime+stime of the processes (clock ticks); gone ones count 0.
ticks() {
    perl -e 'my $s = 0; for my $p (@ARGV) { open(my $f, "<", "/proc/$p/stat") or next;
        my $l = <$f>; $l =~ s/^.*\) //; my @a = split / /, $l; $s += $a[11] + $a[12] } print "$s\n"' "$@"
}
# server_ticks: the postmaster (with its reaped children) and every live child.
server_ticks() {
    perl -e 'my $pm = shift; my $s = 0; opendir(my $d, "/proc") or die;
        for my $p (grep { /^\d+$/ } readdir $d) { open(my $f, "<", "/proc/$p/stat") or next;
            my $l = <$f>; $l =~ s/^.*\) //; my @a = split / /, $l;
            if ($p == $pm) { $s += $a[11] + $a[12] + $a[13] + $a[14] } elsif ($a[1] == $pm) { $s += $a[11] + $a[12] } }
        print "$s\n"' "$postmaster"
}
ms_of() { echo $(( $1 * 1000 / hz )); }
now_s() { date +%s.%N; }
# stat_get FIELD: a column of SHOW STATS for whatsapp_saas (by its header's name).
stat_get() {
    pooler_admin 'SHOW STATS' | awk -F'|' -v c="$1" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == c) k = i; next }
        $1 == "whatsapp_saas" { print $k }'
}
# pgbench_start DIR SECONDS PORT: the writes, as whatsapp_app, in the background (PGB).
pgbench_start() {
    local r=()
    [ "$rate" != 0 ] && r=(-R "$rate")
    pgbench -n -M extended -c "$clients" -j "$(( clients < 2 ? clients : 2 ))" "${r[@]}" -T "$2" -f "$TM_DIR/write.sql" -l \
        --log-prefix="$1/pgbench" -h 127.0.0.1 -p "$3" -U whatsapp_app whatsapp_saas \
        >"$1/pgbench.out" 2>&1 &
    PGB=$!
}
# pgbench_wait DIR: waits for it (in this shell, not in a $(...)); then pgbench_figures DIR
# prints "errors tps avg_ms p95_ms" (errors: failed transactions, aborted clients, lines saying
# error, and a non-zero exit status).
pgbench_wait() {
    local rc=0
    wait "$PGB" || rc=$?
    PGB=""
    echo "$rc" >"$1/pgbench.rc"
}
pgbench_figures() {
    local rc failed aborted errs tps lat
    rc=$(cat "$1/pgbench.rc")
    failed=$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' "$1/pgbench.out")
    aborted=$(grep -c 'aborted' "$1/pgbench.out")
    errs=$(grep -ci 'error' "$1/pgbench.out")
    tps=$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' "$1/pgbench.out" | head -1 | awk '{ printf "%.1f", $1 }')
    lat=$(cat "$1"/pgbench.[0-9]* 2>/dev/null | awk 'NF >= 6 { print $3 / 1000 }' |
        sort -n | awk '{ v[NR] = $1; s += $1 } END { if (!NR) { print "- -"; exit }
            i = int(0.95 * NR + 0.999999); printf "%.2f %.2f\n", s / NR, v[i] }')
    [ "$rc" = 0 ] || errs=$((errs + 1))
    echo "$(( ${failed:-1} + aborted + errs )) ${tps:--} $lat"
    rm -f "$1"/pgbench.[0-9]* # the per-transaction logs, big
}

# --- one run ------------------------------------------------------------------------------------
# run_mode pool|direct: sets R_* figures for the report.
run_mode() {
    local mode=$1 dir="$TM_DIR/run.$1" port url i cmd t0 t1 s0 s1 b0 b1 c0 c1 x0 x1 w0 w1 q0 q1 \
        pids tmuxpid waiting k line
    mkdir -p "$dir"
    if [ "$mode" = pool ]; then
        pooler_start "$SALONDESK_FIXTURE_DIR/pooler.$mode" "$pool" transaction
        port=$POOLER_PORT
        url="postgresql://whatsapp_app@127.0.0.1:$port/whatsapp_saas?schema=public&pgbouncer=true"
        note "$mode: pgbouncer $(pooler_admin 'SHOW VERSION' | sed -n 2p | sed 's/^PgBouncer //') on 127.0.0.1:$port, transaction pooling, default_pool_size $pool"
    else
        port=$SALONDESK_FIXTURE_PORT
        url="postgresql://whatsapp_app@127.0.0.1:$port/whatsapp_saas?schema=public"
        note "$mode: straight to the server on 127.0.0.1:$port"
    fi

    # 1. pgbench alone
    mkdir -p "$dir/alone"
    pgbench_start "$dir/alone" $((base + 4)) "$port"
    sleep 2
    s0=$(server_ticks); b0=0; [ "$mode" = pool ] && b0=$(ticks "$POOLER_PID")
    t0=$(now_s); sleep "$base"; t1=$(now_s)
    s1=$(server_ticks); b1=0; [ "$mode" = pool ] && b1=$(ticks "$POOLER_PID")
    pgbench_wait "$dir/alone"
    read -r R_A_ERR R_A_TPS R_A_LAT R_A_P95 <<<"$(pgbench_figures "$dir/alone")"
    # per second of the alone phase, in ms
    R_A_SRV=$(awk -v t="$(( s1 - s0 ))" -v hz="$hz" -v d="$(awk -v a="$t0" -v b="$t1" 'BEGIN{print b-a}')" 'BEGIN { printf "%.2f", t * 1000 / hz / d }')
    R_A_BNC=$(awk -v t="$(( b1 - b0 ))" -v hz="$hz" -v d="$base" 'BEGIN { printf "%.2f", t * 1000 / hz / d }')
    note "$mode: pgbench alone: errors $R_A_ERR, tps $R_A_TPS, latency $R_A_LAT ms (p95 $R_A_P95); server CPU $R_A_SRV ms/s"

    # 2. the consoles, spread over one interval
    local gap; gap=$(awk -v i="$interval" -v n="$n" 'BEGIN { printf "%.3f", i / n }')
    # Window 0 holds the server up; console i is in window i + 1 and stays there when it exits.
    # (New windows take the session's 120x40 as no client is attached; setting window-size or
    # default-size makes tmux 3.3a crash on the next new-window -d.)
    tm_new_session c 120 40 "exec sleep 86400"
    tm set-option -g remain-on-exit on >/dev/null
    for i in $(seq 0 $((n - 1))); do
        mkdir -p "$dir/c$i/state"
        cmd="exec env XDG_STATE_HOME=$dir/c$i/state $(printf '%q' "$SD_BIN") --refresh $interval"
        cmd="$cmd --salon $(printf '%q' "${salons[$((i % ${#salons[@]}))]}") --debug-log $dir/c$i/log"
        cmd="$cmd --dsn $(printf '%q' "$url") 2>$dir/c$i/stderr"
        tm new-window -d -t c: "$cmd" || hard_error "tmux could not open console $i's window"
        sleep "$gap"
    done
    local end=$(( $(date +%s) + 60 )) started=0
    while [ "$(date +%s)" -lt "$end" ]; do
        started=$(grep -l 'db: query bookings_period:' "$dir"/c*/log 2>/dev/null | wc -l)
        [ "$started" -ge "$n" ] && break
        sleep 0.5
    done
    [ "$started" -ge "$n" ] || note "$mode: only $started of $n consoles showed their bookings within 60 s"
    pids=$(tm list-panes -a -F '#{window_index} #{pane_pid} #{pane_dead}' | awk '$1 > 0 && $3 == 0 { print $2 }')
    tmuxpid=$(tm display-message -p '#{pid}')
    R_LIVE0=$(wc -w <<<"$pids")
    sleep "$interval"

    # 3. the window, inside a second pgbench
    mkdir -p "$dir/window"
    pgbench_start "$dir/window" $((secs + 4)) "$port"
    sleep 2
    "${PSQL[@]}" -c 'SELECT pg_stat_statements_reset()' >/dev/null
    w0=0 q0=0
    if [ "$mode" = pool ]; then
        w0=$(stat_get total_wait_time); q0=$(stat_get total_xact_count); b0=$(ticks "$POOLER_PID")
    fi
    # Straight to the server, each console has a backend of its own: their CPU alone, as a check
    # on the subtraction of pgbench's share.
    local bes="" be0=0 be1=0
    [ "$mode" = direct ] &&
        bes=$("${PSQL[@]}" -c "SELECT pid FROM pg_stat_activity WHERE application_name = 'salondesk'")
    # shellcheck disable=SC2086
    s0=$(server_ticks); c0=$(ticks $pids); x0=$(ticks "$tmuxpid"); t0=$(now_s); [ -n "$bes" ] && be0=$(ticks $bes)
    R_WAITMAX=0 R_MAXWAIT=0
    for k in $(seq $(( secs / 5 ))); do
        sleep 5
        if [ "$mode" = pool ]; then
            line=$(pooler_admin 'SHOW POOLS' | awk -F'|' 'NR == 1 { for (i = 1; i <= NF; i++) h[$i] = i; next }
                $1 == "whatsapp_saas" && $2 == "whatsapp_app" { print $h["cl_waiting"], $h["maxwait"] * 1000 + int($h["maxwait_us"] / 1000) }')
            read -r waiting line <<<"${line:-0 0}"
            [ "$waiting" -gt "$R_WAITMAX" ] && R_WAITMAX=$waiting
            [ "$line" -gt "$R_MAXWAIT" ] && R_MAXWAIT=$line
        fi
    done
    sleep $(( secs % 5 ))
    # shellcheck disable=SC2086
    t1=$(now_s); s1=$(server_ticks); c1=$(ticks $pids); x1=$(ticks "$tmuxpid"); [ -n "$bes" ] && be1=$(ticks $bes)
    if [ "$mode" = pool ]; then
        b1=$(ticks "$POOLER_PID"); w1=$(stat_get total_wait_time); q1=$(stat_get total_xact_count)
    fi
    R_LOAD=$(cut -d' ' -f1 /proc/loadavg)
    read -r R_STMT_MS R_STMT_CALLS <<<"$("${PSQL[@]}" -c "SELECT round(coalesce(sum(total_exec_time), 0)::numeric, 1),
        coalesce(sum(calls) FILTER (WHERE query LIKE '%bookings%'), 0)
        FROM pg_stat_statements WHERE userid = $app_oid AND query NOT LIKE '%sd-bench%'" | tr '|' ' ')"
    R_BACKENDS=$("${PSQL[@]}" -c "SELECT count(*) FROM pg_stat_activity WHERE usename = 'whatsapp_app'")
    R_LIVE1=0 R_BADSCREEN=0
    for i in $(tm list-panes -a -F '#{window_index}:#{pane_dead}' | awk -F: '$1 > 0 && $2 == 0 { print $1 }'); do
        R_LIVE1=$((R_LIVE1 + 1))
        tm capture-pane -p -t "c:$i" | grep -Eq 'STALE|ERROR|rror|lost|canceling|timeout' &&
            { R_BADSCREEN=$((R_BADSCREEN + 1)); [ "$R_BADSCREEN" -le 2 ] && tm capture-pane -p -t "c:$i" | tail -n 2 >&2; }
    done
    pgbench_wait "$dir/window"
    read -r R_B_ERR R_B_TPS R_B_LAT R_B_P95 <<<"$(pgbench_figures "$dir/window")"
    tm kill-server 2>/dev/null
    for _ in $(seq 50); do
        # shellcheck disable=SC2086
        kill -0 $pids 2>/dev/null || break
        sleep 0.1
    done
    # shellcheck disable=SC2086
    kill -0 $pids 2>/dev/null && note "$mode: some consoles were still running 5 s after tmux went"
    if [ "$mode" = pool ]; then
        R_PLOG_BAD=$(grep -E 'WARNING|ERROR' "$POOLER_DIR/pgbouncer.log" | grep -vc 'closing because: client close request')
        grep -E 'WARNING|ERROR' "$POOLER_DIR/pgbouncer.log" | head -3 >&2
        cp "$POOLER_DIR/pgbouncer.log" "$dir/" 2>/dev/null
        pooler_stop
    fi

    # the figures
    local dur; dur=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
    R_DUR=$dur
    R_SRV_MS=$(ms_of $(( s1 - s0 )))
    R_CON_MS=$(ms_of $(( c1 - c0 )))
    R_TMUX_MS=$(ms_of $(( x1 - x0 )))
    R_BNC_MS=0; [ "$mode" = pool ] && R_BNC_MS=$(ms_of $(( b1 - b0 )))
    R_POOLWAIT=-
    [ "$mode" = pool ] && [ "$(( q1 - q0 ))" -gt 0 ] &&
        R_POOLWAIT=$(awk -v w="$(( w1 - w0 ))" -v q="$(( q1 - q0 ))" 'BEGIN { printf "%.2f", w / q / 1000 }')
    # shellcheck disable=SC2046
    read -r R_REF R_EXP R_ONTIME R_MINREF R_MAXGAP R_QFAIL R_LOST R_QMED R_QP95 R_QMAX R_SLOW R_WORST <<<"$(
        perl - "$t0" "$t1" "$interval" "$dir"/c*/log <<'PL'
use strict; use warnings; use Time::Local qw(timegm);
my ($t0, $t1, $iv, @files) = @ARGV;
my $exp = int(($t1 - $t0) / $iv + 1e-9);
my ($ref, $ontime, $minref, $maxgap, $fail, $lost, $slow, @ms) = (0, 0, 1e9, 0, 0, 0, 0);
my $worst = "-";
for my $f (@files) {
    open(my $h, "<", $f) or next;
    my (@t, $before);
    while (<$h>) {
        next unless /^(\d+)-(\d+)-(\d+)T(\d+):(\d+):(\d+)\.(\d+)Z (.*)$/;
        my $ts = timegm($6, $5, $4, $3, $2 - 1, $1) + $7 / 1000;
        my $m = $8;
        next if $ts > $t1;
        if ($m =~ /^db: query bookings_period: \d+ rows in (\d+) ms/) {
            if ($ts < $t0) { $before = $ts; next }
            push @t, $ts; push @ms, $1;
            $slow++ if $1 * 9 > $iv * 1000;
        } elsif ($ts >= $t0 && $m =~ /^db: query \S+ failed/) { $fail++ }
        elsif ($ts >= $t0 && $m =~ /^db: connection (lost|failed)/) { $lost++ }
    }
    my @edges = (defined $before ? $before : $t0, @t, $t1);
    my $g = 0;
    for my $i (1 .. $#edges) { my $d = $edges[$i] - $edges[$i - 1]; $g = $d if $d > $g }
    $ref += @t;
    $minref = @t if @t < $minref;
    if ($g > $maxgap) { $maxgap = $g; ($worst = $f) =~ s{.*/(c\d+)/log$}{$1} }
    $ontime++ if @t >= $exp - 1 && $g <= 1.25 * $iv;
}
@ms = sort { $a <=> $b } @ms;
my $p = sub { return "-" unless @ms; my $i = int($_[0] / 100 * @ms + 0.999999); $i = 1 if $i < 1; $ms[$i - 1] };
printf "%d %d %d %d %.2f %d %d %s %s %s %d %s\n", $ref, $exp * @files, $ontime, $minref == 1e9 ? 0 : $minref,
    $maxgap, $fail, $lost, $p->(50), $p->(95), $p->(100), $slow, $worst;
PL
    )"
    R_ERRFILES=$(find "$dir" -name stderr -size +0 | wc -l)
    local sub; sub=$(awk -v s="$R_SRV_MS" -v a="$R_A_SRV" -v d="$dur" 'BEGIN { printf "%.0f", s - a * d }')
    R_SRV_PER=$(awk -v s="$sub" -v r="$R_REF" 'BEGIN { if (r > 0) printf "%.2f", s / r; else print "-" }')
    R_SRV_RAW=$(awk -v s="$R_SRV_MS" -v r="$R_REF" 'BEGIN { if (r > 0) printf "%.2f", s / r; else print "-" }')
    R_EXEC_PER=$(awk -v s="$R_STMT_MS" -v r="$R_REF" 'BEGIN { if (r > 0) printf "%.3f", s / r; else print "-" }')
    R_CON_PER=$(awk -v s="$R_CON_MS" -v r="$R_REF" 'BEGIN { if (r > 0) printf "%.2f", s / r; else print "-" }')
    R_BNC_PER=-
    [ "$mode" = pool ] && R_BNC_PER=$(awk -v s="$R_BNC_MS" -v a="$R_A_BNC" -v d="$dur" -v r="$R_REF" \
        'BEGIN { if (r > 0) printf "%.2f", (s - a * d) / r; else print "-" }')
    R_SUB=$sub
    R_OWN_PER=-
    [ -n "$bes" ] && R_OWN_PER=$(awk -v s="$(ms_of $(( be1 - be0 )))" -v r="$R_REF" \
        'BEGIN { if (r > 0) printf "%.2f", s / r; else print "-" }')
    R_BNC_RATE=$R_A_BNC
    local v
    for v in A_ERR A_TPS A_LAT A_P95 A_SRV B_ERR B_TPS B_LAT B_P95 LIVE0 LIVE1 BADSCREEN REF EXP ONTIME \
            MINREF MAXGAP QFAIL LOST QMED QP95 QMAX SLOW WORST ERRFILES SRV_MS SUB SRV_PER SRV_RAW \
            STMT_MS STMT_CALLS EXEC_PER CON_MS CON_PER TMUX_MS BNC_MS BNC_PER BNC_RATE OWN_PER POOLWAIT WAITMAX \
            MAXWAIT BACKENDS DUR LOAD; do
        eval "F_${mode}_$v=\${R_$v:--}"
    done
    [ "$mode" = pool ] && { eval "F_${mode}_PLOG_BAD=\${R_PLOG_BAD:-0}"; }
}

for m in $modes; do run_mode "$m"; done

# --- report -------------------------------------------------------------------------------------
g() { local v="F_$1_$2"; printf '%s' "${!v:--}"; }
row() { # row LABEL FIELD-or-"=TEXT" per mode...
    local label=$1 m; shift
    printf '%-52s' "$label"
    for m in $modes; do printf ' %20s' "$(eval "printf '%s' \"$1\"")"; done
    printf '\n'
}
echo "== Many consoles through one pool (issue 10): $n consoles on Bookings at --refresh $interval, ${secs} s window"
echo "   pgbouncer $(/usr/sbin/pgbouncer --version 2>/dev/null | head -1 | awk '{print $2}') transaction mode, default_pool_size $pool (pool) vs straight to the server (direct);"
echo "   pgbench -c $clients -M extended -R $rate as whatsapp_app, the same role as the consoles (one pool);"
echo "   small demo data ($nbook bookings, ${#salons[@]} salons); loopback; machine: $(nproc) cores, shared with other work"
printf '%-52s' ''; for m in $modes; do printf ' %20s' "$m"; done; printf '\n'
row 'window (s, measured)' '$(g $m DUR)'
row 'load average (1 min) at the end of the window' '$(g $m LOAD)'
row 'consoles live at start / end of window' '$(g $m LIVE0) / $(g $m LIVE1)'
row 'refreshes in window / expected' '$(g $m REF) / $(g $m EXP)'
row 'consoles on time (>= expected-1, every gap <= 1.25x)' '$(g $m ONTIME) of $n'
row 'fewest refreshes of one console' '$(g $m MINREF)'
row 'longest gap between refreshes (s), console' '$(g $m MAXGAP) $(g $m WORST)'
row 'failed queries / lost connections / stderr' '$(g $m QFAIL) / $(g $m LOST) / $(g $m ERRFILES)'
row 'screens showing an error or STALE at the end' '$(g $m BADSCREEN)'
row 'console query ms (sent to rows) median/p95/max' '$(g $m QMED)/$(g $m QP95)/$(g $m QMAX)'
row 'refreshes whose query took > interval/9' '$(g $m SLOW)'
row 'console CPU per refresh (ms)' '$(g $m CON_PER)'
row 'console CPU, all consoles, window (ms)' '$(g $m CON_MS)'
row 'server CPU, window (ms)' '$(g $m SRV_MS)'
row 'server CPU, pgbench alone (ms per s)' '$(g $m A_SRV)'
row 'server CPU per console refresh (ms), less pgbench' '$(g $m SRV_PER)'
row 'server CPU per console refresh (ms), all' '$(g $m SRV_RAW)'
row 'server CPU per refresh (ms), consoles own backends' '$(g $m OWN_PER)'
row 'server exec time per refresh (ms, pg_stat_stmts)' '$(g $m EXEC_PER)'
row 'server backends of whatsapp_app at the end' '$(g $m BACKENDS)'
row 'pgbouncer CPU, window (ms) / pgbench alone (ms/s)' '$(g $m BNC_MS) / $(g $m BNC_RATE)'
row 'pgbouncer CPU per refresh (ms), less pgbench' '$(g $m BNC_PER)'
row 'pool: wait for a server per transaction (ms)' '$(g $m POOLWAIT)'
row 'pool: most clients waiting / longest wait (ms)' '$(g $m WAITMAX) / $(g $m MAXWAIT)'
row 'pgbouncer log warnings/errors' '$(g $m PLOG_BAD)'
row 'tmux (the ptys) CPU, window (ms)' '$(g $m TMUX_MS)'
row 'pgbench with consoles: errors' '$(g $m B_ERR)'
row 'pgbench with consoles: tps, latency avg/p95 ms' '$(g $m B_TPS) $(g $m B_LAT)/$(g $m B_P95)'
row 'pgbench alone: errors' '$(g $m A_ERR)'
row 'pgbench alone: tps, latency avg/p95 ms' '$(g $m A_TPS) $(g $m A_LAT)/$(g $m A_P95)'
exit 0
