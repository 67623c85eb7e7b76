/* The Bookings model: items of the period, day-view columns, conflicts, moving and filters. */
#include "config.h"

#include "src/model/bookings.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "src/app.h"
#include "src/model/bookings_int.h"
#include "src/queries/bookings_sql.h"
#include "src/util/str.h"
#include "src/util/tz.h"
#include "src/util/xalloc.h"

int bookings_status_class(const char *status)
{
    if (!status)
        return 4;
    if (strcmp(status, "CONFIRMED") == 0)
        return 0;
    if (strcmp(status, "CANCELLED") == 0)
        return 1;
    if (strcmp(status, "COMPLETED") == 0)
        return 2;
    if (strcmp(status, "NO_SHOW") == 0)
        return 3;
    return 4;
}

static bool hidden_status(const char *status)
{
    int c = bookings_status_class(status);
    return c == 1 || c == 3;
}

static const char *cell(const struct DbRows *r, int row, int col)
{
    return db_rows_get(r, row, col);
}

/* The day-view columns while items are built: pointers into the rows being read. */
struct GroupList {
    struct BkGroup *g;
    int n;
};

static int group_add(struct GroupList *l, const char *key, const char *name)
{
    for (int i = 0; i < l->n; i++)
        if (str_eq(l->g[i].key, key))
            return i;
    l->g = xreallocarray(l->g, (size_t)l->n + 1, sizeof *l->g);
    l->g[l->n].key = key;
    l->g[l->n].name = name ? name : key ? key : "no master";
    return l->n++;
}

/* The columns as the model keeps them: one block with the array followed by copies of its
 * strings. A column name then outlives the masters' and the period's rows it came from (a
 * fetch may free those while the pane still draws), and free(m->groups) releases it all. */
static struct BkGroup *group_list_pack(const struct GroupList *l)
{
    size_t size = (size_t)l->n * sizeof *l->g;
    for (int i = 0; i < l->n; i++)
        size += (l->g[i].key ? strlen(l->g[i].key) + 1 : 0) + strlen(l->g[i].name) + 1;
    struct BkGroup *out = xmalloc(size ? size : 1);
    char *p = (char *)(out + l->n);
    for (int i = 0; i < l->n; i++) {
        out[i].key = NULL;
        if (l->g[i].key) {
            size_t n = strlen(l->g[i].key) + 1;
            memcpy(p, l->g[i].key, n);
            out[i].key = p;
            p += n;
        }
        size_t n = strlen(l->g[i].name) + 1;
        memcpy(p, l->g[i].name, n);
        out[i].name = p;
        p += n;
    }
    return out;
}

/* Overlap lanes within each day: the first lane free at the booking's start. */
static void assign_lanes(struct BookingsModel *m)
{
    time_t lane_end[16] = {0};
    int nl = 1;
    struct CalDate day = {0, 0, 0};
    for (int i = 0; i < m->nitems; i++) {
        struct BkItem *it = &m->items[i];
        if (cal_cmp(it->day, day) != 0) {
            day = it->day;
            memset(lane_end, 0, sizeof lane_end);
        }
        int l = 0;
        while (l < 15 && lane_end[l] > it->start)
            l++;
        lane_end[l] = it->end;
        it->lane = l;
        if (l + 1 > nl)
            nl = l + 1;
    }
    m->nlanes = nl;
}

static int by_start(const void *a, const void *b)
{
    const struct BkItem *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return x->row - y->row;
}

static void find_conflicts(struct BookingsModel *m)
{
    for (int i = 0; i < m->nitems; i++) {
        struct BkItem *a = &m->items[i];
        if (!a->master_id || hidden_status(a->status))
            continue;
        for (int j = i + 1; j < m->nitems && m->items[j].start < a->end; j++) {
            struct BkItem *b = &m->items[j];
            if (b->master_id && strcmp(a->master_id, b->master_id) == 0 &&
                !hidden_status(b->status))
                a->conflict = b->conflict = true;
        }
    }
}

static const char *const field_names[] = {"status", "master", "service", "customer",
                                          "name",   "phone",  "code",    NULL};

