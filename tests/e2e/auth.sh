#!/bin/bash
# A refused login is not retried by itself: a wrong password would otherwise count towards an
# account lockout (or a fail2ban ban) once every few seconds. The console says where the
# password came from (never the password) and that r retries; r tries exactly once more, and
# after the password is fixed r connects. --once fails at once with the same words. Uses its own
# fixture, since it changes pg_hba.conf.
set -u
. "$(dirname "$0")/../lib.sh"
need_private_fixture "$@"
. "$top_srcdir/tests/tmux.sh"

psql_fixture \
    "CREATE ROLE sd_pw LOGIN PASSWORD 'right-one' IN ROLE pg_monitor" \
    "GRANT SELECT ON ALL TABLES IN SCHEMA public TO sd_pw" >/dev/null
hba="$SALONDESK_FIXTURE_DIR/data/pg_hba.conf"
{ echo "host all sd_pw 127.0.0.1/32 scram-sha-256"; cat "$hba"; } >"$hba.new"
cat "$hba.new" >"$hba" && rm -f "$hba.new"
psql_fixture "select pg_reload_conf()" >/dev/null
sleep 0.5
log=$("$top_srcdir/tests/fixture/pgfixture" log)
refusals() { grep -c 'password authentication failed for user "sd_pw"' "$log"; }
[ "$(refusals)" = 0 ] || hard_error "refusals logged before the test"

home="$TM_DIR/home"
mkdir -p "$home"
port=$SALONDESK_FIXTURE_PORT
printf '127.0.0.1:%s:*:sd_pw:wrong-one\n' "$port" >"$home/.pgpass"
chmod 600 "$home/.pgpass"
dsn="host=127.0.0.1 port=$port dbname=whatsapp_saas user=sd_pw"

# --once: exit 1 at once, the server's words and the source of the password.
out=$(HOME="$home" timeout 20 "$SD_BIN" --dsn "$dsn" --once salons 2>&1)
rc=$?
[ "$rc" = 1 ] || fail "--once with a wrong password: exit $rc: $out"
echo "$out" | grep -q 'password authentication failed' || fail "--once: no server words: $out"
echo "$out" | grep -q '~/.pgpass' || fail "--once: does not name ~/.pgpass: $out"
echo "$out" | grep -q 'wrong-one' && fail "--once printed the password"
[ "$(refusals)" = 1 ] || fail "--once tried $(refusals) times"

# DATABASE_URL carrying the password is named as the source.
out=$(env -u PGHOST -u PGPORT -u PGUSER HOME="$home" \
    DATABASE_URL="postgresql://sd_pw:wrong-two@127.0.0.1:$port/whatsapp_saas?schema=public" \
    timeout 20 "$SD_BIN" --once salons 2>&1)
echo "$out" | grep -q 'password from DATABASE_URL was refused' || fail "DATABASE_URL not named: $out"
echo "$out" | grep -q 'wrong-two' && fail "the password from DATABASE_URL was printed"

# The live console: one attempt, then nothing for 15 s (the old code tried every 1-4 s).
before=$(refusals)
tm_start 120 30 "HOME=$home" -- --dsn "$dsn"
tm_wait_for 'login refused' 10
tm_wait_for 'pgpass' 2
sleep 15
tries=$(( $(refusals) - before ))
note "failed logins in 15 s: $tries"
[ "$tries" -le 1 ] || fail "retried a refused login $tries times in 15 s"
tm_screen | grep -q 'r retries' || fail "the screen does not say that r retries"

# r tries once more; still refused, still quiet.
tm_keys r
sleep 3
tries=$(( $(refusals) - before ))
[ "$tries" = 2 ] || fail "r made $(( tries - 1 )) attempts"
tm_wait_for 'login refused' 3

# Fixed in ~/.pgpass: r connects.
printf '127.0.0.1:%s:*:sd_pw:right-one\n' "$port" >"$home/.pgpass"
tm_keys r
tm_wait_for '^ connected ' 10
tm_wait_for 'sd_pw@' 2
tm_quit_within 1500 "after the login was fixed"
echo "PASS: a refused login is tried once per r, and says where the password came from"
