#include "config.h"

#include "src/model/salon_detail.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "src/app.h"
#include "src/util/xalloc.h"

/* Results may arrive after the detail closed or moved on: each query carries the generation
 * it belongs to. */
struct PartCtx {
    struct App *app;
    enum SalonPart part;
    unsigned gen;
};

struct DetailState {
    struct SalonDetail d;
    bool open;
    unsigned gen;
    struct PartCtx ctx[SALON__PARTS];
};

static struct DetailState *state(const struct App *app)
{
    return app->model[VIEW_SALONS];
}

static void on_part(void *ud, struct DbResult *res)
{
    struct PartCtx *c = ud;
    struct DetailState *st = state(c->app);
    if (!st || c->gen != st->gen)
        return;
    struct TableData *td = &st->d.parts[c->part];
    if (res->ok)
        td_set_rows(td, &res->rows, res->elapsed_ms, time(NULL));
    else
        td_set_error(td, res->error, res->lost);
    c->app->dirty = true;
}

static void clear(struct DetailState *st)
{
    XFREE(st->d.salon_id);
    for (int p = 0; p < SALON__PARTS; p++) {
        td_free(&st->d.parts[p]);
        td_init(&st->d.parts[p]);
        st->d.present[p] = false;
    }
}

void salon_detail_open(struct App *app, const char *salon_id)
{
    struct DetailState *st = state(app);
    if (!st) {
        st = xcalloc(1, sizeof *st);
        app->model[VIEW_SALONS] = st;
    }
    clear(st);
    st->open = true;
    st->gen++;
    st->d.salon_id = xstrdup(salon_id);
    for (int p = 0; p < SALON__PARTS; p++) {
        struct Query q;
        if (queries_salon_part((enum SalonPart)p, &app->schema, salon_id, &q)) {
            st->d.present[p] = true;
            st->ctx[p] = (struct PartCtx){app, (enum SalonPart)p, st->gen};
            fetch_query(&app->fetch, &q, on_part, &st->ctx[p]);
            td_set_loading(&st->d.parts[p], true);
        }
        query_free(&q);
    }
    app->dirty = true;
}

void salon_detail_close(struct App *app)
{
    struct DetailState *st = state(app);
    if (!st)
        return;
    st->open = false;
    st->gen++;
    clear(st);
    app->dirty = true;
}

const struct SalonDetail *salon_detail_get(const struct App *app)
{
    const struct DetailState *st = state(app);
    return st && st->open ? &st->d : NULL;
}

const char *salon_detail_part_title(enum SalonPart part)
{
    static const char *const titles[SALON__PARTS] = {"Templates", "Latest webhook errors",
                                                     "Masters", "Services"};
    return part < SALON__PARTS ? titles[part] : "?";
}

void salon_detail_free(struct App *app)
{
    struct DetailState *st = state(app);
    if (!st)
        return;
    clear(st);
    free(st);
    app->model[VIEW_SALONS] = NULL;
}
