/* The Health model's pure parts: parsing a live result, rates, presenting and sorting the
 * sessions, the blocking tree, and the bounded history. No server, no curses. */
#include "config.h"

#include "src/model/health.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src/util/str.h"
#include "src/util/xalloc.h"

static const struct {
    const char *col;
    const char *name;
    bool numeric, desc;
} sorts[] = {
    {"query_s", "query age", true, true},
    {"xact_s", "transaction age", true, true},
    {"pid", "pid", true, false},
    {"user", "user", false, false},
    {"database", "database", false, false},
    {"state", "state", false, false},
    {"wait", "wait event", false, false},
};
#define NSORTS ((int)(sizeof sorts / sizeof sorts[0]))

int health_sort_count(void)
{
    return NSORTS;
}

const char *health_sort_name(int sort)
{
    return sort >= 0 && sort < NSORTS ? sorts[sort].name : "";
}

static long long cell_ll(const struct DbRows *r, int row, const char *col, long long dflt)
{
    const char *v = db_rows_get(r, row, db_rows_col(r, col));
    return v ? atoll(v) : dflt;
}

static double cell_d(const struct DbRows *r, int row, const char *col, double dflt)
{
    const char *v = db_rows_get(r, row, db_rows_col(r, col));
    return v ? atof(v) : dflt;
}

static const char *cell(const struct DbRows *r, int row, const char *col)
{
    return db_rows_get(r, row, db_rows_col(r, col));
}

void health_summary_parse(struct HealthSummary *s, const struct DbRows *r)
{
    memset(s, 0, sizeof *s);
    s->longest_xact_s = s->longest_query_s = s->cache_hit_pct = -1;
    s->oldest_xmin_age = -1;
    if (!r || r->nrows < 1)
        return;
    s->valid = true;
    s->clock = cell_d(r, 0, "s_clock", 0);
    s->max_connections = cell_ll(r, 0, "s_max_connections", 0);
    s->xacts = cell_ll(r, 0, "s_xacts", 0);
    s->blks_hit = cell_ll(r, 0, "s_blks_hit", 0);
    s->blks_read = cell_ll(r, 0, "s_blks_read", 0);
    s->tup_read = cell_ll(r, 0, "s_tup_read", 0);
    s->tup_written = cell_ll(r, 0, "s_tup_written", 0);
    s->temp_bytes = cell_ll(r, 0, "s_temp_bytes", 0);
    s->deadlocks = cell_ll(r, 0, "s_deadlocks", 0);
    s->uptime_s = cell_ll(r, 0, "s_uptime_s", 0);
    s->frozen_age = cell_ll(r, 0, "s_frozen_age", 0);
    s->wraparound_pct = 100.0 * (double)s->frozen_age / 2147483648.0;
    s->self_pid = (int)cell_ll(r, 0, "s_self", 0);
    if (s->blks_hit + s->blks_read > 0)
        s->cache_hit_pct = 100.0 * (double)s->blks_hit / (double)(s->blks_hit + s->blks_read);
    for (int i = 0; i < r->nrows; i++) {
        if (!cell(r, i, "pid"))
            continue;
        const char *bt = cell(r, i, "backend_type");
        const char *st = cell(r, i, "state");
        const char *by = cell(r, i, "blocked_by");
        if (by && strcmp(by, "{}") != 0)
            s->blocked++;
        if (bt && strcmp(bt, "client backend") != 0)
            continue; /* NULL: a session hidden from the role, counted as a connection */
        s->sessions++;
        if (!bt)
            s->hidden++;
        const char *wait = cell(r, i, "wait");
        if (!st)
            s->other++;
        else if (strcmp(st, "active") == 0 && wait && str_starts(wait, "Lock:"))
            s->waiting++;
        else if (strcmp(st, "active") == 0)
            s->active++;
        else if (strcmp(st, "idle") == 0)
            s->idle++;
        else if (str_starts(st, "idle in transaction"))
            s->idle_tx++;
        else
            s->other++;
        double x = cell_d(r, i, "xact_s", -1), q = cell_d(r, i, "query_s", -1);
        if (x > s->longest_xact_s)
            s->longest_xact_s = x;
        if (strcmp(st ? st : "", "active") == 0 && q > s->longest_query_s &&
            (int)cell_ll(r, i, "pid", 0) != s->self_pid)
            s->longest_query_s = q;
        long long xa = cell_ll(r, i, "xmin_age", -1);
        if (xa > s->oldest_xmin_age)
            s->oldest_xmin_age = xa;
    }
}

