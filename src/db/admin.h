/* The pooler's admin console (PgBouncer's virtual database "pgbouncer"): which one to use, and a
 * connection to it that speaks only the simple query protocol (struct DbSession.simple), beside
 * the main one in the same poll loop.
 *
 * A profile names it with `pooler_admin:` (a connection string or URI), or turns it off with
 * `pooler_admin: off`; otherwise a DSN with pgbouncer=true gives it: the same host, port, user
 * and TLS settings, dbname pgbouncer. */
#ifndef SD_DB_ADMIN_H
#define SD_DB_ADMIN_H

#include <stdbool.h>

#include "src/db/conn.h"
#include "src/db/dsn.h"
#include "src/loop.h"

enum AdminSource {
    ADMIN_NONE,       /* no pooler known in front of the server */
    ADMIN_CONFIGURED, /* the profile's pooler_admin */
    ADMIN_DERIVED,    /* from pgbouncer=true in the DSN */
    ADMIN_OFF,        /* pooler_admin: off */
};

/* Picks the admin console for the DSN in use (base) and the profile's pooler_admin (or NULL).
 * Fills *out for ADMIN_CONFIGURED and ADMIN_DERIVED (free it with dsn_free). False with *err
 * (heap) when pooler_admin cannot be parsed. */
bool admin_pick(const struct Dsn *base, const char *configured, enum AdminSource *src,
                struct Dsn *out, char **err);
/* True when pooler_admin's value turns the admin console off ("off", "false", "no"). */
bool admin_is_off(const char *configured);
/* A connection to the admin console (not started): simple protocol, a 5 s client deadline,
 * reconnects with backoff when retry. */
struct DbConn *admin_conn_new(const struct Dsn *d, bool retry);

/* The poll loop's part for a connection that may be NULL: adds its socket (returns the index,
 * or -1) and its deadline; then handles what poll() reported and what is due. */
int admin_poll_add(const struct DbConn *c, struct LoopSet *ls, int64_t *deadline);
void admin_poll_serve(struct DbConn *c, const struct LoopSet *ls, int idx);

#endif
