#!/bin/bash
# Every server at once (issue 11), against the fixture's primary and a real streaming standby: a
# profile that lists both (servers:) gives, in --once health, one row per server with its role;
# the live console's Health opens on the fleet strip with both; Enter opens a server's full Health
# and Esc comes back; stopping the standby marks it down within 10 s while the primary's row keeps
# refreshing; --once health then reports the standby down and exits 3. A multi-host connection
# string (host=a,b port=x,y) gives the same two rows. With read: standby the staff tabs read from
# the standby, its lag in the status line.
set -u
. "$(dirname "$0")/../lib.sh"
PGFIXTURE_ARGS=--replication need_private_fixture "$@" # stops a standby of its own
. "$top_srcdir/tests/tmux.sh"

bin="$top_builddir/salondesk"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sd-fleet.XXXXXX")
chmod 755 "$tmp"
stopped=""
trap '[ -n "$stopped" ] && kill -CONT $stopped; standby_stop immediate; tm_cleanup; rm -rf "$tmp"' EXIT

standby_start "$tmp/standby" sd_fleet_standby
P="$SALONDESK_FIXTURE_DIR:$SALONDESK_FIXTURE_PORT"
S="$STANDBY_DIR:$STANDBY_PORT"
mkdir -p "$XDG_CONFIG_HOME/salondesk"
cat >"$XDG_CONFIG_HOME/salondesk/config.yaml" <<YAML
profile: fleet
profiles:
  fleet:
    servers:
      - "host=$SALONDESK_FIXTURE_DIR port=$SALONDESK_FIXTURE_PORT dbname=whatsapp_saas user=postgres"
      - "host=$STANDBY_DIR port=$STANDBY_PORT dbname=whatsapp_saas user=postgres"
  reads:
    servers:
      - "host=$SALONDESK_FIXTURE_DIR port=$SALONDESK_FIXTURE_PORT dbname=whatsapp_saas user=postgres"
      - "host=$STANDBY_DIR port=$STANDBY_PORT dbname=whatsapp_saas user=postgres"
    read: standby
  solo:
    dsn: "host=$SALONDESK_FIXTURE_DIR port=$SALONDESK_FIXTURE_PORT dbname=whatsapp_saas user=postgres"
  multi:
    dsn: "host=$SALONDESK_FIXTURE_DIR,$STANDBY_DIR port=$SALONDESK_FIXTURE_PORT,$STANDBY_PORT dbname=whatsapp_saas user=postgres"
YAML
# --once runs with the profile, not the fixture's libpq environment.
unset PGHOST PGPORT PGDATABASE PGUSER
once() { # once FORMAT [PROFILE]: prints the output; the exit status in $tmp/rc
    "$bin" --profile "${2:-fleet}" --once health --format "$1" 2>"$tmp/err"
    echo $? >"$tmp/rc"
}
row() { # row JSON SERVER: that server's object
    printf '%s\n' "$1" | grep -F "\"server\": \"$2\""
}

# 1. --once health: both servers, each with its role, in text, CSV and JSON; exit 0.
j=$(once json)
[ "$(cat "$tmp/rc")" = 0 ] || fail "--once health exited $(cat "$tmp/rc"): $(cat "$tmp/err")"
[ -s "$tmp/err" ] && fail "--once health: stderr: $(cat "$tmp/err")"
row "$j" "$P" | grep -q '"role": "primary", "state": "up"' || fail "json: the primary: $j"
row "$j" "$S" | grep -q '"role": "standby", "state": "up"' || fail "json: the standby: $j"
row "$j" "$S" | grep -Eq '"lag_s": 0(\.0)?, "behind_bytes": 0,' || fail "json: a caught-up standby lags: $j"
row "$j" "$P" | grep -Eq '"tps": [0-9]+(\.[0-9])?,' || fail "json: no TPS for the primary: $j"
t=$(once text)
printf '%s\n' "$t" | grep -Eq "^$P +primary +up " || fail "text: the primary: $t"
printf '%s\n' "$t" | grep -Eq "^$S +standby +up " || fail "text: the standby: $t"
c=$(once csv)
printf '%s\n' "$c" | grep -q '^# fleet' || fail "csv: no fleet section: $c"
printf '%s\n' "$c" | grep -q "^$S,standby,up," || fail "csv: the standby: $c"
# The same from one multi-host connection string.
j=$(once json multi)
[ "$(cat "$tmp/rc")" = 0 ] || fail "multi-host: exited $(cat "$tmp/rc"): $(cat "$tmp/err")"
row "$j" "$P" | grep -q '"role": "primary"' || fail "multi-host: the primary: $j"
row "$j" "$S" | grep -q '"role": "standby"' || fail "multi-host: the standby: $j"

