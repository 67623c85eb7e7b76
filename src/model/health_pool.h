/* The pooler in front of the server (PgBouncer), as its admin console reports it: each pool's
 * clients and server connections against the pooler's limits, the worst use with its alert
 * level, and why the figures are missing when the console cannot be read. Pure: no server, no
 * curses; the rows are SHOW POOLS, SHOW DATABASES and SHOW CONFIG as PgBouncer sends them, read
 * by column name (the columns differ between versions). */
#ifndef SD_MODEL_HEALTH_POOL_H
#define SD_MODEL_HEALTH_POOL_H

#include <stdbool.h>
#include <stdint.h>

#include "src/config/config.h"
#include "src/db/rows.h"

struct HealthPool {
    bool behind;   /* a pooler is in front (pgbouncer=true, or pooler_admin in the profile) */
    bool valid;    /* figures have arrived */
    bool tried;    /* a refresh has completed, well or not */
    char *why;     /* why there are no figures (the admin console's words), or NULL */
    char *version; /* SHOW VERSION, "PgBouncer 1.18.0", or NULL */
    /* SHOW CONFIG; -1 unknown, max_db_connections 0 = no limit. */
    long long max_client_conn, default_pool_size, max_db_connections;
    char *pool_mode;
    /* Over every pool, the admin console's own included (they all count to max_client_conn). */
    int clients, waiting;
    double client_pct; /* clients of max_client_conn; -1 unknown */
    /* The pool of the console's own database and user, or the busiest when it is not listed. */
    char *database, *user;
    int db_active, db_waiting, servers;
    long long pool_size; /* that pool's limit (SHOW DATABASES pool_size, else default) */
    double pool_pct;     /* servers of pool_size; -1 unknown */
    int db_servers;      /* the database's server connections, every user */
    long long db_limit;  /* max_db_connections in effect for it; 0 = none */
    double worst_pct;    /* the highest use of any pool, database or max_client_conn */
    double longest_wait_s;
    int level; /* the enum HealthLevel (health.h) of worst_pct */
    char *alert;
};

/* Takes in one refresh: pools, databases and config as the console sent them (any may be NULL
 * when not read), for the console's own database and user (dbname, user; may be NULL), against
 * the thresholds in percent. */
void health_pool_update(struct HealthPool *p, const struct DbRows *pools, const struct DbRows *dbs,
                        const struct DbRows *config, const char *dbname, const char *user,
                        const struct Threshold *t);
/* The admin console could not be read: why, in its words on one line (NULL: nothing is wrong
 * yet). True when that changed what there is to say. */
bool health_pool_fail(struct HealthPool *p, const char *why);
/* The rows the Pools view and --once show, one per pool (the admin console's own left out):
 * alert (CRIT, WARN or NULL), database, user, pool_mode, cl_active, cl_waiting, sv_active,
 * sv_idle, sv_used, servers, pool_size, pool_pct, db_servers, max_db_connections, db_pct,
 * maxwait_s. Numbers are DB_INT / DB_FLOAT columns, for JSON. */
struct DbRows *health_pool_present(const struct HealthPool *p, const struct DbRows *pools,
                                   const struct DbRows *dbs, const struct Threshold *t);
/* "behind a pooler · admin console: <why>", or NULL when there are figures or no pooler. */
char *health_pool_missing(const struct HealthPool *p);
void health_pool_free(struct HealthPool *p);

#endif
