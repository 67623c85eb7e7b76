/* The Bookings model and its SQL with plain rows, no server: items in the display zone, the day a
 * booking belongs to, conflicts per master, overlap lanes, filters, and queries that take values
 * only as parameters. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "src/model/bookings.h"
#include "src/queries/bookings_sql.h"
#include "src/schema.h"
#include "src/util/tz.h"
#include "src/util/xalloc.h"

/* Period rows: id, start, end, duration, master_id, status (other columns filled in). */
static struct DbRows *period_rows(int n, const char *const (*r)[6])
{
    struct DbRows *rows = db_rows_new(n, BK__NCOLS);
    static const char *const names[BK__NCOLS] = {
        "id",       "salon_id", "salon",   "start_utc", "end_utc", "duration_min", "code",
        "customer", "phone",    "service", "master_id", "master",  "status"};
    for (int c = 0; c < BK__NCOLS; c++)
        rows->names[c] = xstrdup(names[c]);
    for (int i = 0; i < n; i++) {
        char **cell = rows->cells + i * BK__NCOLS;
        cell[BK_ID] = xstrdup(r[i][0]);
        cell[BK_SALON_ID] = xstrdup("s1");
        cell[BK_START] = xstrdup(r[i][1]);
        cell[BK_END] = r[i][2] ? xstrdup(r[i][2]) : NULL;
        cell[BK_DURATION] = r[i][3] ? xstrdup(r[i][3]) : NULL;
        cell[BK_CUSTOMER] = xasprintf("customer %s", r[i][0]);
        cell[BK_SERVICE] = xstrdup(i % 2 ? "Corte" : "Manicure");
        cell[BK_MASTER_ID] = r[i][4] ? xstrdup(r[i][4]) : NULL;
        cell[BK_STATUS] = xstrdup(r[i][5]);
    }
    return rows;
}

static void free_model(struct BookingsModel *m)
{
    free(m->items);
    free(m->groups);
    free(m->master_filter);
    free(m->service_filter);
    free(m->salon_id);
}

static void test_day_in_zone(void **state)
{
    (void)state;
    static const char *const r[][6] = {
        {"a", "2026-05-14 23:30:00", NULL, NULL, NULL, "CONFIRMED"},
    };
    struct DbRows *rows = period_rows(1, r);
    struct BookingsModel m;
    memset(&m, 0, sizeof m);
    m.show_cancelled = true;
    assert_true(tz_set("Europe/Moscow"));
    bookings_build_items(&m, rows);
    assert_int_equal(m.nitems, 1);
    assert_int_equal(m.items[0].day.d, 15);                       /* 02:30 on the 15th in Moscow */
    assert_int_equal(m.items[0].end - m.items[0].start, 30 * 60); /* one slot by default */
    assert_true(tz_set("America/New_York"));
    bookings_build_items(&m, rows);
    assert_int_equal(m.items[0].day.d, 14); /* 19:30 on the 14th in New York */
    int first;
    struct CalDate d14 = {2026, 5, 14}, d15 = {2026, 5, 15};
    assert_int_equal(bookings_day_items(&m, d14, &first), 1);
    assert_int_equal(bookings_day_items(&m, d15, &first), 0);
    assert_true(tz_set("UTC"));
    free_model(&m);
    db_rows_free(&rows);
}

