/* :export in an open thread: the whole thread, not the window on screen, read page by page
 * (keyset, oldest first) like --once threads --phone, then written as CSV or JSON. The export
 * owns its copy of the thread's salon and phone, so opening another thread meanwhile changes
 * nothing of it. */
#include "config.h"

#include "src/model/threads.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src/app.h"
#include "src/batch.h"
#include "src/queries/threads_sql.h"
#include "src/util/xalloc.h"

#define EXPORT_PAGE 1000

struct ThreadExport {
    struct App *app;
    enum ViewId v;
    char *salon, *phone, *fmt, *path;
    bool ai;
    struct DbRows **pages;
    int npages;
};

static void export_free(struct ThreadExport **px)
{
    struct ThreadExport *x = *px;
    if (!x)
        return;
    for (int i = 0; i < x->npages; i++)
        db_rows_free(&x->pages[i]);
    free(x->pages);
    free(x->salon);
    free(x->phone);
    free(x->fmt);
    free(x->path);
    free(x);
    *px = NULL;
}

/* Writes the pages to x->path; the status line says how it went. */
static void export_write(struct ThreadExport *x)
{
    struct DbRows *rows = threads_page_rows(x->pages, x->npages);
    int n = rows->nrows;
    int *vis = xcalloc((size_t)n + 1, sizeof *vis);
    for (int i = 0; i < n; i++)
        vis[i] = i;
    FILE *f = fopen(x->path, "w");
    if (!f) {
        app_message(x->app, MSG_ERROR, ":export: %s: %s", x->path, strerror(errno));
    } else {
        if (strcmp(x->fmt, "csv") == 0)
            batch_write_csv(rows, vis, n, f);
        else
            batch_write_json(rows, vis, n, f);
        if (fclose(f) != 0)
            app_message(x->app, MSG_ERROR, ":export: could not write %s", x->path);
        else
            app_message(x->app, MSG_INFO, "exported thread %s (%d message%s) to %s", x->phone, n,
                        n == 1 ? "" : "s", x->path);
    }
    free(vis);
    db_rows_free(&rows);
}

static bool export_next(struct ThreadExport *x);

static void on_export_page(void *ud, struct DbResult *res)
{
    struct ThreadExport *x = ud;
    bool more = false;
    if (!res->ok) {
        app_message(x->app, MSG_ERROR, ":export: %s",
                    res->lost    ? "connection lost"
                    : res->error ? res->error
                                 : "query failed");
    } else {
        x->pages = xreallocarray(x->pages, (size_t)x->npages + 1, sizeof *x->pages);
        x->pages[x->npages++] = res->rows;
        more = res->rows->nrows == EXPORT_PAGE;
        res->rows = NULL;
        if (more)
            more = export_next(x);
        else
            export_write(x);
    }
    if (!more) {
        threads_model(x->app, x->v)->exporting = false;
        x->app->dirty = true;
        export_free(&x);
    }
}

/* Asks for the page after the last one. False (with a message) when it cannot be built. */
static bool export_next(struct ThreadExport *x)
{
    const struct DbRows *last = x->npages ? x->pages[x->npages - 1] : NULL;
    struct Query q;
    char *why = NULL;
    bool ok = threads_sql_page_after(&x->app->schema, x->salon, x->phone, x->ai, last, EXPORT_PAGE,
                                     &q, &why);
    if (ok)
        fetch_query(&x->app->fetch, &q, on_export_page, x);
    else
        app_message(x->app, MSG_ERROR, ":export: %s", why ? why : "cannot read the thread");
    free(why);
    query_free(&q);
    return ok;
}

bool threads_export(struct App *app, enum ViewId v, const char *fmt, const char *path)
{
    struct ThreadsModel *m = threads_model(app, v);
    if (!m->in_thread || !m->t_phone)
        return false;
    if (m->exporting) {
        app_message(app, MSG_WARN, ":export: the thread's export is still running");
        return true;
    }
    struct ThreadExport *x = xcalloc(1, sizeof *x);
    x->app = app;
    x->v = v;
    x->salon = m->t_salon ? xstrdup(m->t_salon) : NULL;
    x->phone = xstrdup(m->t_phone);
    x->fmt = xstrdup(fmt);
    x->path = xstrdup(path);
    x->ai = m->show_ai;
    if (!export_next(x)) {
        export_free(&x);
        return true;
    }
    m->exporting = true;
    app_message(app, MSG_INFO, "exporting thread %s to %s ...", m->t_phone, path);
    return true;
}
