/* The Bookings tab's TabModel ops: discovery, the refresh timer, opening from other tabs,
 * :goto, / search, and --once bookings. */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src/app.h"
#include "src/batch.h"
#include "src/model/bookings.h"
#include "src/model/bookings_int.h"
#include "src/queries/bookings_sql.h"
#include "src/util/str.h"
#include "src/util/text.h"
#include "src/util/tz.h"
#include "src/util/xalloc.h"

static void bm_discovered(struct App *app, enum ViewId v)
{
    (void)v;
    struct BookingsModel *m = bookings_model(app);
    XFREE(m->noaccess);
    m->noaccess = bookings_sql_noaccess(&app->schema);
    m->slot_min = bookings_slot_minutes(&app->schema);
    m->resolving = false;
    m->next_due = 0;
    if (m->search_pending && m->resolved && !m->noaccess) {
        char *text = xstrdup(m->search);
        bk_search(app, text, m->search_list);
        free(text);
    }
    app->dirty = true;
}

static void bm_pump(struct App *app, enum ViewId v, bool visible, int64_t now)
{
    (void)v;
    struct BookingsModel *m = bookings_model(app);
    if (m->noaccess)
        return;
    if (!m->resolved) {
        /* A salon query that failed is asked again at the next refresh, not at once: the
         * answer wakes the loop, and an error would bring the next try straight back. */
        if (!m->resolving && now >= m->next_due && bk_resolve(app))
            m->next_due = now + app->refresh_ms;
        if (!m->resolved)
            return;
    }
    if (visible && now >= m->next_due && fetch_idle(&app->fetch)) {
        m->next_due = now + app->refresh_ms;
        bk_show(app, true);
    }
}

static int64_t bm_deadline(struct App *app, enum ViewId v)
{
    struct BookingsModel *m = app->model[v];
    /* Nothing is due while a query is on the wire: its answer wakes the loop. */
    if (!m || v != app->tab || m->noaccess || !fetch_idle(&app->fetch))
        return -1;
    return m->next_due;
}

static void bm_refresh(struct App *app, enum ViewId v)
{
    struct BookingsModel *m = bookings_model(app);
    if (!app->discovered || m->noaccess)
        return;
    if (!m->resolved) { /* r asks for the salon again at once */
        m->next_due = 0;
        return;
    }
    m->next_due = db_now_ms() + app->refresh_ms;
    bk_show(app, true);
    (void)v;
}

static void bm_lost(struct App *app, enum ViewId v)
{
    struct BookingsModel *m = app->model[v];
    if (m && m->nitems)
        m->fs.stale = true;
}

static int bm_batch_state(struct App *app, enum ViewId v)
{
    (void)v;
    struct BookingsModel *m = bookings_model(app);
    if (m->noaccess || m->fs.error || m->batch_failed)
        return -1;
    if (!m->resolved)
        return 0;
    if (m->masters_loading && app->opt.view && m->view == CAL_DAY)
        return 0; /* the free slots of --view day list every master */
    return bk_cached(m, m->from, m->to) ? 1 : 0;
}

static void put(struct DbRows *r, int row, int col, const char *v)
{
    r->cells[row * r->ncols + col] = v ? xstrdup(v) : NULL;
}

/* After the text of --once bookings --view day: each master's free slots that day. */
static void write_free(const struct BookingsModel *m, FILE *out)
{
    fprintf(out, "\nfree %d-min slots (%s %02d:%02d–%02d:%02d):\n", m->slot_min,
            m->hours_assumed ? "hours assumed" : "working hours", m->work_start / 60,
            m->work_start % 60, m->work_end / 60, m->work_end % 60);
    for (int i = 0; i < m->nfree; i++) {
        char *name = text_safe(m->free[i].name, (size_t)-1, 0);
        fprintf(out, "  %s: ", name);
        free(name);
        for (int k = 0; k < m->free[i].nslots; k++)
            fprintf(out, "%s%02d:%02d", k ? ", " : "", m->free[i].slot[k] / 60,
                    m->free[i].slot[k] % 60);
        fprintf(out, "%s\n", m->free[i].nslots ? "" : "none");
    }
}

