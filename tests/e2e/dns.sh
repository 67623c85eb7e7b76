#!/bin/bash
# Host names are looked up off the poll loop. libpq resolves a name inside PQconnectStartParams,
# which blocks for as long as the name server takes; here the name server never answers, and the
# console must still draw its frame, answer keys and quit at once while the lookup goes on, then
# report the failure in the resolver's words. A name that resolves (from /etc/hosts) connects to
# the fixture by TCP through the same path, and the name, not the address, is what TLS checks
# (RELIABILITY T32): with sslmode=verify-full and a certificate for db.salondesk.test, that name
# connects, while 127.0.0.1 and localhost (the same address) are refused in libpq's words. The
# test runs in a mount namespace of its own (unshare -m) with its own /etc/hosts and
# /etc/resolv.conf; the name server is a UDP socket on 127.0.0.2:53 that reads nothing. It turns
# TLS on in the server, so it has a fixture of its own.
set -u
. "$(dirname "$0")/../lib.sh"
need_private_fixture "$@"
if [ -z "${SD_DNS_NS:-}" ]; then
    command -v unshare >/dev/null || hard_error "unshare (util-linux) is needed"
    ns=(-m)
    [ "$(id -u)" = 0 ] || ns+=(-r) # as a user: a user namespace of one's own grants the mount
    unshare "${ns[@]}" true 2>/dev/null || hard_error "cannot make a mount namespace (unshare ${ns[*]})"
    SD_DNS_NS=1 exec unshare "${ns[@]}" "${BASH:-bash}" "$0" "$@"
fi
. "$top_srcdir/tests/tmux.sh"

bin="$top_builddir/salondesk"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sd-dns.XXXXXX")
server=
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$tmp"; tm_cleanup' EXIT
export XDG_CONFIG_HOME="$tmp/config" XDG_STATE_HOME="$tmp/state"

printf '127.0.0.1 localhost\n127.0.0.1 db.salondesk.test\n' >"$tmp/hosts"
printf 'nameserver 127.0.0.2\noptions timeout:4 attempts:1\n' >"$tmp/resolv.conf"
mount --bind "$tmp/hosts" /etc/hosts || hard_error "cannot bind-mount /etc/hosts"
mount --bind "$tmp/resolv.conf" /etc/resolv.conf || hard_error "cannot bind-mount /etc/resolv.conf"
perl -MIO::Socket::INET -e 'my $s = IO::Socket::INET->new(LocalAddr => "127.0.0.2:53",
    Proto => "udp") or die "udp 127.0.0.2:53: $!\n"; sleep 120' &
server=$!
sleep 0.3
kill -0 "$server" 2>/dev/null || hard_error "the silent name server did not start"

# A name from /etc/hosts: looked up in the thread, handed to libpq as hostaddr.
out=$("$bin" --once salons --format csv --debug-log "$tmp/ok.log" \
    --dsn "host=db.salondesk.test port=$SALONDESK_FIXTURE_PORT dbname=whatsapp_saas user=postgres") ||
    fail "--once through db.salondesk.test exited $?: $out"
[ "$(printf '%s\n' "$out" | tail -n +2 | grep -c .)" -gt 0 ] || fail "no salons through db.salondesk.test"
grep -q 'host db.salondesk.test is at 127.0.0.1' "$tmp/ok.log" || fail "the name was not looked up off the loop"

# TLS with the looked-up address: the certificate names db.salondesk.test. The files go in the
# fixture's folder, which the server's user can read.
command -v openssl >/dev/null || hard_error "openssl is needed"
crt="$SALONDESK_FIXTURE_DIR/tls"
mkdir -p "$crt"
(
    cd "$crt" &&
    openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 2 \
        -subj "/CN=salondesk test CA" &&
    openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr \
        -subj "/CN=db.salondesk.test" &&
    printf 'subjectAltName=DNS:db.salondesk.test\n' >ext &&
    openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out server.crt \
        -days 2 -extfile ext
) >"$tmp/openssl.log" 2>&1 || { cat "$tmp/openssl.log"; hard_error "openssl could not make the certificates"; }
chmod 600 "$crt/server.key"
chown -R "$(stat -c %u:%g "$SALONDESK_FIXTURE_DIR")" "$crt"
psql_fixture "ALTER SYSTEM SET ssl_cert_file = '$crt/server.crt'" \
    "ALTER SYSTEM SET ssl_key_file = '$crt/server.key'" "ALTER SYSTEM SET ssl = on" \
    "SELECT pg_reload_conf()" >/dev/null
for _ in $(seq 50); do [ "$(psql_fixture "SHOW ssl")" = on ] && break; sleep 0.1; done
[ "$(psql_fixture "SHOW ssl")" = on ] || hard_error "the server did not turn TLS on: $(tail -3 "$("$top_srcdir/tests/fixture/pgfixture" log)")"
tls="port=$SALONDESK_FIXTURE_PORT dbname=whatsapp_saas user=postgres sslmode=verify-full sslrootcert=$crt/ca.crt"
"$bin" --once salons --format csv --debug-log "$tmp/tls.log" --dsn "host=db.salondesk.test $tls" \
    >/dev/null 2>"$tmp/tls.err" || fail "verify-full to db.salondesk.test: $(cat "$tmp/tls.err")"
grep -q 'host db.salondesk.test is at 127.0.0.1' "$tmp/tls.log" || fail "TLS: the name was not looked up"
for h in 127.0.0.1 localhost; do
    out=$("$bin" --once salons --dsn "host=$h $tls" 2>&1) && fail "verify-full to $h connected"
    echo "$out" | grep -q "does not match host name \"$h\"" || fail "verify-full to $h: $out"
done

# A name the silent server is asked about.
dsn="host=slow.salondesk.test port=5432 dbname=whatsapp_saas user=postgres connect_timeout=20"
tm_start 100 30 -- --dsn "$dsn" --debug-log "$tmp/slow.log"
tm_wait_for 'looking up the host name' 2
t0=$(date +%s%N)
tm_keys '?'; tm_wait_for 'Quit salondesk' 1
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
[ "$ms" -lt 1000 ] || fail "help took $ms ms to open during the lookup"
tm_keys Escape; tm_wait_gone 'Quit salondesk'
tm_screen | grep -q 'looking up the host name' || fail "the lookup should still be running"
# The resolver gives up after 4 s: the status line gives its words, and the console retries.
tm_wait_for 'could not translate host name "slow.salondesk.test"' 8
tm_keys q
[ "$(tm_wait_exit 2)" = 0 ] || fail "exit status after the failed lookup"
tm kill-server 2>/dev/null

# q while a lookup is running quits at once; the lookup is left to finish in its thread.
tm_start 100 30 -- --dsn "$dsn"
tm_wait_for 'looking up the host name' 2
tm_quit_within 1500 "during the lookup"
exit 0