bool bookings_is_field_word(const char *word)
{
    if (word[0] == '-')
        word++;
    for (const char *const *f = field_names; *f; f++) {
        size_t n = strlen(*f);
        if (strncasecmp(word, *f, n) == 0 && word[n] == ':')
            return true;
    }
    return false;
}

static bool field_matches(const struct BkItem *it, const char *word)
{
    const char *colon = strchr(word, ':');
    const char *v = colon + 1;
    size_t n = (size_t)(colon - word);
    const char *have = NULL;
    if (strncasecmp(word, "status", n) == 0)
        have = it->status;
    else if (strncasecmp(word, "master", n) == 0)
        have = it->master;
    else if (strncasecmp(word, "service", n) == 0)
        have = it->service;
    else if (strncasecmp(word, "customer", n) == 0 || strncasecmp(word, "name", n) == 0)
        have = it->customer;
    else if (strncasecmp(word, "phone", n) == 0)
        return str_icontains(it->phone, v) || (v[0] == '+' && str_icontains(it->phone, v + 1));
    else if (strncasecmp(word, "code", n) == 0)
        have = it->code;
    return str_icontains(have, v);
}

bool bookings_item_matches(const struct BkItem *it, const char *filter)
{
    char word[256];
    for (const char *p = filter; str_next_word(&p, word, sizeof word);) {
        if (!bookings_is_field_word(word))
            continue;
        bool neg = word[0] == '-';
        if (field_matches(it, neg ? word + 1 : word) == neg)
            return false;
    }
    return true;
}

void bookings_build_items(struct BookingsModel *m, const struct DbRows *rows)
{
    XFREE(m->items);
    XFREE(m->groups);
    m->nitems = m->ngroups = m->ntotal = 0;
    m->nlanes = 1;
    m->truncated = false;
    if (!rows)
        return;
    if (m->slot_min <= 0)
        m->slot_min = 30;
    m->ntotal = rows->nrows;
    m->truncated = rows->nrows >= 20000;
    m->items = xcalloc((size_t)rows->nrows + 1, sizeof *m->items);
    for (int r = 0; r < rows->nrows; r++) {
        struct BkItem it;
        memset(&it, 0, sizeof it);
        it.row = r;
        if (!tz_parse_utc(cell(rows, r, BK_START), &it.start))
            continue;
        it.id = cell(rows, r, BK_ID);
        it.salon_id = cell(rows, r, BK_SALON_ID);
        it.salon = cell(rows, r, BK_SALON);
        it.code = cell(rows, r, BK_CODE);
        it.customer = cell(rows, r, BK_CUSTOMER);
        it.phone = cell(rows, r, BK_PHONE);
        it.service = cell(rows, r, BK_SERVICE);
        it.master_id = cell(rows, r, BK_MASTER_ID);
        it.master = cell(rows, r, BK_MASTER);
        it.status = cell(rows, r, BK_STATUS) ? cell(rows, r, BK_STATUS) : "";
        const char *dur = cell(rows, r, BK_DURATION);
        if (!tz_parse_utc(cell(rows, r, BK_END), &it.end) || it.end <= it.start)
            it.end = it.start + 60 * (dur && atoi(dur) > 0 ? atoi(dur) : m->slot_min);
        it.day = cal_from_time(it.start);
        /* A status: word shows what it names, cancelled or not. */
        bool by_status = m->field_filter && strstr(m->field_filter, "status:");
        if (!m->show_cancelled && !by_status && hidden_status(it.status))
            continue;
        if (m->field_filter && !bookings_item_matches(&it, m->field_filter))
            continue;
        if (m->master_filter && !str_eq(m->master_filter, it.master_id))
            continue;
        if (m->service_filter && !str_eq(m->service_filter, it.service))
            continue;
        m->items[m->nitems++] = it;
    }
    qsort(m->items, (size_t)m->nitems, sizeof *m->items, by_start);
    find_conflicts(m);

    /* Day-view columns: the salon's masters, or the salons when none is chosen, else lanes. */
    m->by_master = false;
    struct GroupList cols = {NULL, 0};
    if (!m->salon_id) {
        for (int i = 0; i < m->nitems; i++)
            m->items[i].lane = group_add(&cols, m->items[i].salon_id, m->items[i].salon);
        m->nlanes = cols.n ? cols.n : 1;
    } else if (m->masters && m->masters->nrows > 0) {
        for (int r = 0; r < m->masters->nrows; r++)
            group_add(&cols, db_rows_get(m->masters, r, 0), db_rows_get(m->masters, r, 1));
        for (int i = 0; i < m->nitems; i++)
            m->items[i].lane = group_add(&cols, m->items[i].master_id, m->items[i].master);
        m->nlanes = cols.n;
        m->by_master = true;
    } else {
        assign_lanes(m);
    }
    if (cols.n) {
        m->groups = group_list_pack(&cols);
        m->ngroups = cols.n;
    }
    free(cols.g);
    m->version++;
}

