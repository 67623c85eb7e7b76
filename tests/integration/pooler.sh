#!/bin/bash
# Through a real PgBouncer in transaction pooling mode (pool of 2 per user), the console leaves no
# session state behind: its settings live in each statement's own read-only transaction, so the
# platform's app, sharing the pool, still sees the server's defaults and can write. Every --once
# mode and format and the live console on every tab go through the pool; then enough psql
# clients to use every pooled server connection check the defaults and an INSERT; the server log
# shows every statement the console sent inside BEGIN READ ONLY with its timeouts set for that
# transaction only; a held lock makes --once fail quickly in the server's words; Ctrl-C cancels
# a waiting refresh through the pool and cancel asks knowing the backend is pooled
# (pgbouncer=true); and nothing of the console's is left in flight in the pool.
set -u
. "$(dirname "$0")/../lib.sh"
need_private_fixture "$@" # holds an ACCESS EXCLUSIVE lock on salons and reads the whole log
. "$top_srcdir/tests/tmux.sh"

t_start=$(date +%s%N)
ms_since() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
bin="$top_builddir/salondesk"
[ -x "$bin" ] || hard_error "$bin is not built"
holder=""
trap '[ -n "$holder" ] && kill "$holder" 2>/dev/null; pooler_stop; [ -n "${SD_KEEP_POOLER_LOG:-}" ] && cp "$POOLER_DIR/pgbouncer.log" "$POOLER_DIR/stderr" "$SD_KEEP_POOLER_LOG/" 2>/dev/null; tm_cleanup' EXIT