static int bm_batch_write(struct App *app, enum ViewId v, FILE *out)
{
    struct BookingsModel *m = bookings_model(app);
    const char *problem = m->noaccess ? m->noaccess : m->fs.error;
    if (problem) {
        char *s = text_safe(problem, (size_t)-1, TEXT_KEEP_NEWLINES);
        fprintf(stderr, "salondesk: %s: %s\n", app_view_name(v), s);
        free(s);
        return 1;
    }
    static const char *const names[] = {"date",   "start",    "end",     "salon",
                                        "master", "customer", "phone",   "service",
                                        "status", "code",     "conflict"};
    enum { NC = sizeof names / sizeof names[0] };
    struct DbRows *r = db_rows_new(m->nitems, NC);
    for (int c = 0; c < NC; c++)
        r->names[c] = xstrdup(names[c]);
    int *vis = xcalloc((size_t)m->nitems + 1, sizeof *vis);
    int nvis = 0;
    for (int i = 0; i < m->nitems; i++) {
        const struct BkItem *it = &m->items[i];
        /* One line per booking that starts in the period, on its start date: a booking
         * across midnight is not repeated on the next day, nor one of the day before. */
        if (it->cont)
            continue;
        char day[16], a[8], b[16];
        cal_format(it->day, day, sizeof day);
        tz_format_local(it->start, "%H:%M", a, sizeof a);
        tz_format_local(it->end, "%H:%M", b, 6);
        if (it->end_days > 0) /* 01:00+1: the next day's */
            snprintf(b + 5, sizeof b - 5, "+%d", it->end_days > 9 ? 9 : it->end_days);
        put(r, i, 0, day);
        put(r, i, 1, a);
        put(r, i, 2, b);
        put(r, i, 3, it->salon ? it->salon : it->salon_id);
        put(r, i, 4, it->master);
        put(r, i, 5, it->customer);
        put(r, i, 6, it->phone);
        put(r, i, 7, it->service);
        put(r, i, 8, it->status);
        put(r, i, 9, it->code);
        put(r, i, 10, it->conflict ? "yes" : "");
        vis[nvis++] = i;
    }
    batch_write(app->opt.format, r, vis, nvis, out);
    const char *fmt = app->opt.format;
    bool text = !fmt || (strcmp(fmt, "csv") != 0 && strcmp(fmt, "json") != 0);
    if (text && app->opt.view && m->view == CAL_DAY) /* only when the day is asked for */
        write_free(m, out);
    free(vis);
    db_rows_free(&r);
    return 0;
}

static void bm_open(struct App *app, enum ViewId v, const char *salon_id, const char *key)
{
    struct BookingsModel *m = bookings_model(app);
    if (salon_id && !*salon_id)
        salon_id = NULL; /* a thread from a list of every salon */
    if (m->locked && salon_id && !str_eq(salon_id, m->salon_id) &&
        !str_eq(salon_id, m->salon_arg)) {
        app_message(app, MSG_WARN, "this staff profile is locked to its own salon");
    } else if (!m->locked && !str_eq(salon_id, m->salon_id)) {
        free(m->salon_arg);
        m->salon_arg = salon_id ? xstrdup(salon_id) : NULL;
        XFREE(m->salon_id);
        XFREE(m->salon_name);
        XFREE(m->master_filter);
        if (m->field_filter) {
            /* Another salon's rows are never hidden by a filter typed for this one. */
            app_message(app, MSG_INFO, "/%s cleared for the new salon", m->field_filter);
            app_set_tab_filter(app, v, NULL);
        }
        db_rows_free(&m->masters);
        m->rec_start = m->rec_end = -1; /* the new salon's hours come with its resolution */
        m->slot_min = bookings_slot_minutes(&app->schema);
        m->resolved = m->salon_arg == NULL;
        m->resolving = false;
        XFREE(m->sel_id);
        m->detail.open = false;
        /* Nothing of the old salon stays on screen, nor any pointer into its rows: the items
         * and columns are built again (empty until the new salon's rows arrive). */
        bk_rebuild(app);
    }
    struct CalDate d;
    if (key && cal_parse(key, cal_from_time(time(NULL)), &d))
        bookings_goto(app, d);
    else if (key && *key && m->resolved)
        bk_search(app, key, false);
    else if (key && *key) {
        free(m->search);
        m->search = xstrdup(key); /* searched once the salon is known: see got_salon */
        m->search_list = false;
    }
    m->next_due = 0;
    app->dirty = true;
}