const struct BkItem *bookings_selected(const struct BookingsModel *m)
{
    return m->cursor >= 0 && m->cursor < m->nitems ? &m->items[m->cursor] : NULL;
}

int bookings_day_items(const struct BookingsModel *m, struct CalDate d, int *first)
{
    int i = 0;
    while (i < m->nitems && cal_cmp(m->items[i].day, d) < 0)
        i++;
    *first = i;
    int n = 0;
    while (i + n < m->nitems && cal_cmp(m->items[i + n].day, d) == 0)
        n++;
    return n;
}

void bk_set_selected(struct BookingsModel *m, const char *id)
{
    if (id != m->sel_id) {
        free(m->sel_id);
        m->sel_id = id ? xstrdup(id) : NULL;
    }
    m->cursor = -1;
    for (int i = 0; id && i < m->nitems; i++) {
        if (str_eq(m->items[i].id, id) && cal_cmp(m->items[i].day, m->anchor) == 0) {
            m->cursor = i;
            return;
        }
    }
    int first;
    if (bookings_day_items(m, m->anchor, &first) > 0)
        m->cursor = first;
}

/* --- moving ---------------------------------------------------------------------------------- */

static void moved(struct App *app)
{
    struct BookingsModel *m = bookings_model(app);
    XFREE(m->sel_id);
    bk_show(app, false);
    app->dirty = true;
}

void bookings_set_view(struct App *app, enum CalView v)
{
    struct BookingsModel *m = bookings_model(app);
    m->view = v;
    m->detail.open = false;
    bk_show(app, false);
    app->dirty = true;
}

void bookings_move_days(struct App *app, int days)
{
    struct BookingsModel *m = bookings_model(app);
    m->anchor = cal_add_days(m->anchor, days);
    moved(app);
}

void bookings_move_period(struct App *app, int dir)
{
    struct BookingsModel *m = bookings_model(app);
    m->anchor = cal_shift(m->view, m->anchor, dir);
    moved(app);
}

void bookings_goto(struct App *app, struct CalDate d)
{
    struct BookingsModel *m = bookings_model(app);
    m->anchor = d;
    m->detail.open = false;
    moved(app);
}

void bookings_today(struct App *app)
{
    bookings_goto(app, cal_from_time(time(NULL)));
}

void bookings_select(struct App *app, int dir)
{
    struct BookingsModel *m = bookings_model(app);
    if (m->nitems == 0)
        return;
    int c = m->cursor;
    if (c < 0) {
        /* From the anchor day: the first booking on or after it (or before it, going up). */
        c = 0;
        while (c < m->nitems && cal_cmp(m->items[c].day, m->anchor) < 0)
            c++;
        if (dir < 0)
            c--;
    } else {
        c += dir;
    }
    if (c < 0 || c >= m->nitems) {
        app_message(app, MSG_INFO, "no more bookings in this %s ([ and ] change it)",
                    m->view == CAL_DAY ? "day" : cal_view_name(m->view));
        return;
    }
    m->cursor = c;
    m->anchor = m->items[c].day;
    free(m->sel_id);
    m->sel_id = m->items[c].id ? xstrdup(m->items[c].id) : NULL;
    app->dirty = true;
}

