/* Slow statements: what each statement cost since the previous refresh. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src/model/health.h"
#include "src/util/xalloc.h"

/* The row of prev with the same queryid and user, or -1. */
static int find_same(const struct DbRows *prev, const char *qid, const char *user)
{
    int cq = db_rows_col(prev, "queryid"), cu = db_rows_col(prev, "user");
    for (int r = 0; cq >= 0 && r < prev->nrows; r++) {
        const char *q = db_rows_get(prev, r, cq), *u = cu >= 0 ? db_rows_get(prev, r, cu) : NULL;
        if (q && strcmp(q, qid) == 0 && (!user || !u || strcmp(u, user) == 0))
            return r;
    }
    return -1;
}

struct DbRows *health_statement_deltas(const struct DbRows *cur, const struct DbRows *prev)
{
    struct DbRows *out = db_rows_new(cur->nrows, cur->ncols + 2);
    for (int c = 0; c < cur->ncols; c++)
        out->names[c] = xstrdup(cur->names[c]);
    out->names[cur->ncols] = xstrdup("d_calls");
    out->names[cur->ncols + 1] = xstrdup("d_ms");
    int cq = db_rows_col(cur, "queryid"), cu = db_rows_col(cur, "user");
    int cc = db_rows_col(cur, "calls"), ct = db_rows_col(cur, "total_ms");
    int pc = prev ? db_rows_col(prev, "calls") : -1, pt = prev ? db_rows_col(prev, "total_ms") : -1;
    for (int r = 0; r < cur->nrows; r++) {
        for (int c = 0; c < cur->ncols; c++) {
            const char *v = db_rows_get(cur, r, c);
            out->cells[(size_t)r * (size_t)out->ncols + (size_t)c] = v ? xstrdup(v) : NULL;
        }
        const char *qid = db_rows_get(cur, r, cq);
        int p =
            prev && qid && pc >= 0 && pt >= 0 ? find_same(prev, qid, db_rows_get(cur, r, cu)) : -1;
        if (p < 0)
            continue; /* new since the last refresh, or the first refresh: no delta */
        double calls = atof(db_rows_get(cur, r, cc) ? db_rows_get(cur, r, cc) : "0") -
                       atof(db_rows_get(prev, p, pc) ? db_rows_get(prev, p, pc) : "0");
        double ms = atof(db_rows_get(cur, r, ct) ? db_rows_get(cur, r, ct) : "0") -
                    atof(db_rows_get(prev, p, pt) ? db_rows_get(prev, p, pt) : "0");
        if (calls < 0 || ms < 0)
            continue; /* the statistics were reset in between */
        size_t base = (size_t)r * (size_t)out->ncols + (size_t)cur->ncols;
        out->cells[base] = xasprintf("%.0f", calls);
        out->cells[base + 1] = xasprintf("%.1f", ms);
    }
    return out;
}
