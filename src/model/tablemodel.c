/* The generic tab model: one query per refresh into the tab's TableData. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "src/app.h"
#include "src/batch.h"
#include "src/tabmodel.h"
#include "src/util/text.h"

/* The second query's columns: merged into the rows by their key. */
static void on_extra(void *ud, struct DbResult *res)
{
    struct ViewCtx *ctx = ud;
    struct App *app = ctx->app;
    struct TableData *td = &app->views[ctx->view];
    int64_t next = app_next_refresh(app, db_now_ms(), res->elapsed_ms);
    if (next > app->next_due[ctx->view])
        app->next_due[ctx->view] = next;
    if (res->ok || !res->lost) {
        td_set_extra(td, res->ok ? &res->rows : NULL, res->error);
        if (!res->ok)
            app_message(app, MSG_ERROR, "%s: %s", app_view_name(ctx->view),
                        res->error ? res->error : "query failed");
    } else {
        td->extra_loading = false;
    }
    app->dirty = true;
}

static void submit_extra(struct App *app, enum ViewId v)
{
    struct Query q;
    if (!queries_build_extra(v, &app->schema, time(NULL), &q)) {
        query_free(&q);
        return;
    }
    fetch_query(&app->fetch, &q, on_extra, &app->view_ctx[v]);
    app->views[v].extra_loading = true;
    query_free(&q);
}

static void on_result(void *ud, struct DbResult *res)
{
    struct ViewCtx *ctx = ud;
    struct App *app = ctx->app;
    struct TableData *td = &app->views[ctx->view];
    /* A slow query is repeated less often (counted from its end, not its start). */
    app->next_due[ctx->view] = app_next_refresh(app, db_now_ms(), res->elapsed_ms);
    if (res->ok) {
        td_set_rows(td, &res->rows, res->elapsed_ms, time(NULL));
        submit_extra(app, ctx->view);
    } else {
        td_set_error(td, res->error, res->lost);
        if (!res->lost)
            app_message(app, MSG_ERROR, "%s: %s", app_view_name(ctx->view),
                        res->error ? res->error : "query failed");
    }
    app->dirty = true;
}

static void tm_refresh(struct App *app, enum ViewId v)
{
    struct TableData *td = &app->views[v];
    if (!app->discovered || td->loading || td->extra_loading)
        return;
    struct Query q;
    char *why = NULL;
    if (!queries_build(v, &app->schema, time(NULL), &q, &why)) {
        td_set_noaccess(td, why);
        free(why);
        query_free(&q);
        app->next_due[v] = db_now_ms() + app->refresh_ms;
        return;
    }
    fetch_query(&app->fetch, &q, on_result, &app->view_ctx[v]);
    td_set_loading(td, true);
    query_free(&q);
    app->next_due[v] = db_now_ms() + app->refresh_ms;
}

static void tm_discovered(struct App *app, enum ViewId v)
{
    struct Query q;
    char *why = NULL;
    td_set_noaccess(&app->views[v],
                    queries_build(v, &app->schema, time(NULL), &q, &why) ? NULL : why);
    free(why);
    query_free(&q);
    app->next_due[v] = 0; /* fetch as soon as the tab is visible */
}

/* Whether a refresh could start now, if it were due. Only the tab on screen refreshes (the
 * others cost the server nothing); not while a query (its own or another) is on the wire, whose
 * answer wakes the loop; and never without access, which only a new connect's discovery can
 * change. The pump and the deadline both ask this, so a deadline never names a time at which
 * the pump would not act: a past one would make poll() return at once, for ever. */
static bool tm_can_refresh(struct App *app, enum ViewId v, bool visible)
{
    const struct TableData *td = &app->views[v];
    return visible && !td->noaccess && !td->loading && !td->extra_loading &&
           fetch_idle(&app->fetch);
}

static void tm_pump(struct App *app, enum ViewId v, bool visible, int64_t now)
{
    if (tm_can_refresh(app, v, visible) && now >= app->next_due[v])
        tm_refresh(app, v);
}

static int64_t tm_deadline(struct App *app, enum ViewId v)
{
    return tm_can_refresh(app, v, v == app->tab) ? app->next_due[v] : -1;
}

static void tm_lost(struct App *app, enum ViewId v)
{
    struct TableData *td = &app->views[v];
    if (td->rows || td->loading)
        td_set_error(td, NULL, true);
}

static int tm_batch_state(struct App *app, enum ViewId v)
{
    const struct TableData *td = &app->views[v];
    if (td->noaccess || td->error)
        return -1;
    return td->rows && !td->loading && !td->extra_loading ? 1 : 0;
}

static int tm_batch_write(struct App *app, enum ViewId v, FILE *out)
{
    const struct TableData *td = &app->views[v];
    const char *problem = td->noaccess ? td->noaccess : td->error;
    if (problem) {
        char *s = text_safe(problem, (size_t)-1, TEXT_KEEP_NEWLINES);
        fprintf(stderr, "salondesk: %s: %s\n", app_view_name(v), s);
        free(s);
        return 1;
    }
    batch_write(app->opt.format, td->rows, td->visible, td->nvisible, out);
    if (td->extra_error) { /* the list is out, without the figures that failed */
        char *s = text_safe(td->extra_error, (size_t)-1, TEXT_KEEP_NEWLINES);
        fprintf(stderr, "salondesk: %s: %s\n", app_view_name(v), s);
        free(s);
        return 1;
    }
    return 0;
}

static void tm_set_filter(struct App *app, enum ViewId v, const char *text)
{
    td_set_filter(&app->views[v], text);
}

static void tm_open(struct App *app, enum ViewId v, const char *salon_id, const char *key)
{
    td_set_filter(&app->views[v], key ? key : salon_id);
}

static bool tm_freshness(struct App *app, enum ViewId v, time_t *updated, double *latency_ms,
                         bool *stale)
{
    const struct TableData *td = &app->views[v];
    *updated = td->updated;
    *latency_ms = td->latency_ms;
    *stale = td->stale;
    return td->rows != NULL;
}

const struct TabModel table_tab_model = {
    .discovered = tm_discovered,
    .pump = tm_pump,
    .deadline = tm_deadline,
    .refresh = tm_refresh,
    .lost = tm_lost,
    .batch_state = tm_batch_state,
    .batch_write = tm_batch_write,
    .open = tm_open,
    .set_filter = tm_set_filter,
    .freshness = tm_freshness,
    .done = NULL,
};