void health_summary_rates(struct HealthSummary *cur, const struct HealthSummary *prev)
{
    cur->have_rates = false;
    if (!prev || !prev->valid || !cur->valid)
        return;
    double dt = cur->clock - prev->clock;
    /* A counter that went backwards: the statistics were reset. */
    if (dt <= 0.05 || cur->xacts < prev->xacts || cur->tup_read < prev->tup_read)
        return;
    cur->have_rates = true;
    cur->tps = (double)(cur->xacts - prev->xacts) / dt;
    cur->read_s = (double)(cur->tup_read - prev->tup_read) / dt;
    cur->written_s = (double)(cur->tup_written - prev->tup_written) / dt;
    cur->temp_bytes_s = (double)(cur->temp_bytes - prev->temp_bytes) / dt;
    cur->deadlocks_d = (double)(cur->deadlocks - prev->deadlocks);
    long long hit = cur->blks_hit - prev->blks_hit, rd = cur->blks_read - prev->blks_read;
    if (hit >= 0 && rd >= 0 && hit + rd > 0)
        cur->cache_hit_pct = 100.0 * (double)hit / (double)(hit + rd);
}

struct DbRows *health_split_activity(const struct DbRows *live)
{
    int pidc = db_rows_col(live, "pid");
    int ncols = 0, nrows = 0;
    for (int c = 0; c < live->ncols; c++)
        if (!str_starts(live->names[c], "s_"))
            ncols++;
    for (int r = 0; r < live->nrows; r++)
        if (db_rows_get(live, r, pidc))
            nrows++;
    struct DbRows *out = db_rows_new(nrows, ncols);
    int oc = 0;
    for (int c = 0; c < live->ncols; c++) {
        if (str_starts(live->names[c], "s_"))
            continue;
        out->names[oc] = xstrdup(live->names[c]);
        int orow = 0;
        for (int r = 0; r < live->nrows; r++) {
            if (!db_rows_get(live, r, pidc))
                continue;
            const char *v = db_rows_get(live, r, c);
            out->cells[orow * ncols + oc] = v ? xstrdup(v) : NULL;
            orow++;
        }
        oc++;
    }
    return out;
}

void health_format_age(double s, char *buf, size_t size)
{
    if (s < 0 || isnan(s)) {
        snprintf(buf, size, "%s", "");
    } else if (s < 60) {
        snprintf(buf, size, "%.1fs", s);
    } else {
        long t = (long)s;
        snprintf(buf, size, "%ld:%02ld:%02ld", t / 3600, t / 60 % 60, t % 60);
    }
}

double health_parse_age(const char *s)
{
    long h, m, sec;
    if (!s || !*s)
        return -1;
    if (sscanf(s, "%ld:%ld:%ld", &h, &m, &sec) == 3)
        return (double)(h * 3600 + m * 60 + sec);
    return atof(s);
}

enum HealthLevel health_level(double v, const struct Threshold *t)
{
    if (v >= t->crit)
        return HL_CRIT;
    if (v >= t->warn)
        return HL_WARN;
    return HL_OK;
}

int health_parse_pids(const char *text, int *out, int max)
{
    int n = 0;
    if (!text)
        return 0;
    for (const char *p = text; *p && n < max;) {
        if (*p >= '0' && *p <= '9') {
            char *end;
            long v = strtol(p, &end, 10);
            out[n++] = (int)v;
            p = end;
        } else {
            p++;
        }
    }
    return n;
}

/* --- presenting ---------------------------------------------------------------------------- */

struct SortCtx {
    const struct DbRows *r;
    int col;
    bool numeric, desc;
    int pidc;
};

static const struct SortCtx *sort_ctx; /* qsort has no user pointer; set only around qsort */

static int cmp_rows(const void *a, const void *b)
{
    int ra = *(const int *)a, rb = *(const int *)b;
    const struct SortCtx *c = sort_ctx;
    const char *va = db_rows_get(c->r, ra, c->col), *vb = db_rows_get(c->r, rb, c->col);
    int d = 0;
    if (!va || !vb) {
        d = (va == NULL) - (vb == NULL); /* NULL last, whichever the direction */
    } else {
        if (c->numeric) {
            double x = atof(va), y = atof(vb);
            d = x < y ? -1 : x > y;
        } else {
            d = strcmp(va, vb);
        }
        if (c->desc)
            d = -d;
    }
    if (d == 0) {
        long pa = atol(db_rows_get(c->r, ra, c->pidc)), pb = atol(db_rows_get(c->r, rb, c->pidc));
        d = pa < pb ? -1 : pa > pb;
    }
    return d;
}

