#!/bin/bash
# The three benchmarks of the large demo data in one fixture (the data is loaded once, about
# 2.5 minutes and 3.2 GB): Bookings (issue 4), Threads (issue 5), Health against pg_activity
# (issue 3). Takes about 8 minutes after the load. Prints each one's report, then a summary.
#   tests/fixture/pgfixture run -q --size large -- tests/bench/run-large.sh
# Set BENCH_KEEP=DIR to keep the plans and debug logs there.
set -u
PGFIXTURE_ARGS=${PGFIXTURE_ARGS:---size large}
export PGFIXTURE_ARGS
. "$(dirname "$0")/../lib.sh"
need_fixture "$@"
here=$(cd "$(dirname "$0")" && pwd)
out=$(mktemp -d "${TMPDIR:-/tmp}/sd-bench.XXXXXX")
trap 'rm -rf "$out"' EXIT

n=$(psql_fixture "SELECT count(*) FROM bookings")
[ "$n" -ge 500000 ] || note "warning: only $n bookings; these figures are meant for --size large"

rc=0
for b in bookings threads health; do
    t0=$(date +%s)
    bash "$here/$b.sh" >"$out/$b" 2>"$out/$b.err"
    r=$?
    [ "$r" = 0 ] || rc=$r
    cat "$out/$b"
    [ "$r" = 0 ] || { echo "--- $b.sh failed ($r):"; cat "$out/$b.err"; }
    echo "($b.sh: $(( $(date +%s) - t0 )) s)"
    echo
done

echo "== Summary"
grep -h -E '^(period query|day moves|week moves|   the first|conversation list|   refresh|open the biggest|page up|memory after|oldest and newest|   thread_page|   threads_list|   EXPLAIN)' \
    "$out/bookings" "$out/threads" 2>/dev/null
grep -h -E '^(server time|client CPU per|resident memory|every blocked|MISSING)' "$out/health" 2>/dev/null
exit $rc
