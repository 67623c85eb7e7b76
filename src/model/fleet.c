/* The fleet: one connection per server, its statement on the refresh interval, and opening one
 * server's full Health. */
#include "config.h"

#include "src/model/fleet.h"

#include <stdlib.h>
#include <string.h>

#include "src/app.h"
#include "src/db/dsn_hosts.h"
#include "src/queries/fleet_sql.h"
#include "src/util/log.h"
#include "src/util/xalloc.h"

#define BATCH_RATE_MS 1000 /* --once: the second answer, for TPS */
#define FLEET_TIMEOUT_MS 2000

/* Adds every host of the connection string to the list. */
static bool add_servers(const char *conninfo, struct Dsn **list, size_t *n, char **err)
{
    struct Dsn d;
    if (!dsn_parse(conninfo, &d, err))
        return false;
    size_t k = dsn_host_count(&d);
    *list = xreallocarray(*list, *n + k, sizeof **list);
    for (size_t i = 0; i < k; i++)
        dsn_host_copy(&d, i, &(*list)[(*n)++]);
    dsn_free(&d);
    return true;
}

static void on_state(void *ud);
static void on_notice(void *ud, const char *msg)
{
    (void)ud;
    log_msg("fleet: notice: %s", msg);
}

static struct DbConn *server_conn(struct App *app, struct FleetServer *s)
{
    /* The statement takes a millisecond: a server that has not answered in a few seconds is
     * not well, and is reported down (after the cancel's wait) rather than waited for. */
    int timeout = app->cfg.statement_timeout_ms;
    if (timeout <= 0 || timeout > FLEET_TIMEOUT_MS)
        timeout = FLEET_TIMEOUT_MS;
    struct DbSession sess = {
        .statement_timeout_ms = timeout,
        .lock_timeout_ms = app->cfg.lock_timeout_ms,
        .idle_tx_timeout_ms = 10000,
        .client_grace_ms = 1000,
        .read_only = true,
        .retry = app->opt.once == NULL,
        .search_path = s->dsn.search_path,
        .origin = "the profile's servers",
    };
    struct DbConn *c = db_conn_new(&s->dsn, &sess);
    db_conn_set_state_cb(c, on_state, s);
    db_conn_set_notice_cb(c, on_notice, s);
    return c;
}

bool fleet_new(struct App *app, struct Fleet **out, char **err)
{
    *out = NULL;
    *err = NULL;
    struct Dsn *list = NULL;
    size_t n = 0;
    const struct Profile *p = app->profile;
    if (p && p->nservers) {
        for (size_t i = 0; i < p->nservers; i++)
            if (!add_servers(p->servers[i], &list, &n, err))
                goto fail;
    } else {
        size_t k = dsn_host_count(&app->dsn);
        list = xcalloc(k, sizeof *list);
        for (; n < k; n++)
            dsn_host_copy(&app->dsn, n, &list[n]);
    }
    if (n > FLEET_MAX) {
        *err = xasprintf("%zu servers; the fleet watches at most %d", n, FLEET_MAX);
        goto fail;
    }
    if (n < 2 && p && p->read_standby) {
        *err = xstrdup("read: standby needs the profile's servers (a primary and its standbys)");
        goto fail;
    }
    if (n < 2)
        goto fail; /* one server: Health as always */
    struct Fleet *f = xcalloc(1, sizeof *f);
    f->app = app;
    f->n = (int)n;
    f->focus = -1;
    f->reading = -1;
    f->read_standby = p && p->read_standby;
    f->s = xcalloc(n, sizeof *f->s);
    dsn_copy(&app->dsn, &f->home);
    td_init(&f->view);
    for (size_t i = 0; i < n; i++) {
        struct FleetServer *s = &f->s[i];
        s->dsn = list[i];
        s->fleet = f;
        s->name = dsn_host_label(&s->dsn);
        s->poll_idx = -1;
        fleet_figures_clear(&s->fig);
        s->db = server_conn(app, s);
    }
    free(list);
    *out = f;
    return true;
fail:
    for (size_t i = 0; i < n; i++)
        dsn_free(&list[i]);
    free(list);
    return *err == NULL;
}

void fleet_free(struct Fleet **fp, bool exiting)
{
    struct Fleet *f = *fp;
    if (!f)
        return;
    f->closing = true; /* what the connections report as they close is not shown */
    for (int i = 0; i < f->n; i++) {
        struct FleetServer *s = &f->s[i];
        if (s->db && exiting) /* a pooler gets its server connection back clean */
            db_conn_drain(s->db, f->app->opt.once ? 1000 : 100);
        db_conn_free(&s->db);
        dsn_free(&s->dsn);
        fleet_figures_clear(&s->fig);
        free(s->name);
        free(s->error);
        free(s->alert);
    }
    free(f->s);
    dsn_free(&f->home);
    td_free(&f->view);
    free(f);
    *fp = NULL;
}