/* Which pids block some other session. */
static bool is_blocker(const struct DbRows *act, int pid)
{
    int bc = db_rows_col(act, "blocked_by");
    int pids[64];
    for (int r = 0; r < act->nrows; r++) {
        int n = health_parse_pids(db_rows_get(act, r, bc), pids, 64);
        for (int i = 0; i < n; i++)
            if (pids[i] == pid)
                return true;
    }
    return false;
}

static const char *const shown_cols[] = {
    "flag",    "pid",  "user",     "database",  "application", "client", "backend_type",
    "state",   "wait", "xact_age", "query_age", "blocked_by",  "query",  "xact_s",
    "query_s", "tag",  "cpu_pct",  "mem",       "read",        "write",
};
#define NSHOWN ((int)(sizeof shown_cols / sizeof shown_cols[0]))

struct DbRows *health_present_activity(const struct DbRows *act, int sort, bool hide_idle,
                                       int self_pid)
{
    int pidc = db_rows_col(act, "pid"), stc = db_rows_col(act, "state");
    int bc = db_rows_col(act, "blocked_by");
    int *order = xcalloc((size_t)act->nrows + 1, sizeof *order);
    int n = 0;
    for (int r = 0; r < act->nrows; r++) {
        const char *st = db_rows_get(act, r, stc);
        if (hide_idle && (!st || strcmp(st, "idle") == 0) &&
            atoi(db_rows_get(act, r, pidc)) != self_pid)
            continue;
        order[n++] = r;
    }
    if (sort < 0 || sort >= NSORTS)
        sort = 0;
    struct SortCtx ctx = {act, db_rows_col(act, sorts[sort].col), sorts[sort].numeric,
                          sorts[sort].desc, pidc};
    if (ctx.col >= 0) {
        sort_ctx = &ctx;
        qsort(order, (size_t)n, sizeof *order, cmp_rows);
        sort_ctx = NULL;
    }
    struct DbRows *out = db_rows_new(n, NSHOWN);
    for (int c = 0; c < NSHOWN; c++)
        out->names[c] = xstrdup(shown_cols[c]);
    for (int i = 0; i < n; i++) {
        int r = order[i];
        char **row = out->cells + (size_t)i * NSHOWN;
        int pid = atoi(db_rows_get(act, r, pidc));
        const char *by = db_rows_get(act, r, bc);
        bool waits = by && strcmp(by, "{}") != 0;
        bool blocks = is_blocker(act, pid);
        const char *flag = pid == self_pid   ? "me"
                           : blocks && waits ? "wait+blk"
                           : blocks          ? "ROOT"
                           : waits           ? "wait"
                                             : NULL;
        row[0] = flag ? xstrdup(flag) : NULL;
        for (int c = 1; c < NSHOWN; c++) {
            const char *name = shown_cols[c];
            if (strcmp(name, "xact_age") == 0 || strcmp(name, "query_age") == 0) {
                const char *v = cell(act, r, name[0] == 'x' ? "xact_s" : "query_s");
                char buf[32];
                health_format_age(v ? atof(v) : -1, buf, sizeof buf);
                row[c] = v ? xstrdup(buf) : NULL;
            } else if (strcmp(name, "blocked_by") == 0) {
                row[c] = waits ? xstrndup(by + 1, strlen(by) - 2) : NULL;
            } else {
                const char *v = cell(act, r, name);
                row[c] = v ? xstrdup(v) : NULL;
            }
        }
    }
    free(order);
    return out;
}

/* --- the blocking tree ---------------------------------------------------------------------- */

#define MAX_BLOCKERS 64
#define MAX_DEPTH 32

struct Tree {
    const struct DbRows *act;
    int n;
    int *pid;
    int *nby;
    int (*by)[MAX_BLOCKERS];
    char **cells;
    int nout, cap;
    bool *reached;
};

static int tree_row_of(const struct Tree *t, int pid)
{
    for (int i = 0; i < t->n; i++)
        if (t->pid[i] == pid)
            return i;
    return -1;
}

static bool blocked_by(const struct Tree *t, int row, int pid)
{
    for (int i = 0; i < t->nby[row]; i++)
        if (t->by[row][i] == pid)
            return true;
    return false;
}

#define TREE_COLS 8