POOL=2
failures=""
problem() { failures="$failures
$*"; note "FAILED: $*"; }
plog_lines() { grep -c . "$POOLER_DIR/pgbouncer.log" 2>/dev/null || echo 0; }
start_pool() {
    pooler_start "$SALONDESK_FIXTURE_DIR/pooler" "$POOL" transaction
    app_url="postgresql://whatsapp_app@127.0.0.1:$POOLER_PORT/whatsapp_saas?schema=public&pgbouncer=true"
    su_url="postgresql://postgres@127.0.0.1:$POOLER_PORT/whatsapp_saas?schema=public&pgbouncer=true"
}
# pool_survived WHAT: after WHAT, pgbouncer still runs; if it died, say so and start another so
# that the rest of the test can still tell what else is wrong.
crashes=0
pool_survived() {
    local why
    sleep 0.05 # a crash on the exit of the client just gone takes a moment
    why=$(pooler_alive) && return 0
    crashes=$((crashes + 1))
    problem "pgbouncer died after $1: $why"
    start_pool
    return 1
}
start_pool
note "pgbouncer $(pooler_admin 'SHOW VERSION' | sed -n 2p | sed 's/^PgBouncer //') on 127.0.0.1:$POOLER_PORT, transaction pooling, pool $POOL"
plog="$POOLER_DIR/pgbouncer.log"
slog=$("$top_srcdir/tests/fixture/pgfixture" log)

# --- a. every --once mode and format, as the app role and as postgres -------------------------
runs=0 ok=0 a_cancels=0
for who in whatsapp_app postgres; do
    for mode in salons bookings threads health; do
        for fmt in text csv json; do
            [ "$who" = postgres ] && url=$su_url || url=$app_url
            before=$(plog_lines)
            out=$(timeout 20 "$bin" --once "$mode" --format "$fmt" --dsn "$url" 2>"$TM_DIR/once.err")
            rc=$?
            runs=$((runs + 1))
            c=$(tail -n +"$((before + 1))" "$plog" 2>/dev/null | grep -c 'started sending cancel request')
            a_cancels=$((a_cancels + c))
            [ "$c" = 0 ] || note "a: --once $mode --format $fmt as $who sent $c cancel request(s) through pgbouncer as it finished"
            pool_survived "--once $mode --format $fmt as $who" || continue
            if [ "$rc" != 0 ]; then
                problem "a: as $who, --once $mode --format $fmt through pgbouncer exited $rc: $(head -c 300 "$TM_DIR/once.err")"
            elif [ "$(printf '%s\n' "$out" | grep -c .)" -lt 2 ]; then
                problem "a: as $who, --once $mode --format $fmt: no rows: $(printf '%s' "$out" | head -c 200)"
            elif [ "$fmt" = csv ] && ! printf '%s\n' "$out" | head -1 | grep -q $'\r$'; then
                problem "a: as $who, --once $mode --format csv: the header does not end in CRLF"
            elif [ "$fmt" = json ] && [ "${out:0:1}" != "[" ] && [ "${out:0:1}" != "{" ]; then
                problem "a: as $who, --once $mode --format json does not start with [ or {: ${out:0:80}"
            else
                ok=$((ok + 1))
            fi
        done
    done
done
note "a: $ok of $runs --once runs through pgbouncer exited 0 with rows; $a_cancels cancel request(s); pgbouncer crashed $crashes time(s)"
[ "$a_cancels" = 0 ] || problem "e: --once left a statement running and cancelled it as it exited, $a_cancels time(s) in $runs runs (pgbouncer: started sending cancel request)"

# --- b. the live console on every tab and every Health view ------------------------------------
salons=$(psql_fixture "select count(*) from salons")
# In a subshell, so that a screen that never comes (tm_wait_for fails) is one failure among the
# others; the subshell does not inherit the EXIT trap.
b_out=$(
    tm_start 160 40 -- --refresh 1 --dsn "$app_url"
    tm_wait_for "$salons salons \(" 10
    tm_keys 2; tm_wait_for 'Today, .* bookings' 10
    tm_keys 3; tm_wait_for 'conversations, newest first' 10
    tm_keys 4; tm_wait_for 'connections [0-9]+ of [0-9]+' 10
    tm_keys a; tm_wait_for 'whatsapp_app +whatsapp_saas +salondesk' 10
    tm_keys b; tm_wait_for 'no session waits on a lock|Blocked' 10
    tm_keys t; tm_wait_for 'public\.salons' 10
    tm_keys x; tm_wait_for 'public\.messages_pkey' 10
    tm_keys S; tm_wait_for 'Calls.*Total ms' 10
    tm_keys R; tm_wait_for 'Kind +Name +Client +State|No standby streams' 10
    tm_keys a
    sleep 3 # three refreshes of Health
    tm_wait_for 'whatsapp_app +whatsapp_saas +salondesk' 5
    tm_keys 1; tm_wait_for "$salons salons \(" 5
    bad='ERROR|canceling statement|read-only transaction|connection (lost|failed)|server closed'
    if tm_screen | grep -Eq "$bad"; then tm_screen; fail "the live console through pgbouncer shows an error"; fi
    tm_quit_within 2000 "after the live console through pgbouncer"
    ! grep -Eq "$bad" "$TM_DIR/stderr" || fail "the live console's stderr: $(cat "$TM_DIR/stderr")"
) || problem "b: the live console through pgbouncer: $(printf '%s\n' "$b_out" | tail -n 25)"
tm kill-server 2>/dev/null
pool_survived "the live console" &&
    note "b: live console on tabs 1-4 and Health a b t x S R through pgbouncer, quit with q"

# --- f. Ctrl-C through the pool, and what cancel and terminate say behind a pooler -------------
# A refresh waits on a lock held directly on the server (lock_timeout is 2 s); Ctrl-C reaches
# the server through pgbouncer's cancel forwarding and the server's own words come back; the
# console carries on once the lock is gone. pgbouncer=true is in the URL, so the cancel
# confirmation says the backend is a pooled server connection.
f_out=$(
    tm_start 160 40 -- --refresh 60 --dsn "$app_url"
    tm_wait_for "$salons salons \(" 10
    PGAPPNAME=sd-pooler-f timeout 30 psql -X -q -h "$SALONDESK_FIXTURE_DIR" -p "$SALONDESK_FIXTURE_PORT" \
        -U postgres -d whatsapp_saas -c 'BEGIN' -c 'LOCK TABLE salons IN ACCESS EXCLUSIVE MODE' \
        -c 'SELECT pg_sleep(8)' >/dev/null 2>&1 &
    for _ in $(seq 100); do
        [ "$(psql_fixture "select count(*) from pg_stat_activity where application_name = 'sd-pooler-f' and wait_event = 'PgSleep'")" = 1 ] && break
        sleep 0.1
    done
    before=$(plog_lines)
    tm_keys r; sleep 0.5
    tm_keys C-c
    tm_wait_for 'canceling statement due to user request' 3
    tail -n +"$((before + 1))" "$plog" | grep -q 'cancel request' ||
        fail "the cancel did not go through pgbouncer"
    psql_fixture "select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'sd-pooler-f'" >/dev/null
    wait
    tm_keys r; tm_wait_gone 'canceling statement' 10
    tm_keys 4; tm_wait_for 'connections [0-9]+ of [0-9]+' 10
    # An app client's query through the same pool, to ask to cancel.
    PGAPPNAME=sd-app-f timeout 30 psql -X -q -h 127.0.0.1 -p "$POOLER_PORT" -U whatsapp_app \
        -d whatsapp_saas -c 'SELECT pg_sleep(6)' >/dev/null 2>&1 &
    sleep 0.5
    tm_keys a / 'app:sd-app-f' Enter r
    tm_wait_for '[0-9]+ +whatsapp_app +whatsapp_saas +sd-app-f' 10
    tm_keys c; tm_wait_for 'Cancel the running query of' 5
    tm_wait_for 'pgbouncer=true: a pooled server connection' 5
    tm_keys Escape
    tm_wait_gone 'Cancel the running query of' 5
    wait
    tm_quit_within 2000 "after Ctrl-C through pgbouncer"
) && f_ok=1 || { f_ok=0; problem "f: Ctrl-C through pgbouncer: $(printf '%s\n' "$f_out" | tail -n 25)"; }
tm kill-server 2>/dev/null
pool_survived "Ctrl-C through the pool" && [ "$f_ok" = 1 ] &&
    note "f: Ctrl-C on a refresh waiting on a lock went through pgbouncer; the cancel confirmation names the pool"

# --- d (first half). a held lock: --once fails quickly, in the server's words ------------------
# The lock is taken directly on the server, as superuser; the console goes through the pool with
# its own small timeouts.
mkdir -p "$TM_DIR/lockcfg/salondesk"
printf 'statement_timeout: 500\nlock_timeout: 300\n' >"$TM_DIR/lockcfg/salondesk/config.yaml"
PGAPPNAME=sd-pooler-lock timeout 40 psql -X -q -h "$SALONDESK_FIXTURE_DIR" -p "$SALONDESK_FIXTURE_PORT" \
    -U postgres -d whatsapp_saas -c 'BEGIN' -c 'LOCK TABLE salons IN ACCESS EXCLUSIVE MODE' \
    -c 'SELECT pg_sleep(20)' >/dev/null 2>&1 &
holder=$!
for _ in $(seq 100); do
    [ "$(psql_fixture "select count(*) from pg_locks l join pg_stat_activity a using (pid) where a.application_name = 'sd-pooler-lock' and l.relation = 'public.salons'::regclass and l.mode = 'AccessExclusiveLock' and l.granted")" = 1 ] && break
    sleep 0.1
done
[ "$(psql_fixture "select count(*) from pg_stat_activity where application_name = 'sd-pooler-lock' and wait_event = 'PgSleep'")" = 1 ] ||
    hard_error "the lock holder did not take its lock"
t0=$(date +%s%N)
out=$(XDG_CONFIG_HOME="$TM_DIR/lockcfg" timeout 30 "$bin" --once salons --dsn "$app_url" 2>&1)
rc=$?
lock_ms=$(ms_since "$t0")
psql_fixture "select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'sd-pooler-lock'" >/dev/null
wait "$holder" 2>/dev/null
holder=""
note "d: --once salons behind an ACCESS EXCLUSIVE lock: exit $rc after $lock_ms ms: $(printf '%s' "$out" | head -c 300)"
pool_survived "--once salons behind a held lock"
lock_fail=""
[ "$rc" = 1 ] || lock_fail="exit status $rc, want 1"
[ "$lock_ms" -lt 10000 ] || lock_fail="$lock_fail; took $lock_ms ms, want well under 10 s"
printf '%s' "$out" | grep -Eq 'canceling statement due to (lock|statement) timeout' ||
    lock_fail="$lock_fail; not the server's words"

# --- c. every pooled server connection still has the server's defaults ------------------------
# The last client of each pool before the check is the console, leaving cleanly.
for url in "$app_url" "$su_url"; do
    timeout 20 "$bin" --once salons --dsn "$url" >/dev/null 2>"$TM_DIR/once.err" ||
        problem "c: --once salons through pgbouncer exited $?: $(head -c 300 "$TM_DIR/once.err")"
done
pool_survived "the last --once salons runs"
# Six clients per user, each holding a transaction for 0.5 s, so that both server connections of
# each pool serve some; each reads the settings inside its transaction (one server connection)
# and writes (rolled back).
check_client() { # check_client USER N
    timeout 20 psql -X -A -t -q -F '|' -h 127.0.0.1 -p "$POOLER_PORT" -U "$1" -d whatsapp_saas 2>&1 <<SQL
BEGIN;
SELECT 'pid', pg_backend_pid();
SELECT 'settings', current_setting('default_transaction_read_only'), current_setting('transaction_read_only'),
       current_setting('statement_timeout'), current_setting('lock_timeout'),
       current_setting('idle_in_transaction_session_timeout'), current_setting('search_path');
SELECT 'sleep', pg_sleep(0.5);
INSERT INTO salons (id, name, phone_number_id, access_token, updated_at)
    VALUES ('sd-pooler-$1-$2', 'pooler check', 'pooler-$1-$2', 'tok', now());
SELECT 'insert', count(*) FROM salons WHERE id = 'sd-pooler-$1-$2';
ROLLBACK;
SQL
}
clients=()
for u in whatsapp_app postgres; do
    for n in 1 2 3 4 5 6; do
        check_client "$u" "$n" >"$TM_DIR/c.$u.$n" &
        clients+=($!)
    done
done
wait_fail=0
for j in "${clients[@]}"; do wait "$j" || wait_fail=1; done
# shellcheck disable=SC2016 # "$user" is the server's default search_path, literally
want='settings|off|off|0|0|0|"$user", public'
leaks=""
for u in whatsapp_app postgres; do
    pids=$(cat "$TM_DIR"/c."$u".* | sed -n 's/^pid|//p' | sort -u)
    servers=$(pooler_admin 'SHOW SERVERS' | awk -F'|' -v u="$u" '$2 == u && $3 == "whatsapp_saas" { print $16 }' | sort -u)
    nsrv=$(printf '%s\n' "$servers" | grep -c .)
    untouched=$(comm -13 <(printf '%s\n' "$pids") <(printf '%s\n' "$servers") | grep . | tr '\n' ' ')
    note "c: $u: 6 clients ran on $(printf '%s\n' "$pids" | grep -c .) server connection(s) ($(printf '%s ' $pids)); the pool has $nsrv ($(printf '%s ' $servers))"
    [ "$nsrv" -ge 1 ] || hard_error "SHOW SERVERS lists no server connection for $u"
    [ -z "$untouched" ] || hard_error "$u: pooled server connection(s) $untouched served none of the clients"
    for n in 1 2 3 4 5 6; do
        f="$TM_DIR/c.$u.$n"
        pid=$(sed -n 's/^pid|//p' "$f")
        got=$(grep '^settings|' "$f")
        [ "$got" = "$want" ] ||
            leaks="$leaks
  $u client $n on server pid ${pid:-?}: ${got:-no settings row} (want $want)"
        grep -qx 'insert|1' "$f" ||
            leaks="$leaks
  $u client $n on server pid ${pid:-?}: the INSERT failed: $(grep -E 'ERROR|FATAL' "$f" | head -2 | tr '\n' ' ')"
    done
done

# --- d (second half). what the console sent, from the server's log ----------------------------
# Every statement of application_name=salondesk (all of which came through the pool) must be
# inside a transaction begun with BEGIN READ ONLY whose first statement sets the three timeouts
# for that transaction only (set_config(..., true)); no set_config(..., false), no SET. The
# SET application_name=... lines are pgbouncer's own (logged under the previous client's name).
audit=$(perl -ne '
    BEGIN { $n = $tx = $v = 0; %in = (); %want = (); $seen500 = 0; %last = () }
    if (/^\d{4}-\d\d-\d\d [\d:.]+ \S+ \[(\d+)\] app=(\S*) \S+ (LOG|DETAIL):  (.*)$/) {
        my ($pid, $app, $kind, $text) = ($1, $2, $3, $4);
        if ($kind eq "DETAIL") {
            $seen500++ if ($last{$pid} // "") eq "settings" && $app eq "salondesk" && $text =~ /\$1 = .500., \$2 = .300./;
            next;
        }
        $last{$pid} = "";
        next unless $text =~ /^(?:statement|execute [^:]*): (.*)$/;
        my $sql = $1;
        next if $sql =~ /^SET (application_name|client_encoding|datestyle|timezone|standard_conforming_strings)\s*=/i;
        next unless $app eq "salondesk";
        $n++;
        my $bad = "";
        if ($sql =~ /^BEGIN READ ONLY\b/i) {
            $bad = "BEGIN READ ONLY inside a transaction" if $in{$pid};
            $in{$pid} = 1; $want{$pid} = 1; $tx++;
        } elsif ($want{$pid}) {
            $want{$pid} = 0;
            if ($sql =~ /^SELECT set_config\(.statement_timeout., \$1, true\), set_config\(.lock_timeout., \$2, true\), set_config\(.idle_in_transaction_session_timeout., \$3, true\)/) {
                $last{$pid} = "settings";
            } else {
                $bad = "first statement after BEGIN READ ONLY does not set the timeouts";
            }
        } elsif ($sql =~ /^(COMMIT|ROLLBACK|END)\b/i) {
            $bad = "$1 outside a transaction" unless $in{$pid};
            $in{$pid} = 0;
        } elsif (!$in{$pid}) {
            $bad = "outside BEGIN READ ONLY";
        }
        $bad = "session-level set_config(..., false)" if $sql =~ /set_config\([^()]*,\s*false\s*\)/i;
        $bad = "a SET statement" if $sql =~ /^\s*(SET|RESET)\s/i;
        $bad = "BEGIN that is not READ ONLY" if $sql =~ /^\s*(BEGIN|START TRANSACTION)\b/i && $sql !~ /READ ONLY/i;
        if ($bad ne "") {
            $v++;
            print "  [$pid] $bad: ", substr($sql, 0, 140), "\n" if $v <= 8;
        }
    }
    END { print "n_stmt=$n n_tx=$tx n_bad=$v n_500=$seen500\n" }
' "$slog")
summary=$(printf '%s\n' "$audit" | tail -1)
violations=$(printf '%s\n' "$audit" | sed '$d')
note "d: server log, application_name=salondesk: $summary"
figure() { printf '%s\n' "$summary" | sed -n "s/.*\\<$1=\\([0-9]*\\).*/\\1/p"; }
n_stmt=$(figure n_stmt) n_bad=$(figure n_bad) n_500=$(figure n_500)
[ "${n_stmt:-0}" -ge 100 ] || hard_error "only ${n_stmt:-0} statements of salondesk in $slog: is log_statement=all on?"

# --- e. nothing of the console's left in flight in the pool ------------------------------------
pools=$(pooler_admin 'SHOW POOLS')
servers=$(pooler_admin 'SHOW SERVERS')
busy=$(printf '%s\n' "$pools" | awk -F'|' '$1 == "whatsapp_saas" && ($3 + $4 + $7) > 0')
active=$(printf '%s\n' "$servers" | awk -F'|' '$3 == "whatsapp_saas" && $4 == "active"')
logins=$(grep -c 'whatsapp_saas/.* login attempt' "$plog")
eofs=$(grep -E 'whatsapp_saas/.*closing because: (client unexpected eof|client disconnect while server was not ready|unclean server)' "$plog")
closed=$(grep -c 'S-.*whatsapp_saas/.*closing because' "$plog")
note "e: pgbouncer: $logins logins to whatsapp_saas, $closed server connection(s) closed; pools now: $(printf '%s\n' "$pools" | awk -F'|' '$1 == "whatsapp_saas" { printf "%s cl_active=%s sv_active=%s sv_idle=%s; ", $2, $3, $7, $10 }')"

# --- verdict ----------------------------------------------------------------------------------
[ "$wait_fail" = 0 ] || problem "c: a psql client through pgbouncer failed: $(grep -h -E 'ERROR|FATAL' "$TM_DIR"/c.* | sort | uniq -c | head -5)"
[ -z "$leaks" ] || problem "c: session state leaked to other clients of the pool:$leaks"
[ -z "$lock_fail" ] || problem "d: --once salons behind a held lock, with statement_timeout 500 and lock_timeout 300: ${lock_fail#; } (output: $(printf '%s' "$out" | head -c 300))"
[ "$n_bad" = 0 ] || problem "d: $n_bad of the console's $n_stmt statements broke the one-read-only-transaction rule, e.g.:
$violations"
[ "$n_500" -ge 1 ] || problem "d: no transaction of the lock run set statement_timeout 500 and lock_timeout 300"
[ -z "$busy$active" ] || problem "e: something is still in flight in the pool:
$busy$active"
[ -z "$eofs" ] || problem "e: a client left the pool mid-query or mid-cancel:
$eofs"
note "run time $(ms_since "$t_start") ms"
[ -z "$failures" ] || fail "${failures#$'\n'}"
exit 0
