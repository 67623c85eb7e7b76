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

bool bookings_status_inactive(const char *status)
{
    int c = bookings_status_class(status);
    return c == 1 || c == 3;
}

static bool hidden_status(const char *status)
{
    return bookings_status_inactive(status);
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

/* Side-by-side lanes within each column and day. Cells are whole slots, so two bookings that
 * share a slot row overlap here even when their minutes do not: each gets a lane of its own and
 * nothing is drawn over anything. Active bookings take the lanes first; a cancelled or no-show
 * one goes to a lane after them and so never covers an active booking. */
struct LaneKey {
    long day;
    int lane, inactive;
    time_t start;
    int idx;
};

static int by_lane_key(const void *a, const void *b)
{
    const struct LaneKey *x = a, *y = b;
    if (x->day != y->day)
        return x->day < y->day ? -1 : 1;
    if (x->lane != y->lane)
        return x->lane - y->lane;
    if (x->inactive != y->inactive)
        return x->inactive - y->inactive;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return x->idx - y->idx;
}

static void slot_span(const struct BkItem *it, int slot_min, long *s0, long *s1)
{
    time_t day0 = cal_start(it->day);
    long sec = 60L * slot_min;
    *s0 = (long)(it->vstart - day0) / sec;
    *s1 = ((long)(it->vend - day0) + sec - 1) / sec;
    if (*s1 <= *s0)
        *s1 = *s0 + 1;
}

static void assign_sub_lanes(struct BookingsModel *m)
{
    if (m->nitems == 0)
        return;
    struct LaneKey *k = xcalloc((size_t)m->nitems, sizeof *k);
    for (int i = 0; i < m->nitems; i++) {
        const struct BkItem *it = &m->items[i];
        k[i] = (struct LaneKey){cal_to_days(it->day), it->lane, hidden_status(it->status),
                                it->vstart, i};
    }
    qsort(k, (size_t)m->nitems, sizeof *k, by_lane_key);
    for (int a = 0; a < m->nitems;) {
        int b = a;
        while (b < m->nitems && k[b].day == k[a].day && k[b].lane == k[a].lane)
            b++;
        long lane_end[BK_MAX_SUB] = {0};
        int used = 0;
        for (int j = a; j < b; j++) {
            struct BkItem *it = &m->items[k[j].idx];
            long s0, s1;
            slot_span(it, m->slot_min, &s0, &s1);
            int l = 0;
            while (l < used && lane_end[l] > s0)
                l++;
            if (l == used && used < BK_MAX_SUB)
                used++;
            if (l >= BK_MAX_SUB) { /* all full: the lane that frees first */
                l = 0;
                for (int x = 1; x < BK_MAX_SUB; x++)
                    l = lane_end[x] < lane_end[l] ? x : l;
            }
            lane_end[l] = s1 > lane_end[l] ? s1 : lane_end[l];
            it->sub = l;
        }
        for (int j = a; j < b; j++)
            m->items[k[j].idx].nsub = used;
        a = b;
    }
    free(k);
}

/* By the day shown, then start (a booking continued from the day before comes first). */
static int by_day_start(const void *a, const void *b)
{
    const struct BkItem *x = a, *y = b;
    int c = cal_cmp(x->day, y->day);
    if (c != 0)
        return c;
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
        for (int j = i + 1;
             j < m->nitems && cal_cmp(m->items[j].day, a->day) == 0 && m->items[j].start < a->end;
             j++) {
            struct BkItem *b = &m->items[j];
            if (b->master_id && strcmp(a->master_id, b->master_id) == 0 &&
                !hidden_status(b->status))
                a->conflict = b->conflict = true;
        }
    }
    /* A booking across midnight is in conflict on every day it is shown. */
    for (int i = 0; i < m->nitems; i++) {
        if (!m->items[i].cont)
            continue;
        for (int j = 0; j < m->nitems; j++)
            if (j != i && m->items[j].row == m->items[i].row &&
                (m->items[j].conflict || m->items[i].conflict))
                m->items[j].conflict = m->items[i].conflict = true;
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

/* A free word: any field of the booking holds it. */
static bool word_matches(const struct BkItem *it, const char *w)
{
    return str_icontains(it->customer, w) || str_icontains(it->phone, w) ||
           (w[0] == '+' && str_icontains(it->phone, w + 1)) || str_icontains(it->code, w) ||
           str_icontains(it->master, w) || str_icontains(it->service, w) ||
           str_icontains(it->status, w);
}

bool bookings_item_matches(const struct BkItem *it, const char *filter)
{
    char word[256];
    for (const char *p = filter; str_next_word(&p, word, sizeof word);) {
        bool neg = word[0] == '-' && word[1];
        const char *w = neg ? word + 1 : word;
        bool ok = bookings_is_field_word(w) ? field_matches(it, w) : word_matches(it, w);
        if (ok == neg)
            return false;
    }
    return true;
}

/* Adds the items of one row: one per day of [from, to) that the booking covers (every day
 * when the model has no period, as in the unit tests). */
static void add_row_items(struct BookingsModel *m, struct BkItem it)
{
    bool bounded = m->from.y != 0 && m->to.y != 0;
    struct CalDate first = it.day;
    struct CalDate last = cal_from_time(it.end - 1 > it.start ? it.end - 1 : it.start);
    it.end_days = (int)(cal_to_days(cal_from_time(it.end)) - cal_to_days(first));
    /* A booking is shown on at most 3 days: a longer one is a data error, not a calendar. */
    if (cal_to_days(last) - cal_to_days(first) > 2)
        last = cal_add_days(first, 2);
    for (struct CalDate d = first; cal_cmp(d, last) <= 0; d = cal_add_days(d, 1)) {
        if (bounded && (cal_cmp(d, m->from) < 0 || cal_cmp(d, m->to) >= 0))
            continue;
        struct BkItem x = it;
        x.day = d;
        x.cont = cal_cmp(d, first) != 0;
        time_t d0 = cal_start(d), d1 = cal_start(cal_add_days(d, 1));
        x.vstart = x.start > d0 ? x.start : d0;
        x.vend = x.end < d1 ? x.end : d1;
        m->items[m->nitems++] = x;
    }
}

bool bookings_item_counts(const struct BookingsModel *m, const struct BkItem *it)
{
    (void)m;
    return !it->cont;
}

void bookings_format_range(const struct BkItem *it, char *buf, size_t size)
{
    char a[8], b[8], plus[8] = "";
    tz_format_local(it->start, "%H:%M", a, sizeof a);
    tz_format_local(it->end, "%H:%M", b, sizeof b);
    if (it->end_days > 0)
        snprintf(plus, sizeof plus, "+%d", it->end_days > 9 ? 9 : it->end_days);
    snprintf(buf, size, "%s–%s%s%s", a, it->end_src != BK_END_RECORDED ? "~" : "", b, plus);
}

/* The booking of row r, its end recorded or assumed; false when its start is unreadable. */
static bool row_item(const struct BookingsModel *m, const struct DbRows *rows, int r,
                     struct BkItem *out)
{
    struct BkItem it;
    memset(&it, 0, sizeof it);
    it.row = r;
    if (!tz_parse_utc(cell(rows, r, BK_START), &it.start))
        return false;
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
    it.end_src = BK_END_RECORDED;
    if (!tz_parse_utc(cell(rows, r, BK_END), &it.end) || it.end <= it.start) {
        bool by_service = dur && atoi(dur) > 0;
        it.end_src = by_service ? BK_END_SERVICE : BK_END_SLOT;
        it.end = it.start + 60 * (by_service ? atoi(dur) : m->slot_min);
    }
    it.day = cal_from_time(it.start);
    *out = it;
    return true;
}

int bookings_parse_hour(const char *s)
{
    int h, mi = 0, n = 0;
    if (!s || sscanf(s, "%d%n", &h, &n) != 1 || h < 0)
        return -1;
    if (s[n] == ':' && sscanf(s + n + 1, "%d", &mi) != 1)
        return -1;
    if (s[n] != ':' && s[n] != '\0')
        return -1;
    if (h == 24 && mi == 0)
        return 24 * 60;
    return h < 24 && mi >= 0 && mi < 60 ? h * 60 + mi : -1;
}

bool bookings_in_hours(const struct BookingsModel *m, int minute)
{
    return !m->hours_assumed && minute >= m->work_start && minute < m->work_end;
}

bool bookings_status_frees_time(const char *status)
{
    static const char *const idle[] = {"CANCELLED", "CANCELED", "NO_SHOW", "NO-SHOW", "NOSHOW"};
    for (size_t i = 0; status && i < sizeof idle / sizeof idle[0]; i++)
        if (strcasecmp(status, idle[i]) == 0)
            return true;
    return false;
}

/* The free list's entry of a master (key: master_id, NULL for the one column of all). */
static struct BkFree *free_entry(struct BookingsModel *m, const char **keys, const char *key,
                                 const char *name)
{
    for (int i = 0; i < m->nfree; i++)
        if (str_eq(keys[i], key))
            return &m->free[i];
    if (m->nfree >= BK_FREE_MAX) {
        m->free_more = true;
        return NULL;
    }
    keys[m->nfree] = key;
    struct BkFree *f = &m->free[m->nfree++];
    snprintf(f->name, sizeof f->name, "%s", name ? name : key ? key : "all bookings");
    f->nslots = 0;
    return f;
}

/* Marks the working day's slots that the booking's time overlaps. */
static void mark_busy(const struct BookingsModel *m, const struct BkItem *it, time_t day0,
                      bool *busy)
{
    int n = 0;
    for (int t = m->work_start; t + m->slot_min <= m->work_end && n < BK_FREE_SLOTS;
         t += m->slot_min, n++) {
        time_t a = day0 + 60 * (time_t)t, b = a + 60 * (time_t)m->slot_min;
        if (it->start < b && it->end > a)
            busy[n] = true;
    }
}

/* The free slots of the anchor day from every booking of the rows, whatever the filters. */
static void build_free(struct BookingsModel *m, const struct DbRows *rows)
{
    m->nfree = 0;
    m->free_more = false;
    m->hours_assumed = !(m->rec_start >= 0 && m->rec_end > m->rec_start);
    m->work_start = m->hours_assumed ? 9 * 60 : m->rec_start; /* else assumed */
    m->work_end = m->hours_assumed ? 20 * 60 : m->rec_end;
    m->free_by_master = false;
    if (!rows || m->anchor.y == 0)
        return;
    const char *keys[BK_FREE_MAX] = {NULL};
    bool busy[BK_FREE_MAX][BK_FREE_SLOTS] = {{false}};
    time_t day0 = cal_start(m->anchor), day1 = cal_start(cal_add_days(m->anchor, 1));
    for (int r = 0; m->masters && r < m->masters->nrows; r++)
        free_entry(m, keys, db_rows_get(m->masters, r, 0), db_rows_get(m->masters, r, 1));
    for (int r = 0; r < rows->nrows; r++)
        m->free_by_master |= cell(rows, r, BK_MASTER_ID) != NULL;
    m->free_by_master |= m->nfree > 0;
    for (int r = 0; r < rows->nrows; r++) {
        struct BkItem it;
        if (!row_item(m, rows, r, &it) || it.end <= day0 || it.start >= day1)
            continue;
        /* Without masters: one line per salon when none is chosen, as the day's columns. */
        const char *key = m->free_by_master ? cell(rows, r, BK_MASTER_ID)
                          : m->salon_id     ? NULL
                                            : cell(rows, r, BK_SALON_ID);
        if (m->free_by_master && !key)
            continue; /* no master: it takes nobody's time */
        const char *name = NULL;
        if (key && m->free_by_master)
            name = bookings_master_name(m, key) ? bookings_master_name(m, key)
                                                : cell(rows, r, BK_MASTER);
        else if (key)
            name = cell(rows, r, BK_SALON);
        struct BkFree *f = free_entry(m, keys, key, name);
        if (f && !bookings_status_frees_time(it.status))
            mark_busy(m, &it, day0, busy[f - m->free]);
    }
    if (m->nfree == 0)
        free_entry(m, keys, NULL, m->free_by_master ? NULL : "all bookings");
    for (int i = 0; i < m->nfree; i++) {
        int n = 0;
        for (int t = m->work_start; t + m->slot_min <= m->work_end && n < BK_FREE_SLOTS;
             t += m->slot_min, n++)
            if (!busy[i][n])
                m->free[i].slot[m->free[i].nslots++] = (short)t;
    }
}

void bookings_build_items(struct BookingsModel *m, const struct DbRows *rows)
{
    XFREE(m->items);
    XFREE(m->groups);
    m->nitems = m->ngroups = m->ntotal = 0;
    m->nlanes = 1;
    m->truncated = false;
    if (m->slot_min <= 0)
        m->slot_min = 30;
    build_free(m, rows);
    if (!rows)
        return;
    m->truncated = rows->nrows >= 20000;
    /* A row gives up to 3 items (a booking across midnight). */
    m->items = xcalloc((size_t)rows->nrows * 3 + 1, sizeof *m->items);
    for (int r = 0; r < rows->nrows; r++) {
        struct BkItem it;
        if (!row_item(m, rows, r, &it))
            continue;
        /* The period query also reads the day before, for bookings that run into the period:
         * a row that ends before the period is none of its bookings. */
        if (m->from.y != 0 && it.end <= cal_start(m->from))
            continue;
        if (m->from.y == 0 || cal_cmp(it.day, m->from) >= 0)
            m->ntotal++; /* a booking of the day before is not one of the period's */
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
        add_row_items(m, it);
    }
    qsort(m->items, (size_t)m->nitems, sizeof *m->items, by_day_start);
    find_conflicts(m);

    /* Day-view columns: the salons when none is chosen, else the salon's masters (those the
     * deployment lists, then any other master_id the bookings name), else one column of all
     * the salon's bookings. Overlaps within a column go side by side (assign_sub_lanes). */
    m->by_master = false;
    struct GroupList cols = {NULL, 0};
    if (!m->salon_id) {
        for (int i = 0; i < m->nitems; i++)
            m->items[i].lane = group_add(&cols, m->items[i].salon_id, m->items[i].salon);
    } else {
        for (int r = 0; m->masters && r < m->masters->nrows; r++)
            group_add(&cols, db_rows_get(m->masters, r, 0), db_rows_get(m->masters, r, 1));
        bool any_master = cols.n > 0;
        for (int i = 0; i < m->nitems && !any_master; i++)
            any_master = m->items[i].master_id != NULL;
        for (int i = 0; i < m->nitems; i++) {
            const struct BkItem *it = &m->items[i];
            const char *name = it->master ? it->master : it->master_id ? NULL : "no master";
            m->items[i].lane = group_add(&cols, it->master_id, any_master ? name : "bookings");
        }
        m->by_master = any_master;
        if (cols.n == 0)
            group_add(&cols, NULL, "bookings");
    }
    m->nlanes = cols.n ? cols.n : 1;
    assign_sub_lanes(m);
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

void bookings_step_match(struct App *app, int dir)
{
    struct BookingsModel *m = bookings_model(app);
    const char *period = m->view == CAL_DAY ? "day" : cal_view_name(m->view);
    if (!m->field_filter) {
        app_message(app, MSG_INFO, "no / filter: n and N step through the bookings it shows");
        return;
    }
    if (m->nitems == 0) {
        app_message(app, MSG_WARN, "no booking in this %s matches /%s ([ and ] change it)", period,
                    m->field_filter);
        return;
    }
    int c =
        m->cursor < 0 ? (dir > 0 ? 0 : m->nitems - 1) : (m->cursor + dir + m->nitems) % m->nitems;
    m->cursor = c;
    m->anchor = m->items[c].day;
    free(m->sel_id);
    m->sel_id = m->items[c].id ? xstrdup(m->items[c].id) : NULL;
    app_message(app, MSG_INFO, "match %d of %d in this %s for /%s", c + 1, m->nitems, period,
                m->field_filter);
    app->dirty = true;
}

bool bookings_clear_filter(struct App *app)
{
    if (!bookings_model(app)->field_filter)
        return false;
    app_set_tab_filter(app, VIEW_BOOKINGS, NULL);
    app_message(app, MSG_INFO, "filter cleared");
    return true;
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

const char *bookings_master_name(const struct BookingsModel *m, const char *id)
{
    if (!id)
        return NULL;
    for (int r = 0; m->masters && r < m->masters->nrows; r++)
        if (str_eq(db_rows_get(m->masters, r, 0), id))
            return db_rows_get(m->masters, r, 1);
    for (int i = 0; i < m->nitems; i++)
        if (str_eq(m->items[i].master_id, id) && m->items[i].master)
            return m->items[i].master;
    return NULL;
}

static const char *master_name(const struct BookingsModel *m, const struct DbRows *rows,
                               const char *id)
{
    const char *name = bookings_master_name(m, id);
    if (name)
        return name;
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

/* --- :find's results -------------------------------------------------------------------------- */

int bookings_found_count(const struct BookingsModel *m)
{
    return m->found.rows ? m->found.rows->nrows : 0;
}

/* Row i of rows (period columns) as an item of its own start's day. */
static bool rows_item(const struct BookingsModel *m, const struct DbRows *rows, int i,
                      struct BkItem *out)
{
    if (!rows || i < 0 || i >= rows->nrows || !row_item(m, rows, i, out))
        return false;
    out->vstart = out->start;
    out->vend = out->end;
    out->end_days = (int)(cal_to_days(cal_from_time(out->end)) - cal_to_days(out->day));
    return true;
}

bool bookings_found_item(const struct BookingsModel *m, int i, struct BkItem *out)
{
    return rows_item(m, m->found.rows, i, out);
}

int bookings_other_count(const struct BookingsModel *m)
{
    return m->detail.others ? m->detail.others->nrows : 0;
}

bool bookings_other_item(const struct BookingsModel *m, int i, struct BkItem *out)
{
    return rows_item(m, m->detail.others, i, out);
}

void bookings_select_id(struct App *app, const char *id)
{
    bk_set_selected(bookings_model(app), id);
    app->dirty = true;
}

void bookings_found_move(struct App *app, int dir, bool wrap)
{
    struct BookingsModel *m = bookings_model(app);
    int n = bookings_found_count(m);
    if (!m->found.open || n == 0)
        return;
    int c = m->found.cursor + dir;
    if (wrap)
        c = (c % n + n) % n;
    c = c < 0 ? 0 : c >= n ? n - 1 : c;
    m->found.cursor = c;
    app_message(app, MSG_INFO, "result %d of %d for :find %s", c + 1, n, m->found.text);
    app->dirty = true;
}

void bookings_found_pick(struct App *app)
{
    struct BookingsModel *m = bookings_model(app);
    struct BkItem it;
    if (!bookings_found_item(m, m->found.cursor, &it))
        return;
    m->anchor = it.day;
    free(m->sel_id);
    m->sel_id = it.id ? xstrdup(it.id) : NULL;
    m->view = CAL_DAY;
    m->detail.open = false;
    m->found.open = false;
    bk_show(app, false);
    app->dirty = true;
}

bool bookings_found_close(struct App *app)
{
    struct BookingsModel *m = bookings_model(app);
    if (!m->found.open)
        return false;
    m->found.open = false;
    app->dirty = true;
    return true;
}