static void tree_emit(struct Tree *t, int pid, int row, const char *prefix, const char *label)
{
    if (t->nout == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 16;
        t->cells = xreallocarray(t->cells, (size_t)t->cap * TREE_COLS, sizeof *t->cells);
    }
    char **o = t->cells + (size_t)t->nout * TREE_COLS;
    t->nout++;
    o[0] = xasprintf("%s%d%s", prefix, pid, label);
    o[1] = xasprintf("%d", pid);
    const struct DbRows *a = t->act;
    static const char *const cols[] = {"user", "state", "lock_mode", "relation"};
    for (int c = 0; c < 4; c++) {
        const char *v = row >= 0 ? cell(a, row, cols[c]) : NULL;
        o[2 + c] = v ? xstrdup(v) : NULL;
    }
    const char *ws = row >= 0 && t->nby[row] ? cell(a, row, "wait_s") : NULL;
    char buf[32];
    health_format_age(ws ? atof(ws) : -1, buf, sizeof buf);
    o[6] = ws ? xstrdup(buf) : NULL;
    const char *q = row >= 0 ? cell(a, row, "query")
                             : "(not visible: another database or a"
                               " prepared transaction)";
    o[7] = q ? xstrdup(q) : NULL;
}

static int count_below(const struct Tree *t, int pid, bool *seen, int depth)
{
    int n = 0;
    if (depth > MAX_DEPTH)
        return 0;
    for (int r = 0; r < t->n; r++) {
        if (!seen[r] && blocked_by(t, r, pid)) {
            seen[r] = true;
            n += 1 + count_below(t, t->pid[r], seen, depth + 1);
        }
    }
    return n;
}

static void tree_walk(struct Tree *t, int pid, const char *indent, int *path, int depth)
{
    path[depth] = pid;
    int kids[256], nk = 0;
    for (int r = 0; r < t->n && nk < 256; r++)
        if (blocked_by(t, r, pid))
            kids[nk++] = r;
    for (int k = 0; k < nk; k++) {
        int r = kids[k];
        bool last = k == nk - 1;
        bool cycle = false;
        for (int d = 0; d <= depth; d++)
            if (path[d] == t->pid[r])
                cycle = true;
        char *prefix = xasprintf("%s%s", indent, last ? "└─ " : "├─ ");
        tree_emit(t, t->pid[r], r, prefix, cycle ? " (cycle)" : "");
        free(prefix);
        t->reached[r] = true;
        if (!cycle && depth + 1 < MAX_DEPTH) {
            char *sub = xasprintf("%s%s", indent, last ? "   " : "│  ");
            tree_walk(t, t->pid[r], sub, path, depth + 1);
            free(sub);
        }
    }
}

static void tree_root(struct Tree *t, int pid)
{
    int row = tree_row_of(t, pid);
    bool *seen = xcalloc((size_t)t->n + 1, sizeof *seen);
    if (row >= 0)
        seen[row] = true; /* in a cycle of waits the root does not count itself */
    int below = count_below(t, pid, seen, 0);
    free(seen);
    char label[48];
    snprintf(label, sizeof label, "  blocks %d", below);
    tree_emit(t, pid, row, "", label);
    int path[MAX_DEPTH + 1];
    tree_walk(t, pid, "", path, 0);
}

struct DbRows *health_block_tree(const struct DbRows *act)
{
    struct Tree t = {0};
    t.act = act;
    t.n = act->nrows;
    t.pid = xcalloc((size_t)t.n + 1, sizeof *t.pid);
    t.nby = xcalloc((size_t)t.n + 1, sizeof *t.nby);
    t.by = xcalloc((size_t)t.n + 1, sizeof *t.by);
    t.reached = xcalloc((size_t)t.n + 1, sizeof *t.reached);
    int pidc = db_rows_col(act, "pid"), bc = db_rows_col(act, "blocked_by");
    for (int r = 0; r < t.n; r++) {
        const char *p = db_rows_get(act, r, pidc);
        t.pid[r] = p ? atoi(p) : 0;
        t.nby[r] = health_parse_pids(db_rows_get(act, r, bc), t.by[r], MAX_BLOCKERS);
    }
    /* Roots: blockers that wait on nobody (or that this role cannot see). */
    int *roots = xcalloc((size_t)t.n * MAX_BLOCKERS + 1, sizeof *roots);
    int nroots = 0;
    for (int r = 0; r < t.n; r++) {
        for (int i = 0; i < t.nby[r]; i++) {
            int b = t.by[r][i], br = tree_row_of(&t, b);
            if (br >= 0 && t.nby[br] > 0)
                continue;
            bool dup = false;
            for (int k = 0; k < nroots; k++)
                dup = dup || roots[k] == b;
            if (!dup)
                roots[nroots++] = b;
        }
    }
    for (int k = 0; k < nroots; k++)
        tree_root(&t, roots[k]);
    /* Waiters in a cycle of waits (a deadlock about to be broken) have no root: start there. */
    for (int r = 0; r < t.n; r++)
        if (t.nby[r] > 0 && !t.reached[r])
            tree_root(&t, t.pid[r]), t.reached[r] = true;
    struct DbRows *out = db_rows_new(t.nout, TREE_COLS);
    static const char *const names[TREE_COLS] = {"tree",      "pid",      "user",   "state",
                                                 "lock_mode", "relation", "waited", "query"};
    for (int c = 0; c < TREE_COLS; c++)
        out->names[c] = xstrdup(names[c]);
    for (int i = 0; i < t.nout * TREE_COLS; i++)
        out->cells[i] = t.cells[i];
    free(t.cells);
    free(roots);
    free(t.pid);
    free(t.nby);
    free(t.by);
    free(t.reached);
    return out;
}