static void present(struct Fleet *f)
{
    struct DbRows *rows = fleet_present(f, true);
    td_set_rows(&f->view, &rows, 0, time(NULL));
    f->app->dirty = true;
}

static void route(struct Fleet *f);

static void judge(struct FleetServer *s)
{
    free(s->alert);
    s->alert = NULL;
    s->level = fleet_level(s, &s->fleet->app->cfg, &s->alert);
}

static void on_state(void *ud)
{
    struct FleetServer *s = ud;
    if (s->fleet->closing)
        return;
    enum DbState st = db_conn_state(s->db);
    bool down = st == DB_RETRY_WAIT || st == DB_FAILED;
    if (down) {
        const char *e = db_conn_last_error(s->db);
        free(s->error);
        s->error = xstrdup(e && *e ? e : "connection lost");
        s->answers = 0;
        if (!s->down)
            log_msg("fleet: %s is down: %s", s->name, s->error);
    } else if (st == DB_READY && s->down) {
        XFREE(s->error);
        log_msg("fleet: %s is up", s->name);
    }
    if (st == DB_READY || st == DB_BUSY || down)
        s->down = down;
    judge(s);
    present(s->fleet);
    route(s->fleet);
}

static void on_answer(void *ud, struct DbResult *res)
{
    struct FleetServer *s = ud;
    struct App *app = s->fleet->app;
    s->loading = false;
    if (s->fleet->closing)
        return;
    int64_t now = db_now_ms();
    if (res->ok) {
        struct FleetFigures prev = s->fig;
        memset(&s->fig, 0, sizeof s->fig);
        fleet_figures_parse(&s->fig, res->rows, s->answers ? &prev : NULL);
        fleet_figures_clear(&prev);
        s->answers++;
        s->updated = time(NULL);
        s->ms = res->elapsed_ms;
        XFREE(s->error);
    } else if (!res->lost) {
        free(s->error);
        s->error = xstrdup(res->error ? res->error : "query failed");
    }
    /* --once takes a second answer a second later, for the TPS. */
    s->next_due = app->opt.once && s->answers == 1 ? now + BATCH_RATE_MS
                                                   : app_next_refresh(app, now, res->elapsed_ms);
    judge(s);
    present(s->fleet);
    route(s->fleet);
}

void fleet_start(struct Fleet *f, int64_t now)
{
    for (int i = 0; i < f->n; i++)
        db_conn_start(f->s[i].db, now);
    present(f);
}

void fleet_poll_add(struct Fleet *f, struct LoopSet *ls)
{
    for (int i = 0; i < f->n; i++)
        f->s[i].poll_idx = loop_add(ls, db_conn_fd(f->s[i].db), db_conn_events(f->s[i].db));
}

void fleet_poll_done(struct Fleet *f, const struct LoopSet *ls, int64_t now)
{
    for (int i = 0; i < f->n; i++) {
        struct FleetServer *s = &f->s[i];
        short rev = s->poll_idx >= 0 ? loop_revents(ls, s->poll_idx) : 0;
        s->poll_idx = -1;
        if (rev)
            db_conn_handle(s->db, rev, now);
        int64_t d = db_conn_deadline(s->db);
        if (d >= 0 && db_now_ms() >= d)
            db_conn_tick(s->db, db_now_ms());
    }
}

/* Whether the strip is looked at (or printed), so that its statements go out. */
static bool wanted(const struct Fleet *f)
{
    const struct App *app = f->app;
    if (app->opt.once || f->read_standby) /* read: standby follows the standbys' state */
        return true;
    return app->tab == VIEW_HEALTH && f->focus < 0 && !app->paused;
}

/* The pump and the deadline ask the same, so that a deadline never stays in the past. */
static bool can_submit(const struct FleetServer *s)
{
    return !s->loading && db_conn_state(s->db) == DB_READY;
}

void fleet_pump(struct Fleet *f, int64_t now)
{
    if (!wanted(f))
        return;
    for (int i = 0; i < f->n; i++) {
        struct FleetServer *s = &f->s[i];
        if (!can_submit(s) || now < s->next_due)
            continue;
        char *sql = fleet_sql(db_conn_server_version(s->db));
        s->loading = true;
        db_conn_submit(s->db, "fleet", sql, 0, NULL, on_answer, s);
        free(sql);
    }
}

