/* The pooler's figures (see health_pool.h). Pure: no server, no curses. */
#include "config.h"

#include "src/model/health_pool.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src/model/health.h"
#include "src/util/xalloc.h"

#define ADMIN_DB "pgbouncer" /* PgBouncer's own virtual database */

static const char *cell(const struct DbRows *r, int row, const char *col)
{
    return r ? db_rows_get(r, row, db_rows_col(r, col)) : NULL;
}

static long long inum(const struct DbRows *r, int row, const char *col)
{
    const char *v = cell(r, row, col);
    return v ? atoll(v) : 0;
}

static bool same(const char *a, const char *b)
{
    return a && b && strcmp(a, b) == 0;
}

/* A SHOW CONFIG value as a number, -1 when missing. */
static long long config_num(const struct DbRows *config, const char *key)
{
    for (int i = 0; config && i < config->nrows; i++)
        if (same(cell(config, i, "key"), key)) {
            const char *v = cell(config, i, "value");
            return v ? atoll(v) : -1;
        }
    return -1;
}

static const char *config_str(const struct DbRows *config, const char *key)
{
    for (int i = 0; config && i < config->nrows; i++)
        if (same(cell(config, i, "key"), key))
            return cell(config, i, "value");
    return NULL;
}

/* Clients of a pool: active and waiting, with those sending a cancel (newer versions). */
static int pool_clients(const struct DbRows *pools, int i)
{
    return (int)(inum(pools, i, "cl_active") + inum(pools, i, "cl_waiting") +
                 inum(pools, i, "cl_active_cancel_req") + inum(pools, i, "cl_waiting_cancel_req"));
}

/* Server connections a pool holds, in any state. */
static int pool_servers(const struct DbRows *pools, int i)
{
    static const char *const sv[] = {"sv_active", "sv_active_cancel", "sv_being_canceled",
                                     "sv_idle",   "sv_used",          "sv_tested",
                                     "sv_login"};
    long long n = 0;
    for (size_t k = 0; k < sizeof sv / sizeof sv[0]; k++)
        n += inum(pools, i, sv[k]);
    return (int)n;
}

static double pool_wait_s(const struct DbRows *pools, int i)
{
    /* maxwait is whole seconds; maxwait_us (1.8 and later) the microseconds beyond them */
    return (double)inum(pools, i, "maxwait") + (double)inum(pools, i, "maxwait_us") / 1e6;
}

static int db_row(const struct DbRows *dbs, const char *name)
{
    for (int i = 0; dbs && i < dbs->nrows; i++)
        if (same(cell(dbs, i, "name"), name))
            return i;
    return -1;
}

/* The server connection limit of a pool of database `db` (per user), or -1 when unknown. */
static long long pool_size_of(const struct DbRows *dbs, long long dflt, const char *db)
{
    int r = db_row(dbs, db);
    const char *v = r >= 0 ? cell(dbs, r, "pool_size") : NULL;
    return v ? atoll(v) : dflt;
}

/* max_db_connections in effect for db: its own, else the global one; 0 = no limit. */
static long long db_limit_of(const struct DbRows *dbs, long long global, const char *db)
{
    int r = db_row(dbs, db);
    long long own = r >= 0 ? inum(dbs, r, "max_connections") : 0;
    return own > 0 ? own : global > 0 ? global : 0;
}

static int db_servers_of(const struct DbRows *pools, const char *db)
{
    int n = 0;
    for (int i = 0; pools && i < pools->nrows; i++)
        if (same(cell(pools, i, "database"), db))
            n += pool_servers(pools, i);
    return n;
}

static double pct(double n, double of)
{
    return of > 0 ? 100.0 * n / of : -1;
}

/* Keeps the worst use seen and says it in words. */
static void consider(struct HealthPool *p, double use, const struct Threshold *t, char *words)
{
    if (use > p->worst_pct) {
        p->worst_pct = use;
        p->level = (int)health_level(use, t);
        free(p->alert);
        p->alert = p->level != HL_OK ? words : NULL;
        if (p->level != HL_OK)
            return;
    }
    free(words);
}