/* --- history -------------------------------------------------------------------------------- */

static size_t rows_bytes(const struct DbRows *r)
{
    size_t b = sizeof *r;
    if (!r)
        return 0;
    for (int i = 0; i < r->nrows * r->ncols; i++)
        b += sizeof(char *) + (r->cells[i] ? strlen(r->cells[i]) + 1 : 0);
    return b;
}

static void history_drop_oldest(struct HealthHistory *h)
{
    h->bytes -= h->s[0].bytes;
    db_rows_free(&h->s[0].activity);
    memmove(h->s, h->s + 1, (size_t)(h->n - 1) * sizeof *h->s);
    h->n--;
}

/* How far apart samples of this age are kept: every refresh up to one a second for the last
 * minute, one in ten seconds to five minutes, then one in thirty. However fast the refresh, the
 * 30 minutes take about 135 samples. */
static time_t history_gap(time_t age)
{
    return age < 60 ? 1 : age < 300 ? 10 : 30;
}

/* Keeps the newest sample of each gap-long slice of the clock. The slices are fixed in time, so a
 * sample kept once stays kept until its age puts it in a wider slice. */
static void history_thin(struct HealthHistory *h, time_t now)
{
    time_t slice = -1, gap = 0;
    int out = h->n - 1;
    for (int i = h->n - 1; i >= 0; i--) {
        struct HealthSample *s = &h->s[i];
        time_t g = history_gap(now - s->at), sl = s->at / g;
        if (i < h->n - 1 && g == gap && sl == slice) {
            h->bytes -= s->bytes;
            db_rows_free(&s->activity);
            continue;
        }
        gap = g;
        slice = sl;
        h->s[out--] = *s;
    }
    int kept = h->n - 1 - out;
    memmove(h->s, h->s + out + 1, (size_t)kept * sizeof *h->s);
    h->n = kept;
}

int health_history_find(const struct HealthHistory *h, time_t at)
{
    for (int back = 0; back < h->n; back++)
        if (h->s[h->n - 1 - back].at <= at)
            return back;
    return h->n - 1;
}

void health_history_push(struct HealthHistory *h, struct HealthSample *s)
{
    if (h->n == h->cap) {
        h->cap = h->cap ? h->cap * 2 : 64;
        h->s = xreallocarray(h->s, (size_t)h->cap, sizeof *h->s);
    }
    s->bytes = rows_bytes(s->activity);
    h->s[h->n++] = *s;
    h->bytes += s->bytes;
    s->activity = NULL;
    history_thin(h, s->at);
    while (h->n > 1 &&
           (h->s[0].at < s->at - HEALTH_HISTORY_SECONDS || h->bytes > HEALTH_HISTORY_BYTES))
        history_drop_oldest(h);
}

const struct HealthSample *health_history_get(const struct HealthHistory *h, int back)
{
    if (back < 0 || back >= h->n)
        return NULL;
    return &h->s[h->n - 1 - back];
}

void health_history_free(struct HealthHistory *h)
{
    while (h->n > 0)
        history_drop_oldest(h);
    XFREE(h->s);
    h->cap = 0;
    h->bytes = 0;
}

int health_history_series(const struct HealthHistory *h, int back, int which, double *out, int n)
{
    int end = h->n - back, k = 0;
    int start = end - n < 0 ? 0 : end - n;
    for (int i = start; i < end; i++) {
        const struct HealthSummary *s = &h->s[i].sum;
        if (which == 0 && !s->have_rates)
            continue;
        out[k++] = which == 0 ? s->tps : (double)(s->active + s->waiting);
    }
    return k;
}