# 2. The live console: Health opens on the fleet strip with both servers.
tm_start 220 40 -- --refresh 0.5
tm_keys 4
tm_wait_for 'Every server: 2, 0 down'
tm_wait_for "$P +primary +up "
tm_wait_for "$S +standby +up "
tm_wait_for ' · data [0-9]{2}:[0-9]{2}:[0-9]{2} · [0-9]+ ms' # the strip's, in the status line
# Enter on the standby: its own full Health (STANDBY in the strip); Esc: every server again.
tm_keys Down Enter
tm_wait_for "Server $S \\(standby\\)"
tm_wait_for 'STANDBY +receiver streaming'
tm_keys Escape
tm_wait_for 'Every server: 2, 0 down'

# 2b. read: standby: the staff tabs read from the standby (the console's own connection is there,
# beside the fleet's), with its lag beside the data.
tm_start 220 40 -- --profile reads --refresh 0.5
tm_keys 1
tm_wait_for "read from standby $S, lag [0-9.]+ s"
sessions() { psql_standby "select count(*) from pg_stat_activity where application_name = 'salondesk'"; }
for _ in $(seq 50); do [ "$(sessions)" = 2 ] && break; sleep 0.2; done
[ "$(sessions)" = 2 ] || fail "read: standby: $(sessions) salondesk sessions on the standby, not 2"
tm_quit_within 3000 "reading from the standby"
tm_start 220 40 -- --refresh 0.5
tm_keys 4
tm_wait_for "$S +standby +up "

primary_at() { tm_screen | grep -E "$P +primary +up " | grep -Eo '[0-9]{2}:[0-9]{2}:[0-9]{2}' | head -n 1; }
primary_moves() { # the primary's row refreshes (its data time moves on)
    local a
    a=$(primary_at)
    [ -n "$a" ] || fail "the primary's row has no data time: $(tm_screen)"
    for _ in $(seq 50); do [ "$(primary_at)" != "$a" ] && return 0; sleep 0.2; done
    fail "the primary's row stopped refreshing at $a: $(tm_screen)"
}

# 2c. The standby stops answering without a word (its processes stopped: no error, no reset): it
# is marked down in seconds, while the primary's row goes on refreshing and keys are answered at
# once; once it runs again it is back up.
pm=$(head -n 1 "$STANDBY_DIR/data/postmaster.pid")
stopped="$(pgrep -P "$pm" | tr '\n' ' ')$pm"
kill -STOP $stopped
t0=$(date +%s%N)
tm_wait_for "$S +standby +down " 15
note "the hung standby was marked down after $(( ($(date +%s%N) - t0) / 1000000 )) ms"
primary_moves
t0=$(date +%s%N)
tm_keys 1
tm_wait_for '[0-9]+ salons \(' 2
tm_keys 4
tm_wait_for 'Every server: 2, 1 down' 2
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
[ "$ms" -lt 3000 ] || fail "two tab switches took $ms ms with a server hung"
kill -CONT $stopped
stopped=""
tm_wait_for "$S +standby +up " 20

# 3. The standby stops: down within 10 s, in the server's (libpq's) words; the primary's row goes
# on refreshing (its data time moves on).
standby_stop fast
t0=$(date +%s%N)
tm_wait_for "$S +standby +down " 10
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
[ "$ms" -le 10000 ] || fail "the standby was marked down after $ms ms"
note "the stopped standby was marked down after $ms ms"
tm_wait_for 'Every server: 2, 1 down'
tm_screen | grep -E "$S +standby +down " | grep -Eq '^CRIT .* down +(connection|terminating|server)' ||
    fail "the standby's row says neither CRIT nor why: $(tm_screen)"
primary_moves
tm_quit_within 3000 "with the standby down"
# :connect to the profile from one with a single server: the strip, with the standby down.
tm_start 220 40 -- --profile solo --refresh 0.5
tm_keys 4
tm_wait_for 'connections [0-9]+ of'
tm_keys : "connect fleet" Enter
tm_wait_for 'Every server: 2, 1 down'
tm_wait_for "$P +primary +up "
tm_quit_within 3000 "after :connect"

# 4. --once health with the standby down: the primary still reported, the standby down, exit 3.
j=$(once json)
[ "$(cat "$tmp/rc")" = 3 ] || fail "--once health with a server down exited $(cat "$tmp/rc"), not 3: $j"
row "$j" "$P" | grep -q '"role": "primary", "state": "up"' || fail "json, standby down: the primary: $j"
row "$j" "$S" | grep -q '"state": "down"' || fail "json: the standby is not down: $j"
row "$j" "$S" | grep -q '"level": "crit"' || fail "json: the standby down is not critical: $j"
row "$j" "$S" | grep -Eq '"reason": "[^"]+"' || fail "json: no reason for the standby: $j"
grep -q '1 of 2 servers down' "$tmp/err" || fail "stderr does not say one was down: $(cat "$tmp/err")"
t=$(once text)
[ "$(cat "$tmp/rc")" = 3 ] || fail "text: exited $(cat "$tmp/rc")"
printf '%s\n' "$t" | grep -Eq "^$S +(standby +)?down " || fail "text: the standby is not down: $t"
exit 0
