#!/bin/bash
# --once against the fixture: formats, exit statuses, every way of naming the server (argument,
# --dsn, a Prisma DATABASE_URL as given, libpq's environment, a config profile), passwords kept
# off the command line and out of the log, and roles that may not read everything.
set -u
. "$(dirname "$0")/../lib.sh"
need_fixture "$@"

bin="$top_builddir/salondesk"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sd-once.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export XDG_CONFIG_HOME="$tmp/config" XDG_STATE_HOME="$tmp/state"
salons=$(psql_fixture "select count(*) from salons")
tcp="host=127.0.0.1 port=$SALONDESK_FIXTURE_PORT dbname=whatsapp_saas user=postgres"

# Text through libpq's environment (the fixture exports PGHOST and friends).
out=$("$bin" --once salons) || fail "--once salons exited $?"
[ "$(echo "$out" | wc -l)" = $((salons + 1)) ] || fail "text: want $salons rows and a header"
echo "$out" | head -1 | grep -q '^id  *name  *active  *phone_number_id  *token  *bookings_today  *bookings_7d  *in_24h' || fail "header: $(echo "$out" | head -1)"
echo "$out" | grep -q 'Салон красоты «Жемчужина»' || fail "Cyrillic salon missing"

# The day's bookings agree with the server, counted in the display zone.
for zone in Europe/Moscow America/New_York; do
    want=$(psql_fixture "select count(*) from bookings where start_ts >= (date_trunc('day', now() at time zone '$zone') at time zone '$zone') at time zone 'UTC' and start_ts < ((date_trunc('day', now() at time zone '$zone') + interval '1 day') at time zone '$zone') at time zone 'UTC'")
    got=$("$bin" --once bookings --tz "$zone" --format csv | tail -n +2 | grep -c .)
    [ "$got" = "$want" ] || fail "bookings today in $zone: $got rows, server says $want"
done

