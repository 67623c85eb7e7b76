# Sourced by the benchmarks after tests/tmux.sh: statistics, and what the console's debug log
# ($TM_DIR/log, from --debug-log) says about keys and queries.

# pct P: the P-th percentile (nearest rank) of the numbers on stdin; "-" when there are none.
pct() { sort -n | awk -v p="$1" '{ v[NR] = $1 } END { if (!NR) { print "-"; exit }
    i = int(p / 100 * NR + 0.999999); if (i < 1) i = 1; print v[i] }'; }
# stats: "median M, p95 P, max X (n=N)" of the numbers on stdin.
stats() {
    local f; f=$(mktemp "$TM_DIR/st.XXXXXX"); cat >"$f"
    printf 'median %s, p95 %s, max %s (n=%s)' "$(pct 50 <"$f")" "$(pct 95 <"$f")" \
        "$(pct 100 <"$f")" "$(grep -c . "$f")"
}
# Lines of the debug log from line $1 on, and how many there are.
log_from() { tail -n +"$1" "$TM_DIR/log"; }
log_lines() { wc -l <"$TM_DIR/log"; }
# From debug log lines on stdin: key to first and to settled screen (ms), and the time and
# rows of each query named $1.
key_first() { sed -n 's/.*key to first screen: \([0-9]*\) ms.*/\1/p'; }
key_settled() { sed -n 's/.*key to settled screen: \([0-9]*\) ms.*/\1/p'; }
query_ms() { sed -n "s/.*db: query $1: [0-9]* rows in \([0-9]*\) ms.*/\1/p"; }
query_rows() { sed -n "s/.*db: query $1: \([0-9]*\) rows in [0-9]* ms.*/\1/p"; }
