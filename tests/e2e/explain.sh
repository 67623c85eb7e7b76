#!/bin/bash
# `e` (show plan) must never run another session's code with the console's privileges. The
# planner evaluates immutable functions while it plans; an attacker with CREATE on public
# defines one that, run by anyone but the attacker, writes a file through COPY ... TO PROGRAM,
# and runs it in a long query. A superuser's console pressing e on that session must not create
# the file: without sql/roles.sql it plans only its own role's queries, and with it, it plans
# as salondesk_planner, which cannot use COPY TO PROGRAM. An ordinary query's plan is still
# shown in both cases. Its own fixture: the functions and roles change the database.
set -u
. "$(dirname "$0")/../lib.sh"
need_private_fixture "$@"
. "$top_srcdir/tests/tmux.sh"

spot=$(mktemp -d /tmp/sd-explain.XXXXXX)
chmod 777 "$spot"
marker="$spot/pwned"
bgpids=()
cleanup_all() {
    for p in "${bgpids[@]}"; do kill "$p" 2>/dev/null; done
    rm -rf "$spot"
    tm_cleanup
}
trap cleanup_all EXIT

psql_fixture "CREATE ROLE attacker LOGIN" "GRANT CREATE, USAGE ON SCHEMA public TO attacker" >/dev/null
psql -X -q -v ON_ERROR_STOP=1 -U attacker -d whatsapp_saas <<EOF || hard_error "attacker's functions"
CREATE FUNCTION public.leak() RETURNS int LANGUAGE plpgsql VOLATILE AS \$f\$
BEGIN
    IF current_user <> 'attacker' THEN
        EXECUTE 'COPY (SELECT current_user) TO PROGRAM ''cat > $marker''';
    END IF;
    RETURN 1;
END \$f\$;
CREATE FUNCTION public.price_of(int) RETURNS int LANGUAGE plpgsql IMMUTABLE AS \$f\$
BEGIN
    RETURN public.leak() + \$1;
END \$f\$;
EOF

# The attack is real: a superuser's plain EXPLAIN of that text writes the file.
psql_fixture "EXPLAIN SELECT public.price_of(42)" >/dev/null 2>&1
[ -e "$marker" ] || hard_error "the attack did not work against a superuser's EXPLAIN"
rm -f "$marker"

attack() {
    psql -X -q -U attacker -d whatsapp_saas -c "SELECT public.price_of(42), pg_sleep(120)" >/dev/null 2>&1 &
    bgpids+=($!)
}
ordinary() { # an ordinary long query of another role, fully qualified as Prisma writes them
    psql -X -q -U sd_dba -d whatsapp_saas \
        -c "SELECT count(*) FROM public.bookings b WHERE b.salon_id IS NOT NULL AND pg_sleep(120) IS NULL" \
        >/dev/null 2>&1 &
    bgpids+=($!)
}
own() {
    psql -X -q -U postgres -d whatsapp_saas -c "SELECT count(*) FROM public.salons, pg_sleep(120)" \
        >/dev/null 2>&1 &
    bgpids+=($!)
}
wait_active() {
    for _ in $(seq 50); do
        [ "$(psql_fixture "select count(*) from pg_stat_activity where usename = '$1' and state = 'active'")" -ge 1 ] && return 0
        sleep 0.1
    done
    hard_error "no active session of $1"
}

# plan_of USER: opens the session of USER in Health and presses e.
plan_of() {
    tm_keys Escape Escape
    tm_keys / "user:$1${2:+ $2}" Enter
    tm_wait_for "[0-9]+ +$1 " 10
    tm_keys Enter
    tm_wait_for 'the full query' 5
    tm_keys e
    sleep 2
}

# A superuser's console on Health's activity view.
health_as_postgres() {
    tm_start 160 40 -- --dsn "host=$SALONDESK_FIXTURE_DIR port=$SALONDESK_FIXTURE_PORT dbname=whatsapp_saas user=postgres"
    tm_keys 4
    tm_wait_for 'connections [0-9]+ of [0-9]+' 10
    tm_keys a
}

attack; ordinary; own
wait_active attacker; wait_active sd_dba
# postgres's own long query (not the console's, nor this script's psql).
for _ in $(seq 100); do
    [ "$(psql_fixture "select count(*) from pg_stat_activity where usename = 'postgres' and state = 'active' and query like '%FROM public.salons, pg_sleep(120)%' and pid <> pg_backend_pid()")" -ge 1 ] && break
    sleep 0.1
done
health_as_postgres

# 1. No planner role: another role's text is not planned, and the screen says why.
plan_of attacker
[ -e "$marker" ] && fail "e on the attacker's query ran its code as the console's role"
tm_wait_for 'salondesk_planner' 5
tm_screen | grep -q 'Plan (EXPLAIN' && fail "a plan was shown for another role's query without the planner"
plan_of postgres pg_sleep # its long query, not the console's own session
tm_wait_for 'planned as postgres' 5
tm_wait_for 'Aggregate|Nested Loop|Seq Scan' 5
tm_quit_within 1500 "after the plans"

# 2. With sql/roles.sql: plans are made as salondesk_planner. (Its ALTER TABLEs wait for the
# long queries, so they stop first and start again after.)
for p in "${bgpids[@]}"; do kill "$p" 2>/dev/null; done
psql_fixture "select pg_terminate_backend(pid) from pg_stat_activity where query like '%pg_sleep(120)%' and pid <> pg_backend_pid()" >/dev/null
bgpids=()
timeout 60 psql -X -q -v ON_ERROR_STOP=1 -U postgres -d whatsapp_saas -f "$top_srcdir/sql/roles.sql" >"$spot/roles.log" 2>&1 || fail "sql/roles.sql failed"
attack; ordinary
wait_active attacker; wait_active sd_dba
health_as_postgres
plan_of attacker
tm_wait_for 'EXPLAIN failed' 5
[ -e "$marker" ] && fail "e as salondesk_planner still ran the attacker's COPY TO PROGRAM"
plan_of sd_dba
tm_wait_for 'planned as salondesk_planner' 5
tm_wait_for 'Aggregate' 5
[ -e "$marker" ] && fail "the marker appeared"
tm_quit_within 1500 "after the planner's plans"
psql_fixture "select count(*) from pg_stat_activity where usename = 'attacker'" | grep -q 1 ||
    note "the attacker's session ended early"
echo "PASS: e never runs another session's functions with the console's privileges"
