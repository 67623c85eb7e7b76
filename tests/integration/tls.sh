#!/bin/bash
# TLS as the platform's DATABASE_URL gives it (Prisma's parameters), against a real server with
# a certificate from a CA of the test's own: sslcert= is the CA file (libpq's sslrootcert),
# sslaccept=strict checks the certificate (a server whose certificate another CA signed is
# refused), sslaccept=accept_invalid_certs does not, and what would check less than the URL
# asked for is said on stderr, not only in the debug log. The console's session uses TLS.
set -u
. "$(dirname "$0")/../lib.sh"
need_private_fixture "$@" # turns ssl on
bin="$top_builddir/salondesk"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sd-tls.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
command -v openssl >/dev/null || hard_error "openssl is missing (apt-get install openssl)"

# A CA, a server certificate it signs for 127.0.0.1 and localhost, and a second, unrelated CA.
mkca() {
    openssl req -x509 -new -nodes -newkey rsa:2048 -days 2 -subj "/CN=$1" \
        -keyout "$tmp/$1.key" -out "$tmp/$1.crt" >/dev/null 2>&1 || hard_error "openssl: CA $1"
}
mkca sd-test-ca
mkca sd-other-ca
openssl req -new -nodes -newkey rsa:2048 -subj "/CN=localhost" -keyout "$tmp/server.key" \
    -out "$tmp/server.csr" >/dev/null 2>&1 || hard_error "openssl: server key"
printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\n' >"$tmp/ext"
openssl x509 -req -in "$tmp/server.csr" -CA "$tmp/sd-test-ca.crt" -CAkey "$tmp/sd-test-ca.key" \
    -CAcreateserial -days 2 -extfile "$tmp/ext" -out "$tmp/server.crt" >/dev/null 2>&1 ||
    hard_error "openssl: server certificate"
data="$SALONDESK_FIXTURE_DIR/data"
owner=$(stat -c %U "$data")
install -o "$owner" -m 600 "$tmp/server.key" "$data/server.key" &&
    install -o "$owner" -m 644 "$tmp/server.crt" "$data/server.crt" || hard_error "installing the certificate"
# Over TCP, only TLS sessions are let in: whatever connects below used TLS.
{ printf 'hostssl all all 127.0.0.1/32 trust\nhostnossl all all 127.0.0.1/32 reject\n'; cat "$data/pg_hba.conf"; } >"$tmp/hba"
cat "$tmp/hba" >"$data/pg_hba.conf"
psql_fixture "ALTER SYSTEM SET ssl = on" "SELECT pg_reload_conf()" >/dev/null
for _ in $(seq 50); do [ "$(psql_fixture "show ssl")" = on ] && break; sleep 0.1; done
[ "$(psql_fixture "show ssl")" = on ] || hard_error "ssl did not come on"

url="postgresql://postgres@127.0.0.1:$SALONDESK_FIXTURE_PORT/whatsapp_saas?schema=public"
ca=$tmp/sd-test-ca.crt other=$tmp/sd-other-ca.crt

# 1. The platform's form: sslmode=require, sslcert= the CA, sslaccept=strict. It connects, over
# TLS, with the certificate checked.
out=$(DATABASE_URL="$url&sslmode=require&sslcert=$ca&sslaccept=strict" "$bin" --once salons --format csv 2>&1) ||
    fail "strict with the right CA: $out"
[ "$(echo "$out" | tail -n +2 | grep -c .)" -ge 1 ] || fail "strict with the right CA: no rows: $out"
out=$(DATABASE_URL="$url&sslmode=disable" "$bin" --once salons 2>&1) && fail "a session without TLS got in: $out"
echo "$out" | grep -q 'no encryption' || fail "without TLS: not the server's words: $out"

# 2. strict with a CA that did not sign the server's certificate: refused, in libpq's words.
out=$(DATABASE_URL="$url&sslmode=require&sslcert=$other&sslaccept=strict" "$bin" --once salons 2>&1) &&
    fail "strict with the wrong CA connected: $out"
echo "$out" | grep -qi 'certificate verify failed' || fail "strict with the wrong CA: not libpq's words: $out"

# 3. accept_invalid_certs: the certificate is not checked (what the URL asks for).
out=$(DATABASE_URL="$url&sslmode=require&sslcert=$other&sslaccept=accept_invalid_certs" "$bin" --once salons 2>&1) ||
    fail "accept_invalid_certs: $out"

# 4. What checks less than the URL asks is said on stderr: strict with sslmode=prefer, and a
# PKCS#12 identity libpq cannot read.
err=$(DATABASE_URL="$url&sslmode=prefer&sslaccept=strict&sslidentity=client.p12" "$bin" --once salons 2>&1 >/dev/null)
echo "$err" | grep -q "DATABASE_URL: sslaccept=strict with sslmode=prefer: the server's certificate is not checked" ||
    fail "no warning for strict under prefer: $err"
echo "$err" | grep -q "sslidentity=client.p12 .* is not used" || fail "no warning for sslidentity: $err"

# 5. With sslkey too, sslcert keeps libpq's meaning (a client certificate): taken as the CA
# file, the unrelated CA would fail the check.
chmod 600 "$tmp/sd-other-ca.key"
out=$(DATABASE_URL="$url&sslmode=require&sslcert=$other&sslkey=$tmp/sd-other-ca.key" "$bin" --once salons 2>&1) ||
    fail "sslcert with sslkey was not taken as a client certificate: $out"
exit 0
