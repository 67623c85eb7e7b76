# tests/lib.sh - sourced by salondesk's test scripts (automake "simple" protocol: exit 0 = pass,
# 1 = fail, 99 = hard error; never 77/skip).
#
#   . "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
#   need_fixture "$@"            # re-exec under tests/fixture/pgfixture unless already inside
#   psql_fixture 'select 1'      # superuser query on the fixture, unaligned tuples only
#   note "text"; fail "why"
#
# Fixture options for need_fixture's re-exec can be given in PGFIXTURE_ARGS, e.g.
#   PGFIXTURE_ARGS='--hostile --variant 2'

# Repository root from this file's location unless the harness set it (AM_TESTS_ENVIRONMENT).
_sd_lib_root=$(cd "$(dirname "${BASH_SOURCE[0]:-$0}")/.." && pwd)
: "${top_srcdir:=$_sd_lib_root}"
: "${top_builddir:=$_sd_lib_root}"
export top_srcdir top_builddir

note() { printf '%s: %s\n' "$(basename "$0")" "$*" >&2; }

fail() {
    printf 'FAIL: %s\n' "$*"
    exit 1
}

hard_error() {
    printf 'ERROR: %s\n' "$*" >&2
    exit 99
}

# need_fixture "$@": make sure a fixture database is running; if not, run this very script again
# inside a fresh one (which is stopped and deleted when the script ends).
need_fixture() {
    if [ -z "${SALONDESK_FIXTURE_DIR:-}" ]; then
        # shellcheck disable=SC2086
        exec "$top_srcdir/tests/fixture/pgfixture" run -q ${PGFIXTURE_ARGS:-} -- "${BASH:-bash}" "$0" "$@"
    fi
    [ -d "$SALONDESK_FIXTURE_DIR" ] || hard_error "SALONDESK_FIXTURE_DIR=$SALONDESK_FIXTURE_DIR does not exist"
}

# proxy_start DIR DELAY: tests/tools/slowproxy.pl in front of the fixture's TCP port, holding
# every chunk DELAY seconds (and everything while DIR/port.pause exists). Sets PROXY_PID (the
# caller kills it) and PROXY_PORT.
proxy_start() {
    perl "$top_srcdir/tests/tools/slowproxy.pl" "$1/port" "$SALONDESK_FIXTURE_PORT" "$2" &
    PROXY_PID=$!
    for _ in $(seq 50); do [ -s "$1/port" ] && break; sleep 0.1; done
    [ -s "$1/port" ] || hard_error "the proxy did not start"
    PROXY_PORT=$(cat "$1/port")
}

# psql_fixture SQL...: run each SQL as superuser on the fixture; prints bare results.
psql_fixture() {
    local a args=()
    for a in "$@"; do args+=(-c "$a"); done
    psql -X -A -t -q -v ON_ERROR_STOP=1 \
        -h "${PGHOST:-$SALONDESK_FIXTURE_DIR}" -p "${PGPORT:-$SALONDESK_FIXTURE_PORT}" \
        -U postgres -d "${PGDATABASE:-whatsapp_saas}" "${args[@]}"
}

# --- tmux helpers ---
# (The tmux helpers live in tests/tmux.sh.)

# need_private_fixture "$@": like need_fixture, but always a fixture of this script's own, for
# tests that stop the server or load other data.
need_private_fixture() {
    if [ "${SD_PRIVATE_FIXTURE_FOR:-}" != "$0" ]; then
        export SD_PRIVATE_FIXTURE_FOR="$0"
        unset SALONDESK_FIXTURE_DIR
        # shellcheck disable=SC2086
        exec "$top_srcdir/tests/fixture/pgfixture" run -q ${PGFIXTURE_ARGS:-} -- "$0" "$@"
    fi
}

# --- a real PgBouncer in front of the fixture ---

