/* The user's config file, $XDG_CONFIG_HOME/salondesk/config.yaml. The program reads it and
 * never writes it.
 *
 *   refresh: 2                    # seconds between live refreshes
 *   theme: dark
 *   keymap: default
 *   timezone: Europe/Moscow      # display time zone; default: the local zone
 *   statement_timeout: 5000      # milliseconds
 *   lock_timeout: 2000
 *   clipboard: false             # allow OSC 52 copy
 *   mouse: true
 *   profile: staging             # the profile used when no DSN is given
 *   profiles:
 *     staging:
 *       dsn: "postgresql://app@db-staging/whatsapp_saas?schema=public"
 *       frame: yellow           # the frame colour, so production looks different
 *       role: dba               # dba | support | staff
 *       salon: "Salon name or id"
 *       pooler_admin: "postgresql://monitor@pooler:6432/pgbouncer"  # PgBouncer's admin console,
 *                                # or off; default: from pgbouncer=true in the dsn
 *     fleet:
 *       servers:                # a primary and its standbys, one connection each (Health)
 *         - "host=db1 dbname=whatsapp_saas"
 *         - "postgresql://db2/whatsapp_saas"
 *       read: standby           # primary (default) or standby: where the staff tabs read
 *   thresholds:
 *     connections: [80, 95]      # percent of max_connections: warn, critical
 *     query_seconds: [1, 5]
 *     replication_lag_seconds: [30, 60]
 *     pool_connections: [80, 95] # percent of the pooler's limits (pool size, max_client_conn)
 */
#ifndef SD_CONFIG_H
#define SD_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

struct Profile {
    char *name;
    char *dsn;   /* may be NULL: libpq environment */
    char *frame; /* colour name or "#rrggbb", or NULL */
    char *role;  /* "dba", "support", "staff", or NULL */
    char *salon; /* or NULL */
    /* servers: every server of the deployment (a primary and its standbys), as given; the main
     * connection is dsn, or the first of them when there is no dsn. */
    char **servers;
    size_t nservers;
    char *pooler_admin; /* the pooler's admin console (a DSN), "off", or NULL: src/db/admin.h */
    bool read_standby;  /* read: standby: the staff tabs read from a standby of servers */
};

struct Threshold {
    double warn;
    double crit;
};

struct Config {
    char *path; /* the file read, or NULL when none existed */
    int refresh_ms;
    char *theme;
    char *keymap;
    char *timezone; /* NULL: local */
    int statement_timeout_ms;
    int lock_timeout_ms;
    bool clipboard;
    bool mouse;
    char *profile; /* default profile name, or NULL */
    struct Profile *profiles;
    size_t nprofiles;
    struct Threshold conn_pct;
    struct Threshold query_s;
    struct Threshold repl_lag_s;
    struct Threshold pool_pct;
};

void config_defaults(struct Config *cfg);
/* Loads path over the defaults already in cfg. A file that does not exist is not an error
 * (cfg->path stays NULL). Any other problem: false with *err "path:line:column: what was
 * expected". A file holding a password (in a profile's dsn) must be a regular file, not a
 * symlink, owned by the user and not readable by group or others, as libpq requires of
 * ~/.pgpass; otherwise false with an error that says so. */
bool config_load(struct Config *cfg, const char *path, char **err);
void config_free(struct Config *cfg);
const struct Profile *config_profile(const struct Config *cfg, const char *name);

#endif