static void clear_figures(struct HealthPool *p)
{
    XFREE(p->pool_mode);
    XFREE(p->database);
    XFREE(p->user);
    XFREE(p->alert);
    p->max_client_conn = p->default_pool_size = p->max_db_connections = -1;
    p->clients = p->waiting = p->db_active = p->db_waiting = p->servers = p->db_servers = 0;
    p->client_pct = p->pool_pct = p->worst_pct = -1;
    p->pool_size = -1;
    p->db_limit = 0;
    p->longest_wait_s = 0;
    p->level = HL_OK;
}

/* The pool the strip shows: the console's own database and user, else the one with the most
 * server connections (the admin console's own never). */
static int main_pool(const struct DbRows *pools, const char *dbname, const char *user)
{
    int best = -1;
    for (int i = 0; pools && i < pools->nrows; i++) {
        const char *db = cell(pools, i, "database");
        if (same(db, ADMIN_DB))
            continue;
        if (same(db, dbname) && same(cell(pools, i, "user"), user))
            return i;
        if (best < 0 || pool_servers(pools, i) > pool_servers(pools, best))
            best = i;
    }
    return best;
}

void health_pool_update(struct HealthPool *p, const struct DbRows *pools, const struct DbRows *dbs,
                        const struct DbRows *config, const char *dbname, const char *user,
                        const struct Threshold *t)
{
    clear_figures(p);
    XFREE(p->why);
    p->valid = p->tried = true;
    p->max_client_conn = config_num(config, "max_client_conn");
    p->default_pool_size = config_num(config, "default_pool_size");
    p->max_db_connections = config_num(config, "max_db_connections");
    const char *mode = config_str(config, "pool_mode");
    p->pool_mode = mode ? xstrdup(mode) : NULL;
    for (int i = 0; pools && i < pools->nrows; i++) {
        const char *db = cell(pools, i, "database"), *u = cell(pools, i, "user");
        p->clients += pool_clients(pools, i);
        p->waiting += (int)inum(pools, i, "cl_waiting");
        if (same(db, ADMIN_DB))
            continue;
        double w = pool_wait_s(pools, i);
        if (w > p->longest_wait_s)
            p->longest_wait_s = w;
        long long size = pool_size_of(dbs, p->default_pool_size, db);
        int sv = pool_servers(pools, i);
        consider(p, pct(sv, (double)size), t,
                 xasprintf("pool %s/%s: %d of %lld server connections (%.0f%%), %lld waiting",
                           db ? db : "?", u ? u : "?", sv, size, pct(sv, (double)size),
                           inum(pools, i, "cl_waiting")));
        long long lim = db_limit_of(dbs, p->max_db_connections, db);
        int dsv = db_servers_of(pools, db);
        if (lim > 0)
            consider(p, pct(dsv, (double)lim), t,
                     xasprintf("database %s: %d of max_db_connections %lld (%.0f%%)", db ? db : "?",
                               dsv, lim, pct(dsv, (double)lim)));
    }
    p->client_pct = pct(p->clients, (double)p->max_client_conn);
    consider(p, p->client_pct, t,
             xasprintf("clients: %d of max_client_conn %lld (%.0f%%)", p->clients,
                       p->max_client_conn, p->client_pct));
    int m = main_pool(pools, dbname, user);
    if (m < 0)
        return;
    const char *db = cell(pools, m, "database"), *u = cell(pools, m, "user");
    p->database = db ? xstrdup(db) : NULL;
    p->user = u ? xstrdup(u) : NULL;
    p->db_active = (int)inum(pools, m, "cl_active");
    p->db_waiting = (int)inum(pools, m, "cl_waiting");
    p->servers = pool_servers(pools, m);
    p->pool_size = pool_size_of(dbs, p->default_pool_size, db);
    p->pool_pct = pct(p->servers, (double)p->pool_size);
    p->db_servers = db_servers_of(pools, db);
    p->db_limit = db_limit_of(dbs, p->max_db_connections, db);
}

/* libpq's words on one line: its line breaks and tabs become single spaces. */
static char *one_line(const char *s)
{
    char *out = xmalloc(strlen(s) + 1), *o = out;
    for (; *s; s++) {
        bool space = *s == '\n' || *s == '\t' || *s == '\r' || *s == ' ';
        if (!space)
            *o++ = *s;
        else if (o > out && o[-1] != ' ')
            *o++ = ' ';
    }
    while (o > out && o[-1] == ' ')
        o--;
    *o = '\0';
    return out;
}

