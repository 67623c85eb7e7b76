/* The pooler's admin console: which one, and its connection (see admin.h). */
#include "config.h"

#include "src/db/admin.h"

#include <string.h>
#include <strings.h>

#include "src/util/log.h"
#include "src/util/xalloc.h"

bool admin_is_off(const char *configured)
{
    return configured &&
           (strcasecmp(configured, "off") == 0 || strcasecmp(configured, "false") == 0 ||
            strcasecmp(configured, "no") == 0);
}

/* A copy of base's parameters with dbname set to the admin console's. */
static void derive(const struct Dsn *base, struct Dsn *out)
{
    memset(out, 0, sizeof *out);
    out->keys = xcalloc(base->n + 2, sizeof *out->keys);
    out->vals = xcalloc(base->n + 2, sizeof *out->vals);
    bool has_db = false;
    for (size_t i = 0; i < base->n; i++) {
        bool db = strcmp(base->keys[i], "dbname") == 0;
        has_db = has_db || db;
        out->keys[out->n] = xstrdup(base->keys[i]);
        out->vals[out->n++] = xstrdup(db ? "pgbouncer" : base->vals[i]);
    }
    if (!has_db) {
        out->keys[out->n] = xstrdup("dbname");
        out->vals[out->n++] = xstrdup("pgbouncer");
    }
    out->has_password = base->has_password;
    out->pooler = true;
}

bool admin_pick(const struct Dsn *base, const char *configured, enum AdminSource *src,
                struct Dsn *out, char **err)
{
    *err = NULL;
    *src = ADMIN_NONE;
    if (admin_is_off(configured)) {
        *src = ADMIN_OFF;
        return true;
    }
    if (configured) {
        if (!dsn_parse(configured, out, err))
            return false;
        *src = ADMIN_CONFIGURED;
        log_msg("pooler: admin console from the profile's pooler_admin");
        return true;
    }
    if (base->pooler) {
        derive(base, out);
        *src = ADMIN_DERIVED;
        log_msg("pooler: admin console at the DSN's host and port, dbname pgbouncer");
    }
    return true;
}

struct DbConn *admin_conn_new(const struct Dsn *d, bool retry)
{
    struct DbSession sess = {
        .statement_timeout_ms = 3000, /* with the grace: 5 s before the client gives up */
        .client_grace_ms = 2000,
        .retry = retry,
        .simple = true,
        .origin = "the pooler's admin console",
    };
    return db_conn_new(d, &sess);
}

int admin_poll_add(const struct DbConn *c, struct LoopSet *ls, int64_t *deadline)
{
    if (!c)
        return -1;
    *deadline = loop_min_deadline(*deadline, db_conn_deadline(c));
    return loop_add(ls, db_conn_fd(c), db_conn_events(c));
}

void admin_poll_serve(struct DbConn *c, const struct LoopSet *ls, int idx)
{
    if (!c)
        return;
    short rev = loop_revents(ls, idx);
    if (rev)
        db_conn_handle(c, rev, db_now_ms());
    int64_t d = db_conn_deadline(c);
    if (d >= 0 && db_now_ms() >= d)
        db_conn_tick(c, db_now_ms());
}