void bookings_toggle_cancelled(struct App *app)
{
    struct BookingsModel *m = bookings_model(app);
    m->show_cancelled = !m->show_cancelled;
    app_message(app, MSG_INFO, "%s cancelled and no-show bookings",
                m->show_cancelled ? "showing" : "hiding");
    bk_rebuild(app);
}

/* The next distinct value of column col after cur in the period's rows (NULL after the last). */
static const char *next_value(const struct DbRows *rows, int col, const char *cur)
{
    const char *best = NULL;
    for (int r = 0; rows && r < rows->nrows; r++) {
        const char *v = db_rows_get(rows, r, col);
        if (v && (!cur || strcmp(v, cur) > 0) && (!best || strcmp(v, best) < 0))
            best = v;
    }
    return best;
}

static const char *master_name(const struct BookingsModel *m, const struct DbRows *rows,
                               const char *id)
{
    for (int r = 0; m->masters && r < m->masters->nrows; r++)
        if (str_eq(db_rows_get(m->masters, r, 0), id))
            return db_rows_get(m->masters, r, 1);
    for (int r = 0; rows && r < rows->nrows; r++)
        if (str_eq(db_rows_get(rows, r, BK_MASTER_ID), id) && db_rows_get(rows, r, BK_MASTER))
            return db_rows_get(rows, r, BK_MASTER);
    return id;
}

void bookings_cycle_master(struct App *app)
{
    struct BookingsModel *m = bookings_model(app);
    const struct DbRows *rows = bk_cached(m, m->from, m->to);
    const char *next = NULL;
    if (m->masters)
        next = next_value(m->masters, 0, m->master_filter);
    else
        next = next_value(rows, BK_MASTER_ID, m->master_filter);
    char *n = next ? xstrdup(next) : NULL;
    free(m->master_filter);
    m->master_filter = n;
    if (n)
        app_message(app, MSG_INFO, "master: %s (M for the next, until all)",
                    master_name(m, rows, n));
    else
        app_message(app, MSG_INFO, "all masters");
    bk_rebuild(app);
}

void bookings_cycle_service(struct App *app)
{
    struct BookingsModel *m = bookings_model(app);
    const struct DbRows *rows = bk_cached(m, m->from, m->to);
    const char *next = next_value(rows, BK_SERVICE, m->service_filter);
    char *n = next ? xstrdup(next) : NULL;
    free(m->service_filter);
    m->service_filter = n;
    if (n)
        app_message(app, MSG_INFO, "service: %s (S for the next, until all)", n);
    else
        app_message(app, MSG_INFO, "all services");
    bk_rebuild(app);
}

void bookings_open_detail(struct App *app)
{
    struct BookingsModel *m = bookings_model(app);
    const struct BkItem *it = bookings_selected(m);
    if (!it || !it->id) {
        app_message(app, MSG_INFO, "no booking selected (j/k choose one)");
        return;
    }
    struct BkDetail *d = &m->detail;
    free(d->id);
    free(d->phone);
    free(d->salon_id);
    d->id = xstrdup(it->id);
    d->phone = it->phone ? xstrdup(it->phone) : NULL;
    d->salon_id = it->salon_id ? xstrdup(it->salon_id) : NULL;
    d->open = true;
    bk_fetch_detail(app);
    app->dirty = true;
}

void bookings_close_detail(struct App *app)
{
    bookings_model(app)->detail.open = false;
    app->dirty = true;
}

void bookings_open_thread(struct App *app)
{
    struct BookingsModel *m = bookings_model(app);
    const char *phone = NULL, *salon = NULL;
    if (m->detail.open) {
        phone = m->detail.phone;
        salon = m->detail.salon_id;
    } else if (bookings_selected(m)) {
        phone = bookings_selected(m)->phone;
        salon = bookings_selected(m)->salon_id;
    }
    if (!phone) {
        app_message(app, MSG_INFO, "no booking selected (j/k choose one)");
        return;
    }
    char *p = xstrdup(phone), *s = salon ? xstrdup(salon) : NULL;
    app_open(app, VIEW_THREADS, s, p);
    free(p);
    free(s);
}