static void test_conflicts_and_lanes(void **state)
{
    (void)state;
    static const char *const r[][6] = {
        /* master A: 10:00-11:00 (end_ts) overlaps 10:30 (60 min service) */
        {"a1", "2026-05-14 10:00:00", "2026-05-14 11:00:00", NULL, "A", "CONFIRMED"},
        {"a2", "2026-05-14 10:30:00", NULL, "60", "A", "PENDING_PAYMENT"},
        /* master B at the same time: no conflict with A */
        {"b1", "2026-05-14 10:00:00", NULL, "45", "B", "CONFIRMED"},
        /* master A again, right after a2 ends: touching is not overlapping */
        {"a3", "2026-05-14 11:30:00", NULL, "30", "A", "CONFIRMED"},
        /* a cancelled booking over a3 is no conflict */
        {"a4", "2026-05-14 11:30:00", NULL, "30", "A", "CANCELLED"},
        /* no master: never a conflict */
        {"n1", "2026-05-14 11:30:00", NULL, NULL, NULL, "RESCHEDULED"},
    };
    struct DbRows *rows = period_rows(6, r);
    struct BookingsModel m;
    memset(&m, 0, sizeof m);
    m.show_cancelled = true;
    m.salon_id = xstrdup("s1"); /* one salon: columns are masters or side-by-side lanes */
    assert_true(tz_set("UTC"));
    bookings_build_items(&m, rows);
    assert_int_equal(m.nitems, 6);
    /* Sorted by start: a1, b1 (10:00), a2 (10:30), a3, a4, n1 (11:30). */
    const char *order[] = {"a1", "b1", "a2", "a3", "a4", "n1"};
    bool want[] = {true, false, true, false, false, false};
    for (int i = 0; i < 6; i++) {
        assert_string_equal(m.items[i].id, order[i]);
        assert_int_equal(m.items[i].conflict, want[i]);
    }
    /* Unknown statuses stay as the server has them. */
    assert_string_equal(m.items[2].status, "PENDING_PAYMENT");
    assert_int_equal(bookings_status_class("RESCHEDULED"), 4);
    /* One salon without a masters list: a column per master_id the bookings name (A, B, and
     * no master), and one master's overlapping bookings side by side in it. */
    assert_int_equal(m.nlanes, 3);
    assert_int_equal(m.items[0].lane, 0); /* a1 */
    assert_int_equal(m.items[1].lane, 1); /* b1 */
    assert_int_equal(m.items[2].lane, 0); /* a2 */
    assert_int_equal(m.items[5].lane, 2); /* n1 */
    assert_int_equal(m.items[0].sub, 0);
    assert_int_equal(m.items[2].sub, 1); /* a2 overlaps a1 */
    assert_int_equal(m.items[3].sub, 0); /* a3 at 11:30: a1 is over (a2 is not: lane 1) */
    assert_int_equal(m.items[4].sub, 1); /* the cancelled a4: placed after the active ones */
    assert_int_equal(m.items[0].nsub, 2);
    assert_int_equal(m.items[1].nsub, 1);

    /* Hiding cancelled and no-show; then one master only; then one service. */
    m.show_cancelled = false;
    bookings_build_items(&m, rows);
    assert_int_equal(m.nitems, 5);
    assert_int_equal(m.ntotal, 6);
    m.master_filter = xstrdup("B");
    bookings_build_items(&m, rows);
    assert_int_equal(m.nitems, 1);
    assert_string_equal(m.items[0].id, "b1");
    XFREE(m.master_filter);
    m.service_filter = xstrdup("Corte");
    bookings_build_items(&m, rows);
    for (int i = 0; i < m.nitems; i++)
        assert_string_equal(m.items[i].service, "Corte");
    free_model(&m);
    db_rows_free(&rows);
}

/* The text variant's 13:30 pair: a CANCELLED booking never takes the lane of a CONFIRMED one
 * of the same master, whatever the order of the rows. */
static void test_cancelled_never_covers(void **state)
{
    (void)state;
    static const char *const r[][6] = {
        {"x", "2026-05-14 13:30:00", "2026-05-14 14:00:00", NULL, "A", "CANCELLED"},
        {"c", "2026-05-14 13:30:00", "2026-05-14 14:30:00", NULL, "A", "CONFIRMED"},
        {"n", "2026-05-14 13:40:00", "2026-05-14 13:50:00", NULL, "A", "NO_SHOW"},
    };
    struct DbRows *rows = period_rows(3, r);
    struct BookingsModel m;
    memset(&m, 0, sizeof m);
    m.show_cancelled = true;
    m.salon_id = xstrdup("s1");
    assert_true(tz_set("UTC"));
    bookings_build_items(&m, rows);
    assert_int_equal(m.nitems, 3);
    for (int i = 0; i < 3; i++) {
        if (strcmp(m.items[i].id, "c") == 0)
            assert_int_equal(m.items[i].sub, 0);
        else
            assert_true(m.items[i].sub > 0);
        assert_int_equal(m.items[i].nsub, 3);
        assert_int_equal(m.items[i].end_src, BK_END_RECORDED);
    }
    free_model(&m);
    db_rows_free(&rows);
}