# pooler_start DIR [POOL_SIZE] [MODE]: /usr/sbin/pgbouncer (Debian's package) in front of the
# fixture's TCP port, with pool_mode MODE (default transaction) and default_pool_size POOL_SIZE
# (default 2) per database and user, listening on 127.0.0.1 and a unix socket in DIR. Its
# configuration, auth file, log (DIR/pgbouncer.log) and pid file go in DIR, which it must be able
# to write: run as root, it runs as the fixture's cluster owner (pgbouncer refuses root) and
# DIR is given to that user. Authentication is trust, but pgbouncer still wants every user in its
# auth file: the fixed test users and every login role the fixture has now are listed.
# The admin console is the database "pgbouncer" (admin_users postgres, stats_users sd_dba and
# sd_monitor). max_client_conn is POOLER_MAX_CLIENT_CONN (default 200). Sets POOLER_PORT,
# POOLER_PID and POOLER_DIR; stop it with pooler_stop (put that in the test's EXIT trap).
pooler_start() {
    local dir=$1 size=${2:-2} mode=${3:-transaction} bin=/usr/sbin/pgbouncer owner="" u port try i
    [ -x "$bin" ] || hard_error "$bin is missing: pgbouncer is a test dependency (apt-get install pgbouncer)"
    command -v psql >/dev/null || hard_error "psql is missing (apt-get install postgresql-client)"
    mkdir -p "$dir" || hard_error "cannot create $dir"
    POOLER_DIR=$(cd "$dir" && pwd -P)
    if [ "$(id -u)" = 0 ]; then
        owner=$(stat -c %U "$SALONDESK_FIXTURE_DIR/data" 2>/dev/null) || owner=${PGFIXTURE_USER:-postgres}
        [ "$owner" != root ] || hard_error "the fixture's cluster is owned by root; pgbouncer cannot run as root"
        chown "$owner:" "$POOLER_DIR" || hard_error "cannot give $POOLER_DIR to $owner"
        setpriv --reuid="$owner" --regid="$(id -g "$owner")" --init-groups -- test -w "$POOLER_DIR" ||
            hard_error "$owner cannot write $POOLER_DIR (is a parent directory closed to it?)"
    fi
    {
        for u in postgres sd_dba sd_monitor sd_plain sd_support whatsapp_app \
                $(psql_fixture "select rolname from pg_roles where rolcanlogin order by 1"); do
            printf '"%s" ""\n' "$u"
        done
    } | sort -u >"$POOLER_DIR/userlist.txt"
    for try in $(seq 10); do
        port=$(_sd_free_port) || hard_error "no free TCP port for pgbouncer"
        cat >"$POOLER_DIR/pgbouncer.ini" <<INI
[databases]
whatsapp_saas = host=127.0.0.1 port=$SALONDESK_FIXTURE_PORT dbname=whatsapp_saas
* = host=127.0.0.1 port=$SALONDESK_FIXTURE_PORT

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $port
unix_socket_dir = $POOLER_DIR
logfile = $POOLER_DIR/pgbouncer.log
pidfile = $POOLER_DIR/pgbouncer.pid
auth_type = trust
auth_file = $POOLER_DIR/userlist.txt
admin_users = postgres
stats_users = sd_dba, sd_monitor
pool_mode = $mode
default_pool_size = $size
max_client_conn = ${POOLER_MAX_CLIENT_CONN:-200}
ignore_startup_parameters = extra_float_digits,options
server_reset_query =
INI
        [ -n "$owner" ] && chown "$owner:" "$POOLER_DIR"/*
        rm -f "$POOLER_DIR/pgbouncer.pid"
        # In the foreground of a background job, so that POOLER_PID is pgbouncer itself (setpriv
        # and the subshell exec it) and pooler_stop can wait for it.
        if [ -n "$owner" ]; then
            ( cd / && exec setpriv --reuid="$owner" --regid="$(id -g "$owner")" --init-groups -- \
                env --default-signal=INT "$bin" "$POOLER_DIR/pgbouncer.ini" ) >>"$POOLER_DIR/stderr" 2>&1 </dev/null &
        else
            ( cd / && exec env --default-signal=INT "$bin" "$POOLER_DIR/pgbouncer.ini" ) >>"$POOLER_DIR/stderr" 2>&1 </dev/null &
        fi
        POOLER_PID=$!
        POOLER_PORT=$port
        for i in $(seq 100); do
            kill -0 "$POOLER_PID" 2>/dev/null || break
            if timeout 5 psql -X -A -t -q -h 127.0.0.1 -p "$port" -U postgres -d pgbouncer \
                    -c 'SHOW VERSION' >/dev/null 2>&1 &&
               [ "$(timeout 5 psql -X -A -t -q -h 127.0.0.1 -p "$port" -U postgres -d whatsapp_saas \
                    -c 'select 1' 2>/dev/null)" = 1 ]; then
                export POOLER_PORT POOLER_PID POOLER_DIR
                return 0
            fi
            sleep 0.1
        done
        if kill -0 "$POOLER_PID" 2>/dev/null; then
            pooler_stop
            hard_error "pgbouncer did not accept connections within 10 s: $(tail -n 5 "$POOLER_DIR/pgbouncer.log" "$POOLER_DIR/stderr" 2>&1)"
        fi
        wait "$POOLER_PID" 2>/dev/null
        POOLER_PID=""
        grep -qi -e 'address already in use' -e 'could not bind' "$POOLER_DIR/pgbouncer.log" "$POOLER_DIR/stderr" 2>/dev/null ||
            hard_error "pgbouncer did not start: $(tail -n 5 "$POOLER_DIR/pgbouncer.log" "$POOLER_DIR/stderr" 2>&1)"
        : >"$POOLER_DIR/pgbouncer.log"
    done
    hard_error "pgbouncer found no free port in 10 tries"
}

# pooler_stop: stops the pgbouncer of pooler_start (SIGINT, its safe shutdown; SIGTERM after 5 s,
# SIGKILL after 2 more) and waits for it. Safe to call twice, or when none was started.
pooler_stop() {
    local pid=${POOLER_PID:-} i
    [ -n "$pid" ] || return 0
    POOLER_PID=""
    kill -INT "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null; return 0; }
    for i in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -TERM "$pid" 2>/dev/null
    for i in $(seq 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    return 0
}

# pooler_restart: stops the pgbouncer of pooler_start and starts it again with the same
# configuration on the same port, so that its clients lose their connections and find the pooler
# back where it was.
pooler_restart() {
    local bin=/usr/sbin/pgbouncer owner="" i
    pooler_stop
    [ "$(id -u)" = 0 ] && owner=$(stat -c %U "$POOLER_DIR")
    if [ -n "$owner" ] && [ "$owner" != root ]; then
        ( cd / && exec setpriv --reuid="$owner" --regid="$(id -g "$owner")" --init-groups -- \
            env --default-signal=INT "$bin" "$POOLER_DIR/pgbouncer.ini" ) >>"$POOLER_DIR/stderr" 2>&1 </dev/null &
    else
        ( cd / && exec env --default-signal=INT "$bin" "$POOLER_DIR/pgbouncer.ini" ) >>"$POOLER_DIR/stderr" 2>&1 </dev/null &
    fi
    POOLER_PID=$!
    for i in $(seq 100); do
        kill -0 "$POOLER_PID" 2>/dev/null || break
        timeout 5 psql -X -A -t -q -h 127.0.0.1 -p "$POOLER_PORT" -U postgres -d pgbouncer \
            -c 'SHOW VERSION' >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    hard_error "pgbouncer did not come back on port $POOLER_PORT: $(tail -n 5 "$POOLER_DIR/pgbouncer.log" "$POOLER_DIR/stderr" 2>&1)"
}

# pooler_admin COMMAND: a command on pgbouncer's admin console (as postgres), unaligned with a
# header, fields separated by |.
pooler_admin() {
    timeout 10 psql -X -A -q -h 127.0.0.1 -p "$POOLER_PORT" -U postgres -d pgbouncer -c "$1"
}

# A TCP port nothing listens on (as tests/fixture/pgfixture picks one).
_sd_free_port() {
    local p i hex
    for i in $(seq 200); do
        p=$(( 20000 + ( (RANDOM << 15 | RANDOM) + $$ * 7 + i ) % 40000 ))
        hex=$(printf '%04X' "$p")
        cat /proc/net/tcp /proc/net/tcp6 2>/dev/null |
            awk -v p=":$hex" '$4 == "0A" && substr($2, length($2) - 4) == p { f = 1 } END { exit !f }' ||
            { echo "$p"; return 0; }
    done
    return 1
}

# pooler_alive: true while the pgbouncer of pooler_start runs; else prints its last FATAL or
# last log lines, forgets it (POOLER_PID empty) and returns 1.
pooler_alive() {
    [ -n "${POOLER_PID:-}" ] && kill -0 "$POOLER_PID" 2>/dev/null && return 0
    [ -n "${POOLER_PID:-}" ] && wait "$POOLER_PID" 2>/dev/null
    POOLER_PID=""
    grep -h 'FATAL' "$POOLER_DIR/pgbouncer.log" "$POOLER_DIR/stderr" 2>/dev/null | tail -n 1 | grep . ||
        tail -n 3 "$POOLER_DIR/pgbouncer.log" 2>/dev/null
    return 1
}

# --- a real streaming standby of the fixture ---

# standby_start DIR [NAME]: a streaming standby of the fixture made with pg_basebackup -R, or
# where the server comes without it (tools/pg-major), a copy of the fixture stopped for a moment
# (the fixture must run with --replication: PGFIXTURE_ARGS=--replication), its data in DIR/data, its
# socket in DIR, on a free TCP port, with cluster_name NAME (default sd_standby), which is also
# the application_name the primary's pg_stat_replication shows. Run as root, it belongs to the
# fixture's cluster owner, as the primary does. Returns once it streams. Sets STANDBY_PORT,
# STANDBY_DIR and STANDBY_NAME; stop it with standby_stop (put that in the test's EXIT trap).
standby_start() {
    local dir=$1 name=${2:-sd_standby} bin=${PG_BINDIR:-} owner i try port
    [ -n "$bin" ] || bin=$(find /usr/lib/postgresql -maxdepth 2 -name bin 2>/dev/null | sort -V | tail -n 1)
    [ -x "$bin/pg_ctl" ] || hard_error "pg_ctl not found (apt-get install postgresql)"
    mkdir -p "$dir" || hard_error "cannot create $dir"
    STANDBY_DIR=$(cd "$dir" && pwd -P)
    STANDBY_NAME=$name
    owner=$(stat -c %U "$SALONDESK_FIXTURE_DIR/data")
    _sd_as_owner() {
        if [ "$(id -un)" = "$owner" ]; then (cd / && "$@"); else
            (cd / && exec setpriv --reuid="$owner" --regid="$(id -g "$owner")" --init-groups -- "$@"); fi
    }
    [ "$(id -un)" = "$owner" ] || chown "$owner:" "$STANDBY_DIR" || hard_error "cannot give $STANDBY_DIR to $owner"
    [ "$(psql_fixture 'show wal_level')" != minimal ] ||
        hard_error "the fixture has wal_level minimal: start it with PGFIXTURE_ARGS=--replication"
    if [ -x "$bin/pg_basebackup" ]; then
        _sd_as_owner "$bin/pg_basebackup" -h "$SALONDESK_FIXTURE_DIR" -p "$SALONDESK_FIXTURE_PORT" \
            -U postgres -D "$STANDBY_DIR/data" -R -X stream -c fast >"$STANDBY_DIR/basebackup.log" 2>&1 ||
            hard_error "pg_basebackup failed: $(tail -n 5 "$STANDBY_DIR/basebackup.log")"
    else
        _sd_cold_copy
    fi
    for try in $(seq 10); do
        port=$(_sd_free_port) || hard_error "no free TCP port for the standby"
        # The primary's fixture_port.conf came along; the standby's port and socket replace it.
        printf "port = %s\nunix_socket_directories = '%s'\ncluster_name = '%s'\n" \
            "$port" "$STANDBY_DIR" "$name" | _sd_as_owner tee "$STANDBY_DIR/data/fixture_port.conf" >/dev/null
        sed -i '/^unix_socket_directories/d' "$STANDBY_DIR/data/postgresql.conf"
        if _sd_as_owner setsid -w "$bin/pg_ctl" start -D "$STANDBY_DIR/data" -l "$STANDBY_DIR/server.log" \
                -w -t 60 -s >/dev/null 2>&1; then
            STANDBY_PORT=$port
            STANDBY_BIN=$bin
            export STANDBY_PORT STANDBY_DIR STANDBY_NAME STANDBY_BIN
            for i in $(seq 100); do
                [ "$(psql_fixture "select count(*) from pg_stat_replication where application_name = '$name' and state = 'streaming'")" = 1 ] &&
                    return 0
                sleep 0.1
            done
            standby_stop
            hard_error "the standby did not stream within 10 s: $(tail -n 5 "$STANDBY_DIR/server.log")"
        fi
        grep -q -e 'could not bind' -e 'Address already in use' "$STANDBY_DIR/server.log" 2>/dev/null ||
            hard_error "the standby did not start: $(tail -n 5 "$STANDBY_DIR/server.log")"
        : >"$STANDBY_DIR/server.log"
    done
    hard_error "the standby found no free port in 10 tries"
}

# _sd_cold_copy: what pg_basebackup -R makes, for servers that come without it (tools/pg-major's):
# the fixture's data dir copied while the fixture is stopped, then a standby.signal and the
# primary_conninfo (its walreceiver calls itself by cluster_name, as with pg_basebackup).
_sd_cold_copy() {
    local fx="$top_srcdir/tests/fixture/pgfixture"
    "$fx" stop -m fast >/dev/null || hard_error "cannot stop the fixture to copy it"
    _sd_as_owner cp -a "$SALONDESK_FIXTURE_DIR/data" "$STANDBY_DIR/data"
    local rc=$?
    "$fx" start || hard_error "the fixture did not start again after its copy"
    [ $rc = 0 ] || hard_error "cannot copy the fixture's data to $STANDBY_DIR/data"
    _sd_as_owner touch "$STANDBY_DIR/data/standby.signal"
    printf "primary_conninfo = 'host=%s port=%s user=postgres'\n" "$SALONDESK_FIXTURE_DIR" \
        "$SALONDESK_FIXTURE_PORT" | _sd_as_owner tee -a "$STANDBY_DIR/data/postgresql.auto.conf" >/dev/null
}

# standby_stop [MODE]: stops the standby of standby_start (pg_ctl -m MODE, default fast) and waits.
# Safe to call twice, or when none was started.
standby_stop() {
    local owner
    [ -n "${STANDBY_PORT:-}" ] && [ -f "$STANDBY_DIR/data/postmaster.pid" ] || return 0
    owner=$(stat -c %U "$STANDBY_DIR/data")
    if [ "$(id -un)" = "$owner" ]; then
        (cd / && "$STANDBY_BIN/pg_ctl" stop -D "$STANDBY_DIR/data" -m "${1:-fast}" -w -t 30 -s) >/dev/null 2>&1
    else
        (cd / && setpriv --reuid="$owner" --regid="$(id -g "$owner")" --init-groups -- \
            "$STANDBY_BIN/pg_ctl" stop -D "$STANDBY_DIR/data" -m "${1:-fast}" -w -t 30 -s) >/dev/null 2>&1
    fi
    return 0
}

# psql_standby SQL...: like psql_fixture, on the standby.
psql_standby() {
    PGHOST=$STANDBY_DIR PGPORT=$STANDBY_PORT psql_fixture "$@"
}

# Background psql sessions of sd_support, each named by its application_name (APP), all ending
# with the test: sessions_start PREFIX (the names' common prefix) sets the EXIT trap.
sessions_start() {
    SD_SESSIONS_PREFIX=$1
    SD_SESSION_PIDS=()
    trap 'sessions_cleanup; tm_cleanup' EXIT
}
sessions_cleanup() {
    psql_fixture "select pg_terminate_backend(pid) from pg_stat_activity where application_name like '$SD_SESSIONS_PREFIX%'" >/dev/null 2>&1
    for p in "${SD_SESSION_PIDS[@]}"; do kill "$p" 2>/dev/null; done
}
bg_psql() { # bg_psql APP SQL...: one session running each SQL in turn
    local app=$1 a args=()
    shift
    for a in "$@"; do args+=(-c "$a"); done
    PGAPPNAME=$app psql -X -q -U sd_support -d "${PGDATABASE:-whatsapp_saas}" "${args[@]}" >/dev/null 2>&1 &
    SD_SESSION_PIDS+=($!)
}
count() { psql_fixture "select count(*) from pg_stat_activity where application_name = '$1' $2"; }
wait_count() { # wait_count APP EXTRA WANT
    for _ in $(seq 100); do [ "$(count "$1" "$2")" = "$3" ] && return 0; sleep 0.1; done
    fail "pg_stat_activity: $1 $2: want $3, have $(count "$1" "$2")"
}
pid_of() { psql_fixture "select pid from pg_stat_activity where application_name = '$1'"; }
