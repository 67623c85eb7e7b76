#!/bin/bash
# The pooler's pools in Health, through a real PgBouncer in transaction pooling mode with a pool
# of 5 server connections per database and user and max_client_conn 40: psql clients of
# whatsapp_app each hold a server connection in pg_sleep while the console (as postgres, an
# admin user) reads the admin console. With 3, 4 and 6 such clients, the whatsapp_app pool that
# --once health --format json reports equals what SHOW POOLS says (clients active and waiting,
# server connections), against pool_size 5: 60 % is fine, 80 % a warning, 5 of 5 with one
# client waiting critical; the pool_connections thresholds of config.yaml move those levels;
# text output marks the row WARN/CRIT; the live console shows the pool line and the o view, the
# warning in yellow and the critical in bright red, and the one-line strip of a short terminal;
# when pgbouncer restarts, the admin console's connection comes back by itself.
# Without access to the admin console (whatsapp_app is no admin or stats user, or
# pooler_admin: off) Health says it is behind a pooler, and why, and the refused login is tried
# once, and again only on r.
set -u
. "$(dirname "$0")/../lib.sh"
need_fixture "$@"
. "$top_srcdir/tests/tmux.sh"

bin="$top_builddir/salondesk"
[ -x "$bin" ] || hard_error "$bin is not built"
t_start=$(date +%s%N)
holders=()
stop_holders() {
    [ ${#holders[@]} -gt 0 ] && kill "${holders[@]}" 2>/dev/null
    psql_fixture "select count(pg_terminate_backend(pid)) from pg_stat_activity where application_name = 'sd-pool-hold'" >/dev/null 2>&1
    [ ${#holders[@]} -gt 0 ] && wait "${holders[@]}" 2>/dev/null
    holders=()
}
trap 'stop_holders; pooler_stop; tm_cleanup' EXIT

POOLER_MAX_CLIENT_CONN=40 pooler_start "$SALONDESK_FIXTURE_DIR/pooler-pools" 5 transaction
note "pgbouncer $(pooler_admin 'SHOW VERSION' | sed -n 2p | sed 's/^PgBouncer //') on 127.0.0.1:$POOLER_PORT, pool 5, max_client_conn 40"
su_url="postgresql://postgres@127.0.0.1:$POOLER_PORT/whatsapp_saas?schema=public&pgbouncer=true"
app_url="postgresql://whatsapp_app@127.0.0.1:$POOLER_PORT/whatsapp_saas?schema=public&pgbouncer=true"

once() { # once URL FORMAT: --once health through the pooler; fails on a non-zero exit
    local out
    out=$(timeout 30 "$bin" --once health --format "$2" --dsn "$1" 2>"$TM_DIR/once.err") ||
        fail "--once health --format $2 through pgbouncer exited $?: $(head -c 400 "$TM_DIR/once.err")"
    printf '%s\n' "$out"
}
# hold N: N more clients of whatsapp_app, each in pg_sleep on a pooled server connection; waits
# until pgbouncer has settled them: as many active on a server connection as the pool of 5
# allows, the rest waiting.
hold() {
    local want=$(( ${#holders[@]} + $1 )) on
    on=$(( want < 5 ? want : 5 ))
    for _ in $(seq "$1"); do
        PGAPPNAME=sd-pool-hold timeout 60 psql -X -q -h 127.0.0.1 -p "$POOLER_PORT" -U whatsapp_app \
            -d whatsapp_saas -c 'select pg_sleep(45)' >/dev/null 2>&1 &
        holders+=($!)
    done
    for _ in $(seq 100); do
        [ "$(pool_row | awk -F'|' '{ print $3 "/" $4 "/" $7 }')" = "$on/$(( want - on ))/$on" ] && return 0
        sleep 0.1
    done
    fail "pgbouncer does not settle $want clients of whatsapp_app ($on active): $(pooler_admin 'SHOW POOLS')"
}
# colour_of TEXT [LINE]: the SGR codes drawn just before TEXT on the live screen, as "1;91;",
# on the first line whose text matches the regular expression LINE (default: any).
colour_of() {
    tm capture-pane -p -e -t main | TEXT="$1" LINE="${2:-.}" perl -ne '
        ($plain = $_) =~ s/\e\[[0-9;]*m//g;
        next unless $plain =~ /$ENV{LINE}/;
        if (/((?:\e\[[0-9;]*m)+)\Q$ENV{TEXT}\E/) { ($s = $1) =~ s/\e\[([0-9;]*)m/$1;/g; print $s; exit }'
}
pool_row() { # the whatsapp_app pool in SHOW POOLS: database|user|cl_active|cl_waiting|...
    pooler_admin 'SHOW POOLS' | awk -F'|' '$1 == "whatsapp_saas" && $2 == "whatsapp_app"'
}
# compare JSON LEVEL: the summary's pool_level is LEVEL, and the whatsapp_app pool row equals
# SHOW POOLS (read by column name) and carries the alert of LEVEL.
compare() {
    local show
    show=$(pooler_admin 'SHOW POOLS')
    printf '%s\n' "$1" | python3 -c '
import json, sys
d = json.load(sys.stdin)
want_level, show = sys.argv[1], sys.argv[2].splitlines()
head = show[0].split("|")
rows = [dict(zip(head, l.split("|"))) for l in show[1:] if "|" in l]
sp = [r for r in rows if r["database"] == "whatsapp_saas" and r["user"] == "whatsapp_app"]
ours = [r for r in d["pools"] if r["database"] == "whatsapp_saas" and r["user"] == "whatsapp_app"]
assert len(sp) == 1 and len(ours) == 1, ("no whatsapp_app pool", d["pools"], show)
sp, ours = sp[0], ours[0]
for c in ("cl_active", "cl_waiting", "sv_active", "sv_idle", "sv_used"):
    assert ours[c] == int(sp[c]), (c, ours[c], sp[c])
servers = sum(int(sp[c]) for c in ("sv_active", "sv_idle", "sv_used", "sv_tested", "sv_login"))
assert ours["servers"] == servers and ours["pool_size"] == 5, (ours, servers)
assert abs(ours["pool_pct"] - 100.0 * servers / 5) < 0.05, ours
assert "pgbouncer" not in [r["database"] for r in d["pools"]], d["pools"]
s = {m["metric"]: m["value"] for m in d["summary"]}
assert s["pooler"] == "pgbouncer" and s["pooler_admin"] == "ok", s
assert s["pooler_version"] == sys.argv[3], (s["pooler_version"], sys.argv[3])
assert s["pool_level"] == want_level, ("pool_level", s["pool_level"], s.get("pool_alert"))
alert = {"ok": None, "warn": "WARN", "crit": "CRIT"}[want_level]
assert ours["alert"] == alert, ("row alert", ours["alert"], want_level)
assert s["max_client_conn"] == "40" and s["default_pool_size"] == "5", s
assert int(s["pool_clients"]) >= int(sp["cl_active"]) + int(sp["cl_waiting"]), s
print("%s: cl_active %s cl_waiting %s servers %d of 5 (%s %%), clients %s of 40" % (want_level,
      ours["cl_active"], ours["cl_waiting"], servers, ours["pool_pct"], s["pool_clients"]))
' "$2" "$show" "$(pooler_admin 'SHOW VERSION' | sed -n 2p)" || fail "--once health --format json and SHOW POOLS differ (want $2): $(printf '%s' "$1" | head -c 1500)"
}

# --- 1. without access to the admin console -------------------------------------------------
out=$(once "$app_url" text)
printf '%s\n' "$out" | grep -q '^Pools$' || fail "no Pools section behind a pooler: $out"
printf '%s\n' "$out" | grep -q 'behind a pooler · admin console: not allowed' ||
    fail "as whatsapp_app, Health does not say it is behind a pooler with pgbouncer's words: $(printf '%s\n' "$out" | grep -i pool)"
json=$(once "$app_url" json)
printf '%s' "$json" | python3 -c '
import json, sys
d = json.load(sys.stdin); s = {m["metric"]: m["value"] for m in d["summary"]}
assert s["pooler"] == "pgbouncer" and "not allowed" in s["pooler_admin"] and s["pool_level"] is None, s
assert d["pools"] == [], d["pools"]' || fail "as whatsapp_app, the JSON summary: $(printf '%s' "$json" | grep -o '"pool[^}]*}' | head -5)"
mkdir -p "$XDG_CONFIG_HOME/salondesk"
printf 'profiles:\n  pooled:\n    dsn: "%s"\n    pooler_admin: off\n' "$su_url" >"$XDG_CONFIG_HOME/salondesk/config.yaml"
out=$(timeout 30 "$bin" --once health --profile pooled 2>&1) || fail "--once health --profile pooled exited $?: $out"
printf '%s\n' "$out" | grep -q 'behind a pooler · admin console: off' ||
    fail "with pooler_admin: off, Health does not say it is behind a pooler: $(printf '%s\n' "$out" | grep -i pool)"
note "1: without the admin console: 'behind a pooler · admin console: not allowed' (and: off)"

# --- 2. the figures match SHOW POOLS at 60, 80 and 100 % --------------------------------------
hold 3
said=$(compare "$(once "$su_url" json)" ok) || fail "$said"
note "2: $said"
# The thresholds of config.yaml: 60 % is a warning at [50, 70].
printf 'thresholds:\n  pool_connections: [50, 70]\n' >"$XDG_CONFIG_HOME/salondesk/config.yaml"
said=$(compare "$(once "$su_url" json)" warn) || fail "$said"
note "2: with pool_connections [50, 70]: $said"
rm "$XDG_CONFIG_HOME/salondesk/config.yaml"
hold 1
said=$(compare "$(once "$su_url" json)" warn) || fail "$said"
note "2: $said"
out=$(once "$su_url" text)
printf '%s\n' "$out" | grep -Eq '^WARN +whatsapp_saas +whatsapp_app +transaction +4 +0 +4 ' ||
    fail "text output: no WARN row for 4 of 5: $(printf '%s\n' "$out" | sed -n '/^Pools/,$p')"
# The live console, from here on: the strip's pool line in the warning colour (yellow, 33).
tm_start 200 40 -- --refresh 1 --dsn "$su_url"
tm_keys 4
tm_wait_for 'pool whatsapp_saas/postgres .*servers [0-9]+ of 5' 10
tm_wait_for 'WARN pool whatsapp_saas/whatsapp_app: 4 of 5 server connections \(80%\)' 10
sgr=$(colour_of 'WARN pool whatsapp_saas/whatsapp_app')
case ";$sgr;" in *";33;"*) ;; *) fail "the pool's warning is not drawn yellow (SGR $sgr)" ;; esac
note "2: the live strip: WARN pool whatsapp_saas/whatsapp_app: 4 of 5 (80%), SGR $sgr"
hold 2 # 5 server connections in use, and a client waiting for one
said=$(compare "$(once "$su_url" json)" crit) || fail "$said"
note "2: $said"
[ "$(pool_row | awk -F'|' '{ print $4 }')" = 1 ] || fail "SHOW POOLS has no waiting client: $(pool_row)"
out=$(once "$su_url" text)
printf '%s\n' "$out" | grep -Eq '^pool_alert +pool whatsapp_saas/whatsapp_app: 5 of 5 server connections' ||
    fail "text output: no pool alert: $(printf '%s\n' "$out" | grep '^pool_')"
printf '%s\n' "$out" | grep -Eq '^CRIT +whatsapp_saas +whatsapp_app +transaction +5 +1 +5 ' ||
    fail "text output: no CRIT row for 5 of 5 with one waiting: $(printf '%s\n' "$out" | sed -n '/^Pools/,$p')"

# --- 3. the live console: the strip's pool line and the Pools view ----------------------------
# Critical is bright red (91) on the strip and in the o view.
tm_wait_for 'CRIT pool whatsapp_saas/whatsapp_app: 5 of 5 server connections' 10
sgr=$(colour_of 'CRIT pool whatsapp_saas/whatsapp_app')
case ";$sgr;" in *";91;"*) ;; *) fail "the pool's critical alert is not drawn bright red (SGR $sgr)" ;; esac
tm_keys o
tm_wait_for 'CRIT +whatsapp_saas +whatsapp_app +transaction +5 +1 +5 ' 10
sgr=$(colour_of CRIT '^CRIT +whatsapp_saas +whatsapp_app ')
case ";$sgr;" in *";91;"*) ;; *) fail "the o view's CRIT is not drawn bright red (SGR $sgr)" ;; esac
tm_keys 4
tm resize-window -t main -x 120 -y 12 # the one-line strip
tm_wait_for 'connections [0-9]+ of [0-9]+ · active [0-9]+ · waiting [0-9]+ · pool [0-9] of 5 CRIT' 10
tm resize-window -t main -x 200 -y 40
stop_holders
tm_wait_gone 'CRIT +whatsapp_saas +whatsapp_app' 10
note "3: the strip's pool line and the o view (CRIT, then clear when the clients left)"
# pgbouncer restarts: both connections are lost and come back by themselves, the admin
# console's with the new pgbouncer's pools (whatsapp_app's is gone until a client comes).
tm_keys o
tm_wait_for '^ +whatsapp_saas +whatsapp_app +transaction ' 10
t0=$(date +%s%N)
pooler_restart
tm_wait_gone 'whatsapp_saas +whatsapp_app +transaction' 15
tm_wait_for '^ +whatsapp_saas +postgres +transaction ' 10
back_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
hold 1
tm_wait_for '^ +whatsapp_saas +whatsapp_app +transaction +1 +0 +1 ' 10
stop_holders
note "3: pgbouncer restarted: the o view had the new pgbouncer's pools after $back_ms ms, and followed a new client"
tm_quit_within 2000 "after the Pools view"
tm kill-server 2>/dev/null
# The refused login is not tried again by itself, only when r asks.
logins() { grep -c 'pgbouncer/whatsapp_app@.*login attempt' "$POOLER_DIR/pgbouncer.log"; }
before=$(logins)
tm_start 200 40 -- --refresh 1 --dsn "$app_url"
tm_keys 4
tm_wait_for 'behind a pooler · admin console: not allowed' 10
tm_keys o
tm_wait_for 'admin console: not allowed' 10
sleep 3 # three refreshes
[ $(( $(logins) - before )) = 1 ] || fail "the refused admin login was tried $(( $(logins) - before )) times in 3 s, want once"
tm_keys r
for _ in $(seq 50); do [ $(( $(logins) - before )) = 2 ] && break; sleep 0.1; done
[ $(( $(logins) - before )) = 2 ] || fail "r did not try the admin login again ($(( $(logins) - before )) attempts)"
tm_wait_for 'admin console: not allowed' 10
tm_quit_within 2000 "after the Pools view without the admin console"
note "3: as whatsapp_app, the strip and the o view say: behind a pooler · admin console: not allowed; one login attempt, another on r"
note "run time $(( ($(date +%s%N) - t_start) / 1000000 )) ms"
exit 0