bool health_pool_fail(struct HealthPool *p, const char *raw)
{
    p->tried = true;
    if (!raw)
        return false;
    char *why = one_line(raw);
    if (p->why && strcmp(p->why, why) == 0) {
        free(why);
        return false;
    }
    free(p->why);
    p->why = why;
    p->valid = false;
    clear_figures(p);
    return true;
}

char *health_pool_missing(const struct HealthPool *p)
{
    if (!p->behind || (p->valid && !p->why))
        return NULL;
    return xasprintf("behind a pooler · admin console: %s", p->why ? p->why : "no answer yet");
}

void health_pool_free(struct HealthPool *p)
{
    clear_figures(p);
    free(p->why);
    free(p->version);
    memset(p, 0, sizeof *p);
}

/* --- presenting ---------------------------------------------------------------------------- */

static const struct {
    const char *name;
    enum DbType type;
} cols[] = {
    {"alert", DB_TEXT},     {"database", DB_TEXT},
    {"user", DB_TEXT},      {"pool_mode", DB_TEXT},
    {"cl_active", DB_INT},  {"cl_waiting", DB_INT},
    {"sv_active", DB_INT},  {"sv_idle", DB_INT},
    {"sv_used", DB_INT},    {"servers", DB_INT},
    {"pool_size", DB_INT},  {"pool_pct", DB_FLOAT},
    {"db_servers", DB_INT}, {"max_db_connections", DB_INT},
    {"db_pct", DB_FLOAT},   {"maxwait_s", DB_FLOAT},
};
#define NCOLS ((int)(sizeof cols / sizeof cols[0]))

static char *num_text(double v, int digits)
{
    return v >= 0 ? xasprintf("%.*f", digits, v) : NULL;
}

static void present_row(char **row, const struct HealthPool *p, const struct DbRows *pools, int i,
                        const struct DbRows *dbs, const struct Threshold *t)
{
    const char *db = cell(pools, i, "database");
    long long size = pool_size_of(dbs, p->default_pool_size, db);
    long long lim = db_limit_of(dbs, p->max_db_connections, db);
    int sv = pool_servers(pools, i), dsv = db_servers_of(pools, db);
    double use = pct(sv, (double)size), duse = lim > 0 ? pct(dsv, (double)lim) : -1;
    enum HealthLevel lv = health_level(use > duse ? use : duse, t);
    const char *mode = cell(pools, i, "pool_mode");
    row[0] = lv == HL_CRIT ? xstrdup("CRIT") : lv == HL_WARN ? xstrdup("WARN") : NULL;
    row[1] = db ? xstrdup(db) : NULL;
    row[2] = cell(pools, i, "user") ? xstrdup(cell(pools, i, "user")) : NULL;
    row[3] = mode ? xstrdup(mode) : p->pool_mode ? xstrdup(p->pool_mode) : NULL;
    row[4] = xasprintf("%lld", inum(pools, i, "cl_active"));
    row[5] = xasprintf("%lld", inum(pools, i, "cl_waiting"));
    row[6] = xasprintf("%lld", inum(pools, i, "sv_active"));
    row[7] = xasprintf("%lld", inum(pools, i, "sv_idle"));
    row[8] = xasprintf("%lld", inum(pools, i, "sv_used"));
    row[9] = xasprintf("%d", sv);
    row[10] = size >= 0 ? xasprintf("%lld", size) : NULL;
    row[11] = num_text(use, 1);
    row[12] = xasprintf("%d", dsv);
    row[13] = xasprintf("%lld", lim);
    row[14] = num_text(duse, 1);
    row[15] = xasprintf("%.3f", pool_wait_s(pools, i));
}

struct DbRows *health_pool_present(const struct HealthPool *p, const struct DbRows *pools,
                                   const struct DbRows *dbs, const struct Threshold *t)
{
    int n = 0;
    for (int i = 0; pools && i < pools->nrows; i++)
        n += !same(cell(pools, i, "database"), ADMIN_DB);
    struct DbRows *out = db_rows_new(n, NCOLS);
    for (int c = 0; c < NCOLS; c++) {
        out->names[c] = xstrdup(cols[c].name);
        out->types[c] = (unsigned char)cols[c].type;
    }
    int o = 0;
    for (int i = 0; pools && i < pools->nrows; i++)
        if (!same(cell(pools, i, "database"), ADMIN_DB))
            present_row(out->cells + (size_t)o++ * NCOLS, p, pools, i, dbs, t);
    return out;
}