/* 23:30 to 01:00: an item on each day, the second from midnight, both marked +1; the end is
 * assumed ("~") where no end_ts is recorded. */
static void test_across_midnight(void **state)
{
    (void)state;
    static const char *const r[][6] = {
        {"late", "2026-05-14 23:30:00", "2026-05-15 01:00:00", NULL, NULL, "CONFIRMED"},
        {"svc", "2026-05-15 10:00:00", NULL, "45", NULL, "CONFIRMED"},
        {"slot", "2026-05-15 11:00:00", NULL, NULL, NULL, "CONFIRMED"},
        {"before", "2026-05-13 23:00:00", "2026-05-13 23:30:00", NULL, NULL, "CONFIRMED"},
    };
    struct DbRows *rows = period_rows(4, r);
    struct BookingsModel m;
    memset(&m, 0, sizeof m);
    m.show_cancelled = true;
    m.salon_id = xstrdup("s1");
    assert_true(tz_set("UTC"));
    /* The week of the 11th: both days are in it. */
    m.from = (struct CalDate){2026, 5, 11};
    m.to = (struct CalDate){2026, 5, 18};
    bookings_build_items(&m, rows);
    int first;
    struct CalDate d14 = {2026, 5, 14}, d15 = {2026, 5, 15};
    assert_int_equal(bookings_day_items(&m, d14, &first), 1);
    assert_string_equal(m.items[first].id, "late");
    assert_false(m.items[first].cont);
    assert_int_equal(m.items[first].end_days, 1);
    assert_int_equal(bookings_day_items(&m, d15, &first), 3);
    assert_string_equal(m.items[first].id, "late");
    assert_true(m.items[first].cont);
    assert_false(bookings_item_counts(&m, &m.items[first])); /* counted on the 14th */
    char buf[48];
    bookings_format_range(&m.items[first], buf, sizeof buf);
    assert_string_equal(buf, "23:30–01:00+1");
    bookings_format_range(&m.items[first + 1], buf, sizeof buf);
    assert_string_equal(buf, "10:00–~10:45");
    assert_int_equal(m.items[first + 1].end_src, BK_END_SERVICE);
    assert_int_equal(m.items[first + 2].end_src, BK_END_SLOT);
    assert_int_equal(m.ntotal, 4);
    /* The day view of the 15th: the row of the day before is in it, from midnight. */
    m.from = d15;
    m.to = (struct CalDate){2026, 5, 16};
    bookings_build_items(&m, rows);
    assert_int_equal(m.nitems, 3);
    assert_true(m.items[0].cont);
    assert_false(bookings_item_counts(&m, &m.items[0])); /* a booking of the 14th */
    assert_int_equal(m.items[0].vstart, m.items[0].vend - 3600);
    assert_int_equal(m.ntotal, 2); /* bookings that start on the 15th */
    free_model(&m);
    db_rows_free(&rows);
}

/* A schema with bookings (v2 columns when v2) readable, salons readable. */
/* Free slots of the anchor day per master, in the assumed 09:00-20:00: a cancelled or no-show
 * booking (in any case) takes no time, an unknown status does, and a booking of another day or
 * one that ends on the slot's start does not touch it. */