int64_t fleet_deadline(const struct Fleet *f)
{
    int64_t d = -1;
    bool want = wanted(f);
    for (int i = 0; i < f->n; i++) {
        const struct FleetServer *s = &f->s[i];
        d = loop_min_deadline(d, db_conn_deadline(s->db));
        if (want && can_submit(s))
            d = loop_min_deadline(d, s->next_due);
    }
    return d;
}

void fleet_refresh(struct Fleet *f, int64_t now)
{
    for (int i = 0; i < f->n; i++) {
        struct FleetServer *s = &f->s[i];
        enum DbState st = db_conn_state(s->db);
        if (st == DB_RETRY_WAIT || st == DB_FAILED)
            db_conn_reconnect(s->db, now);
        s->next_due = 0;
    }
}

bool fleet_showing(const struct App *app)
{
    return app->fleet && app->fleet->focus < 0;
}

bool fleet_freshness(const struct Fleet *f, time_t *updated, double *latency_ms)
{
    *updated = 0;
    *latency_ms = 0;
    for (int i = 0; i < f->n; i++)
        if (f->s[i].updated > *updated) {
            *updated = f->s[i].updated;
            *latency_ms = f->s[i].ms;
        }
    return *updated != 0;
}

int fleet_down(const struct Fleet *f)
{
    int n = 0;
    for (int i = 0; i < f->n; i++)
        n += f->s[i].down || !f->s[i].fig.valid;
    return n;
}

/* Points the main connection at dsn unless it is there already; the Health model starts anew,
 * so that no figure of one server is compared with another's. */
static void point_main(struct App *app, const struct Dsn *dsn)
{
    if (dsn_same_server(&app->dsn, dsn))
        return;
    struct Dsn copy;
    dsn_copy(dsn, &copy);
    app_connect(app, &copy);
    if (app->models[VIEW_HEALTH]->done)
        app->models[VIEW_HEALTH]->done(app, VIEW_HEALTH);
}

void fleet_open(struct App *app, int i)
{
    struct Fleet *f = app->fleet;
    if (!f || i < 0 || i >= f->n)
        return;
    f->focus = i;
    point_main(app, &f->s[i].dsn);
    app_message(app, MSG_INFO, "%s: its full Health (Esc: back to every server)", f->s[i].name);
}

bool fleet_back(struct App *app)
{
    struct Fleet *f = app->fleet;
    if (!f || f->focus < 0)
        return false;
    f->focus = -1;
    point_main(app, f->reading >= 0 ? &f->s[f->reading].dsn : &f->home);
    for (int i = 0; i < f->n; i++)
        f->s[i].next_due = 0; /* the strip is current at once */
    app->dirty = true;
    return true;
}

/* --- read: standby ---------------------------------------------------------------------------- */

static bool readable(const struct FleetServer *s)
{
    return !s->down && s->fig.valid && s->fig.standby;
}

/* The standby to read from: the one in use while it stays up, else the first that is up. */
static int read_target(const struct Fleet *f)
{
    if (!f->read_standby)
        return -1;
    if (f->reading >= 0 && readable(&f->s[f->reading]))
        return f->reading;
    for (int i = 0; i < f->n; i++)
        if (readable(&f->s[i]))
            return i;
    return -1;
}

/* Sends the main connection where the staff tabs read, unless a server's full Health is open. */
static void route(struct Fleet *f)
{
    struct App *app = f->app;
    if (f->focus >= 0 || app->opt.once)
        return;
    int t = read_target(f);
    if (t == f->reading)
        return;
    int was = f->reading;
    f->reading = t;
    point_main(app, t >= 0 ? &f->s[t].dsn : &f->home);
    if (t >= 0)
        app_message(app, MSG_INFO, "reading from standby %s", f->s[t].name);
    else
        app_message(app, MSG_WARN, "standby %s is down or lost: reading from the primary",
                    was >= 0 ? f->s[was].name : "");
}

char *fleet_read_note(const struct App *app)
{
    const struct Fleet *f = app->fleet;
    if (!f || f->reading < 0 || f->focus >= 0 || app->tab == VIEW_HEALTH)
        return NULL;
    const struct FleetServer *s = &f->s[f->reading];
    if (s->fig.replay_lag_s < 0)
        return xasprintf("read from standby %s, lag unknown", s->name);
    return xasprintf("read from standby %s, lag %.1f s", s->name, s->fig.replay_lag_s);
}