static bool bm_command(struct App *app, enum ViewId v, const char *cmd, const char *arg)
{
    if (strcmp(cmd, "find") == 0 && app->tab == v) {
        /* :find in Bookings: the booking by code, customer or phone on any date (the / filter
         * only looks at the period on screen); the calendar goes to the nearest. */
        if (arg && *arg)
            bk_search(app, arg, true);
        else
            app_message(app, MSG_WARN, ":find: give a booking code, a name or a phone");
        return true;
    }
    if (strcmp(cmd, "goto") != 0 && strcmp(cmd, "g") != 0)
        return false;
    struct CalDate d;
    if (!cal_parse(arg, cal_from_time(time(NULL)), &d)) {
        /* Said, and the calendar stays where it is. The status line draws it safely. */
        app_message(app, MSG_WARN,
                    ":goto: '%s' is not a date (YYYY-MM-DD, today, tomorrow, +3d, -1w, +1m or "
                    "mon..sun); the calendar stays on its day",
                    arg ? arg : "");
        return true;
    }
    app_set_tab(app, VIEW_BOOKINGS);
    bookings_goto(app, d);
    return true;
}

/* A date word of a filter: today, 2026-12-01, mon, +3d... but not a phone number such as +7999
 * (a signed number names a date only with its unit). */
static bool date_word(const char *word, struct CalDate *d)
{
    size_t n = strlen(word);
    if ((word[0] == '+' || word[0] == '-') && n > 0 && isdigit((unsigned char)word[n - 1]))
        return false;
    return cal_parse(word, cal_from_time(time(NULL)), d);
}

/* / in Bookings filters the calendar like every tab: free words, field:value and -word (see
 * bookings_item_matches). One date word among them (today, 2026-12-01, +3d, mon) moves to
 * that day instead. */
static void bm_set_filter(struct App *app, enum ViewId v, const char *text)
{
    (void)v;
    struct BookingsModel *m = bookings_model(app);
    struct StrBuf words;
    sb_init(&words);
    bool moved = false;
    char word[256];
    for (const char *p = text; str_next_word(&p, word, sizeof word);) {
        struct CalDate d;
        if (!moved && !bookings_is_field_word(word) && date_word(word, &d)) {
            bookings_goto(app, d);
            moved = true;
        } else {
            sb_append(&words, words.len ? " " : "");
            sb_append(&words, word);
        }
    }
    free(m->field_filter);
    m->field_filter = words.len ? sb_steal(&words) : NULL;
    sb_free(&words);
    m->cursor = -1;
    bk_rebuild(app);
}

static void bm_done(struct App *app, enum ViewId v)
{
    struct BookingsModel *m = app->model[v];
    if (!m)
        return;
    bk_cache_free(m);
    free(m->items);
    free(m->groups);
    free(m->sel_id);
    free(m->salon_arg);
    free(m->salon_id);
    free(m->salon_name);
    free(m->master_filter);
    free(m->service_filter);
    free(m->field_filter);
    free(m->search);
    free(m->found.text);
    db_rows_free(&m->found.rows);
    free(m->noaccess);
    fetch_status_free(&m->fs);
    db_rows_free(&m->masters);
    free(m->detail.id);
    free(m->detail.phone);
    free(m->detail.salon_id);
    free(m->detail.error);
    db_rows_free(&m->detail.fields);
    db_rows_free(&m->detail.others);
    free(m);
    app->model[v] = NULL;
}

static bool bm_freshness(struct App *app, enum ViewId v, time_t *updated, double *latency_ms,
                         bool *stale)
{
    (void)v;
    const struct BookingsModel *m = bookings_model(app);
    return fetch_freshness(&m->fs, updated, latency_ms, stale);
}

const struct TabModel bookings_tab_model = {
    .discovered = bm_discovered,
    .pump = bm_pump,
    .deadline = bm_deadline,
    .refresh = bm_refresh,
    .lost = bm_lost,
    .batch_state = bm_batch_state,
    .batch_write = bm_batch_write,
    .open = bm_open,
    .command = bm_command,
    .set_filter = bm_set_filter,
    .freshness = bm_freshness,
    .done = bm_done,
};
