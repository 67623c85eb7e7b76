/* --once health on a profile with several servers: every server's row, down ones included. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "src/app.h"
#include "src/batch.h"
#include "src/model/fleet.h"
#include "src/util/xalloc.h"

/* A server has said all it will: two answers (for the TPS), a failed query, or it is down. */
static bool settled(const struct FleetServer *s)
{
    enum DbState st = db_conn_state(s->db);
    return st == DB_FAILED || (s->answers >= 2 && !s->loading) ||
           (s->error && !s->loading && st == DB_READY);
}

static bool all_settled(const struct Fleet *f)
{
    for (int i = 0; i < f->n; i++)
        if (!settled(&f->s[i]))
            return false;
    return true;
}

static void write_rows(const char *fmt, const struct DbRows *r, FILE *out)
{
    int *all = xcalloc((size_t)r->nrows + 1, sizeof *all);
    for (int i = 0; i < r->nrows; i++)
        all[i] = i;
    if (strcmp(fmt, "csv") == 0) {
        fputs("# fleet\r\n", out);
        batch_write_csv(r, all, r->nrows, out);
    } else if (strcmp(fmt, "json") == 0) {
        fputs("{\"fleet\": ", out);
        batch_write_json(r, all, r->nrows, out);
        fputs("}\n", out);
    } else {
        fputs("Fleet\n", out);
        batch_write_text(r, all, r->nrows, out);
    }
    free(all);
}

int fleet_batch_run(struct App *app, FILE *out)
{
    struct Fleet *f = app->fleet;
    fleet_start(f, db_now_ms());
    /* Every server has its own connect and statement timeouts; this bounds them all, and a
     * server still without an answer then is reported as it stands. */
    int64_t give_up = db_now_ms() + 15000 + 3 * (int64_t)app->cfg.statement_timeout_ms;
    struct LoopSet ls;
    while (!all_settled(f) && db_now_ms() < give_up) {
        fleet_pump(f, db_now_ms());
        loop_reset(&ls);
        fleet_poll_add(f, &ls);
        if (loop_wait(&ls, loop_min_deadline(fleet_deadline(f), give_up)) < 0)
            return 1;
        fleet_poll_done(f, &ls, db_now_ms());
    }
    for (int i = 0; i < f->n; i++)
        if (!settled(&f->s[i]) && !f->s[i].fig.valid && !f->s[i].error) {
            f->s[i].down = true;
            f->s[i].error = xstrdup("no answer in time");
            free(f->s[i].alert);
            f->s[i].level = fleet_level(&f->s[i], &app->cfg, &f->s[i].alert);
        }
    struct DbRows *r = fleet_present(f, false);
    write_rows(app->opt.format, r, out);
    db_rows_free(&r);
    int down = fleet_down(f);
    if (down)
        fprintf(stderr, "salondesk: %d of %d servers down or without an answer\n", down, f->n);
    if (fflush(out) != 0)
        return 1;
    return down ? FLEET_EXIT_DOWN : 0;
}