static void test_free_slots(void **state)
{
    (void)state;
    static const char *const r[][6] = {
        {"a1", "2026-05-14 09:00:00", "2026-05-14 10:00:00", NULL, "A", "CONFIRMED"},
        {"a2", "2026-05-14 11:00:00", "2026-05-14 11:30:00", NULL, "A", "cancelled"},
        {"a3", "2026-05-14 12:00:00", NULL, NULL, "A", "No_Show"},
        {"a4", "2026-05-14 13:00:00", NULL, "45", "A", "PENDING_PAYMENT"},
        {"b1", "2026-05-14 19:30:00", "2026-05-14 20:00:00", NULL, "B", "no_show"},
        {"b2", "2026-05-15 10:00:00", "2026-05-15 11:00:00", NULL, "B", "CONFIRMED"},
    };
    struct DbRows *rows = period_rows(6, r);
    struct BookingsModel m;
    memset(&m, 0, sizeof m);
    m.salon_id = xstrdup("s1");
    m.anchor = (struct CalDate){2026, 5, 14};
    assert_true(tz_set("UTC"));
    bookings_build_items(&m, rows);
    assert_true(m.hours_assumed);
    assert_true(m.free_by_master);
    assert_int_equal(m.nfree, 2);
    const struct BkFree *a = strcmp(m.free[0].name, "A") == 0 ? &m.free[0] : &m.free[1];
    const struct BkFree *b = a == &m.free[0] ? &m.free[1] : &m.free[0];
    assert_string_equal(b->name, "B");
    assert_int_equal(b->nslots, 22); /* 09:00 ... 19:30 */
    assert_int_equal(b->slot[0], 9 * 60);
    assert_int_equal(b->slot[21], 19 * 60 + 30);
    static const short want[] = {600, 630, 660, 690,  720,  750,  840,  870,  900,
                                 930, 960, 990, 1020, 1050, 1080, 1110, 1140, 1170};
    assert_int_equal(a->nslots, (int)(sizeof want / sizeof want[0]));
    for (int i = 0; i < a->nslots; i++)
        assert_int_equal(a->slot[i], want[i]);
    assert_true(bookings_status_frees_time("Cancelled"));
    assert_false(bookings_status_frees_time("CONFIRMED"));
    assert_false(bookings_status_frees_time(""));
    free_model(&m);
    db_rows_free(&rows);
}

/* Working hours and a slot length the salon records: the free list keeps to them. */
static void test_recorded_hours(void **state)
{
    (void)state;
    assert_int_equal(bookings_parse_hour("09:30:00"), 570);
    assert_int_equal(bookings_parse_hour("9"), 540);
    assert_int_equal(bookings_parse_hour("24:00"), 1440);
    assert_int_equal(bookings_parse_hour("25:00"), -1);
    assert_int_equal(bookings_parse_hour("x"), -1);
    assert_int_equal(bookings_parse_hour(NULL), -1);
    static const char *const r[][6] = {
        {"a1", "2026-05-14 11:00:00", "2026-05-14 12:00:00", NULL, "A", "CONFIRMED"},
    };
    struct DbRows *rows = period_rows(1, r);
    struct BookingsModel m;
    memset(&m, 0, sizeof m);
    m.salon_id = xstrdup("s1");
    m.anchor = (struct CalDate){2026, 5, 14};
    m.rec_start = 600;
    m.rec_end = 840;
    m.slot_min = 60;
    assert_true(tz_set("UTC"));
    bookings_build_items(&m, rows);
    assert_false(m.hours_assumed);
    assert_int_equal(m.nfree, 1);
    assert_int_equal(m.free[0].nslots, 3);
    assert_int_equal(m.free[0].slot[0], 600);
    assert_int_equal(m.free[0].slot[1], 720);
    assert_int_equal(m.free[0].slot[2], 780);
    assert_true(bookings_in_hours(&m, 600));
    assert_false(bookings_in_hours(&m, 840));
    free_model(&m);
    db_rows_free(&rows);
}