# CSV: a header and one record per salon, RFC 4180 line ends.
csv=$("$bin" --once salons --format csv) || fail "csv exit $?"
[ "$(printf '%s\n' "$csv" | head -1)" = $'id,name,active,phone_number_id,token,bookings_today,bookings_7d,in_24h,out_24h,failed_24h,templates_pending,templates_rejected,webhook_errors_24h,ai_cost_30d\r' ] || fail "csv header"
[ "$(printf '%s\n' "$csv" | grep -c $'\r$')" = $((salons + 1)) ] || fail "csv records"
# JSON: one object per salon, ids as the server has them.
json=$("$bin" --once salons --format json) || fail "json exit $?"
[ "$(echo "$json" | grep -c '"id": "')" = "$salons" ] || fail "json objects"
first=$(psql_fixture "select id from salons order by name, id limit 1")
echo "$json" | sed -n 2p | grep -q "\"id\": \"$first\"" || fail "json order"
echo "$json" | grep -q '"in_24h": [0-9][0-9]*[,}]' || fail "json counts are not numbers"
echo "$json" | grep -q '"active": true' || fail "json booleans are not true/false"
echo "$json" | grep -q '"bookings_today": "' && fail "json: a count is a string"
# The access token never leaves the server whole: four characters at most, in every format.
tokens=$(psql_fixture "select access_token from salons")
for t in $tokens; do
    echo "$out$csv$json" | grep -qF "$t" && fail "a whole access token was printed"
done
last4=$(psql_fixture "select right(access_token, 4) from salons order by name, id limit 1")
echo "$json" | sed -n 2p | grep -qF "\"token\": \"…$last4\"" || fail "masked token missing"
# Counts agree with the server.
want=$(psql_fixture "select count(*) from messages m join salons s on s.id = m.salon_id where s.id = '$first' and m.created_at >= (now() at time zone 'UTC') - interval '24 hours' and m.direction = 'INBOUND'")
echo "$json" | sed -n 2p | grep -q "\"in_24h\": $want[,}]" || fail "in_24h differs from the server ($want)"

# Formula injection: names from WhatsApp that a spreadsheet would run get a leading ' in CSV
# (quoted where CSV needs it), and JSON keeps them exactly. The rows live in a schema of this
# run's own, so the tests that share the fixture never see them.
sch="sd_csv_$$"
trap 'rm -rf "$tmp"; psql_fixture "drop schema if exists $sch cascade" >/dev/null 2>&1' EXIT
psql_fixture "create schema $sch" \
    "create table $sch.salons (like public.salons including all)" \
    "create table $sch.bookings (like public.bookings including all)" \
    "insert into $sch.salons (id, name, phone_number_id, access_token, updated_at) values
        ('csv1', '=HYPERLINK(\"http://x\",\"y\")', '1', 'tok1', now()), ('csv2', '@SUM(1)', '-2', 'tok2', now())" \
    "insert into $sch.bookings (id, booking_code, salon_id, customer_phone, customer_name, service, start_ts, updated_at)
        values ('b1', '-1+2', 'csv1', '+351900', '=HYPERLINK(\"http://x\",\"y\")', '@SUM(1)', now() at time zone 'UTC', now())" >/dev/null ||
    hard_error "cannot create schema $sch"
curl="postgresql://postgres@127.0.0.1:$SALONDESK_FIXTURE_PORT/whatsapp_saas?schema=$sch"
csv=$("$bin" --once salons --dsn "$curl" --format csv) || fail "formula csv exit $?"
printf '%s\n' "$csv" | grep -qxF $'csv1,"\'=HYPERLINK(""http://x"",""y"")",t,1,…tok1,1,1,,,,,,,\r' ||
    fail "=HYPERLINK not neutralised: $csv"
printf '%s\n' "$csv" | grep -qxF $'csv2,\'@SUM(1),t,-2,…tok2,0,0,,,,,,,\r' || fail "@SUM(1) not neutralised, or -2 changed: $csv"
json=$("$bin" --once salons --dsn "$curl" --format json) || fail "formula json exit $?"
echo "$json" | grep -qF '"name": "=HYPERLINK(\"http://x\",\"y\")"' || fail "json changed the name: $json"
echo "$json" | grep -qF '"name": "@SUM(1)"' || fail "json changed @SUM(1): $json"
csv=$("$bin" --once bookings --dsn "$curl" --format csv) || fail "formula bookings csv exit $?"
printf '%s\n' "$csv" | grep -qF $'"\'=HYPERLINK(""http://x"",""y"")",\'+351900,\'@SUM(1),' || fail "bookings csv: $csv"
printf '%s\n' "$csv" | grep -qF $',\'-1+2,' || fail "booking code -1+2 not neutralised: $csv"
psql_fixture "drop schema $sch cascade" >/dev/null 2>&1

# The Prisma URL as given: ?schema= becomes the search_path, connection_limit is dropped.
url="postgresql://postgres@127.0.0.1:$SALONDESK_FIXTURE_PORT/whatsapp_saas?schema=public&connection_limit=5&pool_timeout=10"
DATABASE_URL="$url" "$bin" --once salons --debug-log "$tmp/log" >/dev/null || fail "Prisma DATABASE_URL"
grep -q 'dropped Prisma parameter connection_limit' "$tmp/log" || fail "dropped parameter not logged"
"$bin" --once salons --dsn "$url" >/dev/null || fail "Prisma URL with --dsn"
"$bin" --once salons "$tcp" >/dev/null || fail "conninfo argument"
# A schema the URL names but the database lacks: the tab explains instead of crashing.
out=$("$bin" --once salons --dsn "${url/schema=public/schema=nosuch}" 2>&1); rc=$?
[ $rc = 1 ] && echo "$out" | grep -q 'no table salons' || fail "missing schema: rc $rc: $out"

# A password: refused on the command line, accepted from DATABASE_URL, never logged.
out=$("$bin" --once salons --dsn "postgresql://postgres:hunter2@127.0.0.1:$SALONDESK_FIXTURE_PORT/whatsapp_saas" 2>&1); rc=$?
[ $rc = 2 ] && echo "$out" | grep -q 'pgpass' || fail "password on the command line: rc $rc: $out"
"$bin" --once salons "password=hunter2 $tcp" >/dev/null 2>&1 && fail "password in conninfo argument accepted"
DATABASE_URL="postgresql://postgres:hunter2@127.0.0.1:$SALONDESK_FIXTURE_PORT/whatsapp_saas" \
    "$bin" --once salons --debug-log "$tmp/log2" >/dev/null || fail "DATABASE_URL with a password"
grep -q hunter2 "$tmp/log2" && fail "the password reached the debug log"
grep -q '\*\*\*' "$tmp/log2" || fail "the log does not show the redacted URL"

# A profile from the config file; one holding a password must be private.
mkdir -p "$XDG_CONFIG_HOME/salondesk"
cfg="$XDG_CONFIG_HOME/salondesk/config.yaml"
printf 'profile: fixture\nprofiles:\n  fixture:\n    dsn: "%s"\n    frame: red\n' "$tcp" >"$cfg"
(unset PGHOST PGPORT PGDATABASE PGUSER; "$bin" --once salons >/dev/null) || fail "default profile"
"$bin" --once salons --profile fixture >/dev/null || fail "--profile"
out=$("$bin" --once salons --profile nosuch 2>&1); [ $? = 2 ] && echo "$out" | grep -q "no profile named 'nosuch'" || fail "unknown profile: $out"
printf 'profiles:\n  p:\n    dsn: "password=x %s"\n' "$tcp" >"$cfg"; chmod 644 "$cfg"
out=$("$bin" --once salons 2>&1); [ $? = 2 ] && echo "$out" | grep -q 'chmod 600' || fail "0644 config with a password: $out"
chmod 600 "$cfg"
"$bin" --once salons --profile p >/dev/null || fail "0600 config with a password"
printf 'refresh: [1\n' >"$cfg"
out=$("$bin" --once salons 2>&1); [ $? = 2 ] && echo "$out" | grep -Eq 'config.yaml:[0-9]+:[0-9]+: ' || fail "bad YAML: $out"
rm -f "$cfg"

# A config that is not a regular file (a FIFO nobody writes would block the open) is refused at
# once, naming it; its name is shown safely.
mkfifo "$tmp/fifo" "$tmp/fifo"$'\e'
out=$(timeout 5 "$bin" --config "$tmp/fifo" --once salons 2>&1); rc=$?
[ $rc = 2 ] && echo "$out" | grep -qF "$tmp/fifo: not a regular file" || fail "FIFO config: rc $rc: $out"
out=$(timeout 5 "$bin" --config "$tmp/fifo"$'\e' --once salons 2>&1); rc=$?
[ $rc = 2 ] && echo "$out" | grep -qF "$tmp/fifo^[: not a regular file" || fail "FIFO config, ESC in its name: rc $rc: $out"
out=$(timeout 5 "$bin" --config /dev/null --once salons 2>&1); rc=$?
[ $rc = 2 ] && echo "$out" | grep -qF "/dev/null: not a regular file" || fail "device as config: rc $rc: $out"

# The crash hook exists only in a build configured with --enable-test-hooks (which --version
# then says); any other build, such as distcheck's, must not even know the variable.
if "$bin" --version | grep -q '(test hooks)'; then
    LC_ALL=C grep -aq SALONDESK_TEST_CRASH "$bin" || fail "--version claims test hooks the binary lacks"
else
    LC_ALL=C grep -aq SALONDESK_TEST_CRASH "$bin" && fail "a build without --enable-test-hooks reads SALONDESK_TEST_CRASH"
    SALONDESK_TEST_CRASH=segv "$bin" --once salons >/dev/null || fail "SALONDESK_TEST_CRASH changed a build without test hooks"
fi

# --print-paths names every file it reads and writes.
out=$("$bin" --print-paths) || fail "--print-paths"
for f in config.yaml keymaps themes history last_tab audit.log; do
    echo "$out" | grep -q "$f" || fail "--print-paths does not name $f"
done

# Cannot connect: libpq's words, exit 1, quickly.
out=$("$bin" --once salons --dsn "host=127.0.0.1 port=1" 2>&1); rc=$?
[ $rc = 1 ] && echo "$out" | grep -q '^salondesk: cannot connect: .*refused' || fail "refused: rc $rc: $out"
# Bad options: a usage line, exit 2.
out=$("$bin" --once nosuchpane 2>&1); [ $? = 2 ] && echo "$out" | grep -q '^usage:' || fail "bad pane: $out"
out=$("$bin" --bogus 2>&1); [ $? = 2 ] && echo "$out" | grep -q '^usage:' || fail "bad option: $out"
out=$("$bin" --once salons --format xml 2>&1); [ $? = 2 ] || fail "bad format: $out"
out=$("$bin" --once salons --tz Mars/Olympus 2>&1); [ $? = 2 ] && echo "$out" | grep -q 'unknown time zone' || fail "bad zone: $out"
# --refresh takes plain decimal seconds: no NaN, infinity, overflow, exponent or empty value.
for v in nan NaN -nan inf infinity 1e400 1e1 0x10 '' ' 5' '5 ' 0.05 3601; do
    out=$("$bin" --once salons --refresh "$v" 2>&1); rc=$?
    [ $rc = 2 ] && [ "$(echo "$out" | head -1)" = "salondesk: --refresh: expected seconds between 0.1 and 3600, not '$v'" ] ||
        fail "--refresh '$v': rc $rc: $out"
done
"$bin" --once salons --refresh 0.5 --format csv >/dev/null || fail "--refresh 0.5 refused"
# What the command line gave is echoed safely: an escape sequence is shown, not sent.
for a in --bogus$'\e'[31m --once=$'\e'[31m --format=$'\e'[31m --refresh=$'\e'[31m --view=$'\e'[31m; do
    out=$("$bin" "$a" 2>&1); rc=$?
    [ $rc = 2 ] && echo "$out" | head -1 | grep -qF '^[[31m' || fail "argument $(printf %q "$a"): rc $rc: $(printf %q "$out")"
    case $out in *$'\e'*) fail "a raw ESC from argv reached the terminal: $(printf %q "$out")" ;; esac
done
# ... and so are the values that name a zone, a profile, a config file or a connection.
for a in "--tz=Eu"$'\e'"[31m" "--profile=p"$'\e'"[31m" "--config=$tmp/none"$'\e'"[31m" "--dsn=host=x bad"$'\e'"[31m=1"; do
    out=$("$bin" --once salons "$a" 2>&1); rc=$?
    [ $rc = 2 ] && echo "$out" | grep -qF '^[[31m' || fail "argument $(printf %q "$a"): rc $rc: $(printf %q "$out")"
    case $out in *$'\e'*) fail "a raw ESC from $(printf %q "$a") reached the terminal: $(printf %q "$out")" ;; esac
done
out=$("$bin" --debug-log "$tmp/no/such"$'\e'[31m --once salons 2>&1); rc=$?
[ $rc = 2 ] && echo "$out" | grep -qF 'such^[[31m' || fail "--debug-log name: rc $rc: $(printf %q "$out")"
case $out in *$'\e'*) fail "a raw ESC from --debug-log reached the terminal" ;; esac
out=$("$bin" --once threads --phone $'+0\e[31m' 2>&1 >/dev/null)
echo "$out" | grep -qF 'phone +0^[[31m' || fail "--phone name: $(printf %q "$out")"
case $out in *$'\e'*) fail "a raw ESC from --phone reached the terminal" ;; esac

# Roles: support reads salons without the token column; a role with no grants is told why.
PGUSER=sd_support "$bin" --once salons >/dev/null || fail "support cannot list salons"
out=$(PGUSER=sd_plain "$bin" --once bookings 2>&1); rc=$?
[ $rc = 1 ] && echo "$out" | grep -q 'GRANT SELECT ON public.bookings TO sd_plain' || fail "plain role: rc $rc: $out"
PGUSER=sd_plain "$bin" --once health >/dev/null || fail "plain role cannot see its own activity"

# What the console sent: only placeholders for values, never SELECT *, always read-only.
log=$("$top_srcdir/tests/fixture/pgfixture" log)
grep 'salondesk' "$log" | grep -qi 'select \*' && fail "SELECT * in the console's SQL"
exit 0
