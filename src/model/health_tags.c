/* Tagged sessions (Space in Activity): c and K then ask once about all of them, and each is
 * signalled and audited on its own (health_act.c). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "src/app.h"
#include "src/model/health.h"
#include "src/model/health_int.h"
#include "src/util/xalloc.h"

bool health_tagged(const struct HealthModel *m, int pid)
{
    for (int i = 0; m && i < m->ntags; i++)
        if (m->tags[i] == pid)
            return true;
    return false;
}

void health_tag(struct App *app, int pid)
{
    struct HealthModel *m = health_ensure(app);
    if (pid <= 0)
        return;
    int at = -1;
    for (int i = 0; i < m->ntags; i++)
        if (m->tags[i] == pid)
            at = i;
    if (at >= 0) {
        m->tags[at] = m->tags[--m->ntags];
    } else {
        m->tags = xreallocarray(m->tags, (size_t)m->ntags + 1, sizeof *m->tags);
        m->tags[m->ntags++] = pid;
    }
    health_present(app);
}

void health_untag_all(struct App *app)
{
    struct HealthModel *m = health_ensure(app);
    m->ntags = 0;
    health_present(app);
}

static bool has_pid(const struct DbRows *r, int pid)
{
    int c = db_rows_col(r, "pid");
    for (int i = 0; c >= 0 && i < r->nrows; i++) {
        const char *v = db_rows_get(r, i, c);
        if (v && atoi(v) == pid)
            return true;
    }
    return false;
}

void health_mark_tags(struct HealthModel *m, struct DbRows *rows, const struct DbRows *live)
{
    int n = 0;
    for (int i = 0; i < m->ntags; i++)
        if (!live || has_pid(live, m->tags[i]))
            m->tags[n++] = m->tags[i]; /* a session gone loses its tag */
    m->ntags = n;
    int tc = db_rows_col(rows, "tag"), pc = db_rows_col(rows, "pid");
    for (int r = 0; tc >= 0 && pc >= 0 && r < rows->nrows; r++) {
        const char *v = db_rows_get(rows, r, pc);
        char **cell = &rows->cells[(size_t)r * (size_t)rows->ncols + (size_t)tc];
        free(*cell);
        *cell = v && health_tagged(m, atoi(v)) ? xstrdup("*") : NULL;
    }
}

void health_targets_free(struct HealthModel *m)
{
    for (int i = 0; i < m->ask_n; i++) {
        free(m->ask_targets[i].user);
        free(m->ask_targets[i].query);
    }
    XFREE(m->ask_targets);
    m->ask_n = 0;
}

void health_ask_tagged(struct App *app, enum HealthAsk what)
{
    struct HealthModel *m = health_ensure(app);
    if (m->acting) {
        app_message(app, MSG_INFO, "the last action is still running");
        return;
    }
    health_targets_free(m);
    const struct DbRows *r = m->activity.rows;
    int pc = r ? db_rows_col(r, "pid") : -1;
    m->ask_targets = xcalloc((size_t)m->ntags + 1, sizeof *m->ask_targets);
    for (int t = 0; t < m->ntags; t++) {
        if (m->tags[t] == m->sum.self_pid)
            continue; /* never salondesk's own session */
        struct HealthTarget *x = &m->ask_targets[m->ask_n++];
        x->pid = m->tags[t];
        for (int i = 0; pc >= 0 && i < r->nrows; i++) {
            const char *v = db_rows_get(r, i, pc);
            if (v && atoi(v) == x->pid) {
                const char *u = db_rows_get(r, i, db_rows_col(r, "user"));
                const char *q = db_rows_get(r, i, db_rows_col(r, "query"));
                x->user = xstrdup(u ? u : "");
                x->query = xstrdup(q ? q : "");
                break;
            }
        }
        if (!x->user)
            x->user = xstrdup("(not in the last sample)");
        if (!x->query)
            x->query = xstrdup("");
    }
    if (m->ask_n == 0) {
        health_targets_free(m);
        app_message(app, MSG_INFO, "no tagged session to act on");
        return;
    }
    m->ask = what;
    m->ask_pid = 0;
    m->ask_pooled = app->dsn.pooler;
    app->dirty = true;
}
