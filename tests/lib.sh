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
