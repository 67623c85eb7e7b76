/* --once threads: the conversation list, or with --phone the whole thread, oldest first,
 * fetched page by page (keyset) and printed as text, CSV or JSON. */
#include "config.h"

#include "src/model/threads.h"

#include <stdlib.h>
#include <string.h>

#include "src/app.h"
#include "src/batch.h"
#include "src/queries/threads_sql.h"
#include "src/util/text.h"
#include "src/util/tz.h"
#include "src/util/xalloc.h"

#define BATCH_PAGE 1000

struct BatchReq {
    struct App *app;
    enum ViewId v;
};

static void batch_next(struct App *app, enum ViewId v);

static void on_batch_page(void *ud, struct DbResult *res)
{
    struct BatchReq *r = ud;
    struct ThreadsModel *m = threads_model(r->app, r->v);
    m->loading_newer = false;
    if (!res->ok) {
        free(m->list_fs.error);
        m->list_fs.error = xstrdup(res->error ? res->error : "query failed");
    } else {
        m->pages = xreallocarray(m->pages, (size_t)m->npages + 1, sizeof *m->pages);
        m->pages[m->npages++] = res->rows;
        int n = res->rows->nrows;
        res->rows = NULL;
        if (n < BATCH_PAGE)
            m->batch_done = true;
        else
            batch_next(r->app, r->v);
    }
    free(r);
}

static void batch_next(struct App *app, enum ViewId v)
{
    struct ThreadsModel *m = threads_model(app, v);
    const struct DbRows *last = m->npages ? m->pages[m->npages - 1] : NULL;
    struct Query q;
    char *why = NULL;
    if (!threads_sql_page_after(&app->schema, app->opt.salon, app->opt.phone, false, last,
                                BATCH_PAGE, &q, &why)) {
        free(m->noaccess);
        m->noaccess = why;
        query_free(&q);
        return;
    }
    struct BatchReq *r = xcalloc(1, sizeof *r);
    r->app = app;
    r->v = v;
    fetch_query(&app->fetch, &q, on_batch_page, r);
    query_free(&q);
    m->loading_newer = true;
}

void threads_batch_pump(struct App *app, enum ViewId v)
{
    struct ThreadsModel *m = threads_model(app, v);
    if (m->noaccess || m->list_fs.error)
        return;
    if (app->opt.phone) {
        if (!m->loading_newer && !m->batch_done && m->npages == 0)
            batch_next(app, v);
    } else if (!m->list_loaded && !m->list_loading) {
        m->next_due = 0;
        app->models[v]->refresh(app, v);
    }
}

int threads_batch_state(struct App *app, enum ViewId v)
{
    struct ThreadsModel *m = threads_model(app, v);
    if (m->noaccess || m->list_fs.error)
        return -1;
    if (app->opt.phone)
        return m->batch_done ? 1 : 0;
    return m->list_loaded ? 1 : 0;
}

static void set(struct DbRows *out, int r, int c, const char *v)
{
    out->cells[r * out->ncols + c] = v ? xstrdup(v) : NULL;
}

static struct DbRows *new_rows(int n, const char *const *names)
{
    int nc = 0;
    while (names[nc])
        nc++;
    struct DbRows *out = db_rows_new(n, nc);
    for (int c = 0; c < nc; c++)
        out->names[c] = xstrdup(names[c]);
    return out;
}

static struct DbRows *list_rows(const struct ThreadsModel *m)
{
    static const char *const names[] = {"last",     "salon_id", "salon",      "phone",  "customer",
                                        "messages", "status",   "unanswered", "failed", "ai_tokens",
                                        "ai_cost",  "preview",  NULL};
    struct DbRows *out = new_rows(m->nconvs, names);
    for (int r = 0; r < m->nconvs; r++) {
        const struct ThreadConv *c = &m->convs[r];
        char t[32], n[32], f[32];
        tz_format_local(c->last, "%Y-%m-%d %H:%M", t, sizeof t);
        snprintf(n, sizeof n, "%ld%s", c->messages, c->approx ? "+" : "");
        snprintf(f, sizeof f, "%ld", c->failed);
        const char *vals[] = {t,           c->salon_id,
                              c->salon,    c->phone,
                              c->customer, n,
                              c->status,   c->unanswered ? "yes" : "no",
                              f,           c->ai_tokens,
                              c->ai_cost,  c->preview};
        for (int k = 0; k < out->ncols; k++)
            set(out, r, k, vals[k]);
    }
    return out;
}

struct DbRows *threads_page_rows(struct DbRows *const *pages, int npages)
{
    static const char *const names[] = {"time", "direction", "type", "status",
                                        "cost", "text",      "id",   NULL};
    int n = 0;
    for (int p = 0; p < npages; p++)
        n += pages[p]->nrows;
    struct DbRows *out = new_rows(n, names);
    int r = 0;
    for (int p = 0; p < npages; p++) {
        const struct DbRows *pg = pages[p];
        for (int i = 0; i < pg->nrows; i++, r++) {
            struct ThreadMsg msg = {0};
            msg.type = (char *)db_rows_get(pg, i, db_rows_col(pg, "type"));
            threads_msg_text(&msg, db_rows_get(pg, i, db_rows_col(pg, "content")),
                             db_rows_get(pg, i, db_rows_col(pg, "media_url")));
            time_t t = 0;
            char ts[32] = "";
            if (tz_parse_utc(db_rows_get(pg, i, db_rows_col(pg, "created_utc")), &t))
                tz_format_local(t, "%Y-%m-%d %H:%M:%S", ts, sizeof ts);
            set(out, r, 0, ts);
            set(out, r, 1, db_rows_get(pg, i, db_rows_col(pg, "direction")));
            set(out, r, 2, msg.type);
            set(out, r, 3, db_rows_get(pg, i, db_rows_col(pg, "status")));
            set(out, r, 4, db_rows_get(pg, i, db_rows_col(pg, "cost")));
            set(out, r, 5, msg.text);
            set(out, r, 6, db_rows_get(pg, i, db_rows_col(pg, "id")));
            free(msg.text);
            free(msg.tok);
        }
    }
    return out;
}

int threads_batch_write(struct App *app, enum ViewId v, FILE *out)
{
    struct ThreadsModel *m = threads_model(app, v);
    const char *problem = m->noaccess ? m->noaccess : m->list_fs.error;
    if (problem) {
        char *s = text_safe(problem, (size_t)-1, TEXT_KEEP_NEWLINES);
        fprintf(stderr, "salondesk: threads: %s\n", s);
        free(s);
        return 1;
    }
    struct DbRows *rows;
    int *vis, n;
    if (app->opt.phone) {
        rows = threads_page_rows(m->pages, m->npages);
        n = rows->nrows;
        vis = xcalloc((size_t)n + 1, sizeof *vis);
        for (int i = 0; i < n; i++)
            vis[i] = i;
        if (n == 0) { /* --phone and --salon as given: shown safely */
            char *phone = text_safe(app->opt.phone, (size_t)-1, 0);
            char *salon = text_safe(app->opt.salon ? app->opt.salon : "", (size_t)-1, 0);
            fprintf(stderr, "salondesk: threads: no messages for phone %s%s%s\n", phone,
                    app->opt.salon ? " in salon " : "", salon);
            free(phone);
            free(salon);
        }
    } else {
        rows = list_rows(m);
        n = m->nvisible;
        vis = xcalloc((size_t)n + 1, sizeof *vis);
        memcpy(vis, m->visible, (size_t)n * sizeof *vis);
    }
    batch_write(app->opt.format, rows, vis, n, out);
    free(vis);
    db_rows_free(&rows);
    return 0;
}
