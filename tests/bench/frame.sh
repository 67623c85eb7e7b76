#!/bin/bash
# Benchmark of the frame on the small demo database (not part of `make check`: it takes about
# three minutes). Prints: time from start and from connect to the first full screen (median of
# 5 starts), resident memory after one minute of live refresh, and CPU time per minute idle,
# with live refresh on (2 s) and paused.
#   tests/fixture/pgfixture run -q -- tests/bench/frame.sh
set -u
. "$(dirname "$0")/../lib.sh"
need_fixture "$@"
. "$top_srcdir/tests/tmux.sh"

firsts=()
for i in 1 2 3 4 5; do
    rm -f "$TM_DIR/log"
    tm_start 120 40 -- --debug-log "$TM_DIR/log"
    tm_wait_for 'Espaço Ação & Cor' 10
    tm_keys q; tm_wait_exit 5 >/dev/null
    tm kill-server
    firsts+=("$(sed -n 's/.*first full screen: \([0-9]*\) ms after start, \([0-9]*\) ms after connect.*/\1 \2/p' "$TM_DIR/log")")
done
median() { sort -n | sed -n 3p; }
start_ms=$(printf '%s\n' "${firsts[@]}" | awk '{print $1}' | median)
connect_ms=$(printf '%s\n' "${firsts[@]}" | awk '{print $2}' | median)

tm_start 120 40 -- --refresh 2
tm_wait_for 'Espaço Ação & Cor' 10
pid=$(tm_app_pid)
c0=$(cpu_ticks "$pid"); sleep 60; c1=$(cpu_ticks "$pid")
rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
anon=$(awk '/RssAnon/ {print $2}' "/proc/$pid/status")
file=$(awk '/RssFile/ {print $2}' "/proc/$pid/status")
tm_keys p; tm_wait_for PAUSED 3
c2=$(cpu_ticks "$pid"); sleep 60; c3=$(cpu_ticks "$pid")
tm_keys q; tm_wait_exit 5 >/dev/null

hz=$(getconf CLK_TCK)
printf 'first full screen (median of 5): %s ms after start, %s ms after connect\n' "$start_ms" "$connect_ms"
printf 'resident memory after 60 s of live refresh: %s KiB (own data %s KiB, shared library pages %s KiB)\n' "$rss" "$anon" "$file"
printf 'CPU per minute, live refresh every 2 s: %s ms\n' "$(( (c1 - c0) * 1000 / hz ))"
printf 'CPU per minute, paused: %s ms\n' "$(( (c3 - c2) * 1000 / hz ))"