/* No salon chosen and no masters: a free line per salon, as the day's columns. */
static void test_free_per_salon(void **state)
{
    (void)state;
    static const char *const r[][6] = {
        {"a", "2026-05-14 09:00:00", NULL, NULL, NULL, "CONFIRMED"},
        {"b", "2026-05-14 10:00:00", NULL, NULL, NULL, "CONFIRMED"},
    };
    struct DbRows *rows = period_rows(2, r);
    free(rows->cells[BK__NCOLS + BK_SALON_ID]);
    rows->cells[BK__NCOLS + BK_SALON_ID] = xstrdup("s2");
    rows->cells[BK_SALON] = xstrdup("Salon One");
    rows->cells[BK__NCOLS + BK_SALON] = xstrdup("Salon Two");
    struct BookingsModel m;
    memset(&m, 0, sizeof m);
    m.anchor = (struct CalDate){2026, 5, 14};
    assert_true(tz_set("UTC"));
    bookings_build_items(&m, rows);
    assert_false(m.free_by_master);
    assert_int_equal(m.nfree, 2);
    assert_string_equal(m.free[0].name, "Salon One");
    assert_int_equal(m.free[0].slot[0], 9 * 60 + 30);
    assert_string_equal(m.free[1].name, "Salon Two");
    assert_int_equal(m.free[1].slot[2], 10 * 60 + 30);
    free_model(&m);
    db_rows_free(&rows);
}

/* :find's pattern: each letter a class of every letter fold.c folds to it, as \u escapes only,
 * so no character of the text is read by the server's regex parser. */
static void test_fold_regex(void **state)
{
    (void)state;
    char *r = bookings_fold_regex("Zö.");
    assert_non_null(strstr(r, "\\u007A"));
    assert_non_null(strstr(r, "\\u005A"));
    assert_non_null(strstr(r, "\\u00F6"));
    assert_non_null(strstr(r, "\\u00D6"));
    assert_non_null(strstr(r, "[\\u002E]"));
    assert_null(strchr(r, 'Z'));
    free(r);
    r = bookings_fold_regex("ı"); /* dotless i: I, İ and i are the same letter */
    assert_non_null(strstr(r, "\\u0069"));
    assert_non_null(strstr(r, "\\u0049"));
    assert_non_null(strstr(r, "\\u0130"));
    free(r);
}

static void load_schema(struct Schema *s, bool v2)
{
    memset(s, 0, sizeof *s);
    static const char *const info_names[] = {"u", "d", "s", "v", "n", "su", "mon", "rls"};
    static const char *const info[] = {
        "sd_dba", "whatsapp_saas", "public", "15.18", "150018", "f", "t", "f"};
    struct DbRows *r = db_rows_new(1, 8);
    for (int c = 0; c < 8; c++) {
        r->names[c] = xstrdup(info_names[c]);
        r->cells[c] = xstrdup(info[c]);
    }
    schema_set_info(s, r);
    db_rows_free(&r);
    static const char *const cols[][3] = {
        {"salons", "id", "text"},
        {"salons", "name", "text"},
        {"bookings", "id", "text"},
        {"bookings", "salon_id", "text"},
        {"bookings", "start_ts", "timestamp without time zone"},
        {"bookings", "customer_name", "text"},
        {"bookings", "customer_phone", "text"},
        {"bookings", "booking_code", "text"},
        {"bookings", "service", "text"},
        {"bookings", "status", "text"},
        {"bookings", "metadata", "jsonb"},
        {"bookings", "end_ts", "timestamp without time zone"},
        {"bookings", "master_id", "text"},
        {"bookings", "service_id", "text"},
        {"masters", "id", "text"},
        {"masters", "name", "text"},
        {"masters", "salon_id", "text"},
        {"services", "id", "text"},
        {"services", "name", "text"},
        {"services", "duration_min", "integer"},
    };
    int n = v2 ? 20 : 11;
    r = db_rows_new(n, 6);
    static const char *const names[] = {"t", "c", "type", "enum", "tsel", "csel"};
    for (int c = 0; c < 6; c++)
        r->names[c] = xstrdup(names[c]);
    for (int i = 0; i < n; i++) {
        char **cell = r->cells + i * 6;
        cell[0] = xstrdup(cols[i][0]);
        cell[1] = xstrdup(cols[i][1]);
        cell[2] = xstrdup(cols[i][2]);
        cell[3] = xstrdup("f");
        cell[4] = xstrdup("t");
        cell[5] = xstrdup("t");
    }
    schema_set_columns(s, r);
    db_rows_free(&r);
}

