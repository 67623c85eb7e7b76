/* What the Health tab asks PgBouncer's admin console. It takes only the simple query protocol:
 * plain commands, no parameters, no transaction (src/db/admin.h). */
#ifndef SD_POOLER_SQL_H
#define SD_POOLER_SQL_H

enum PoolerShow {
    POOLER_VERSION,   /* one row, "version": "PgBouncer 1.18.0" */
    POOLER_CONFIG,    /* key, value, default, changeable: max_client_conn, default_pool_size,
                         max_db_connections, pool_mode */
    POOLER_DATABASES, /* one per database: name, pool_size, max_connections, ... */
    POOLER_POOLS,     /* one per database and user: cl_active, cl_waiting, sv_active, sv_idle,
                         sv_used, sv_tested, sv_login, maxwait, maxwait_us, pool_mode, ... */
    POOLER__COUNT,
};
/* Those that change seldom (read every 30 s) come first, before POOLER_DATABASES. */

/* The command, and a name for the log. */
const char *pooler_sql(enum PoolerShow what);
const char *pooler_sql_name(enum PoolerShow what);

#endif