static void test_sql(void **state)
{
    (void)state;
    struct Schema s;
    struct Query q;
    const char *hostile = "x'; DROP TABLE bookings; --";
    for (int v2 = 0; v2 < 2; v2++) {
        load_schema(&s, v2);
        assert_null(bookings_sql_noaccess(&s));
        assert_true(
            bookings_sql_period(&s, hostile, "2026-05-14 00:00:00", "2026-05-15 00:00:00", &q));
        assert_null(strstr(q.sql, "DROP"));
        assert_null(strstr(q.sql, "*"));
        assert_int_equal(q.nparams, 3);
        assert_string_equal(q.params[2], hostile);
        assert_non_null(strstr(q.sql, "b.\"salon_id\" = $3"));
        assert_non_null(strstr(q.sql, "::text AS status"));
        assert_int_equal(strstr(q.sql, "masters") != NULL, v2);
        assert_int_equal(strstr(q.sql, "end_ts") != NULL, v2);
        query_free(&q);
        free(q.sql);

        assert_true(bookings_sql_search(&s, "s1", "50%_off\\", "2026-05-14 00:00:00", &q));
        assert_string_equal(q.params[0], "%50\\%\\_off\\\\%");
        assert_null(strstr(q.sql, "_off"));
        query_free(&q);

        assert_true(bookings_sql_detail(&s, hostile, &q));
        assert_non_null(strstr(q.sql, "jsonb_pretty(b.\"metadata\"::jsonb)"));
        assert_null(strstr(q.sql, "DROP"));
        query_free(&q);
        schema_clear(&s);
    }
}

/* The / filter's words, as the issue writes them: status:no_show master:anna, free words. */
static void test_field_filter(void **state)
{
    (void)state;
    struct BkItem a = {.code = "BK-1",
                       .customer = "Ana Gonçalves",
                       .phone = "351900000001",
                       .service = "Manicure",
                       .master = "Anna",
                       .status = "NO_SHOW"};
    struct BkItem b = {.code = "BK-2",
                       .customer = "Дарья",
                       .phone = "79001234567",
                       .service = "Стрижка",
                       .master = NULL,
                       .status = "CONFIRMED"};
    static const struct {
        const char *filter;
        bool a, b;
    } cases[] = {
        {"status:no_show master:anna", true, false},
        {"status:no_show master:boris", false, false},
        {"-status:no_show", false, true},
        {"phone:+7900", false, true}, /* numbers are stored without the plus */
        {"service:manic code:bk-1", true, false},
        {"customer:Дарья", false, true},
        {"name:ana", true, false},
        {"master:", true, false}, /* any master set */
        {"anna", true, false},    /* free words look in every field */
        {"-anna", false, true},
        {"ДАРЬЯ", false, true}, /* folded in every script */
        {"customer:дарья", false, true},
        {"стрижка +7900", false, true},
        {"bk- -no_show", false, true},
        {"", true, true},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        if (bookings_item_matches(&a, cases[i].filter) != cases[i].a ||
            bookings_item_matches(&b, cases[i].filter) != cases[i].b)
            fail_msg("filter '%s'", cases[i].filter);
    }
    assert_true(bookings_is_field_word("status:x"));
    assert_true(bookings_is_field_word("-Master:x"));
    assert_false(bookings_is_field_word("today"));
    assert_false(bookings_is_field_word("statusx:y"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_day_in_zone),         cmocka_unit_test(test_field_filter),
        cmocka_unit_test(test_conflicts_and_lanes), cmocka_unit_test(test_cancelled_never_covers),
        cmocka_unit_test(test_across_midnight),     cmocka_unit_test(test_free_slots),
        cmocka_unit_test(test_recorded_hours),      cmocka_unit_test(test_free_per_salon),
        cmocka_unit_test(test_fold_regex),          cmocka_unit_test(test_sql),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
