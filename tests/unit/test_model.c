/* Models, schema discovery, query building and batch output, with plain rows: no server. */
#include "config.h"

#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "src/batch.h"
#include "src/model/tabledata.h"
#include "src/queries/queries.h"
#include "src/schema.h"
#include "src/util/str.h"
#include "src/util/text.h"
#include "src/util/tz.h"
#include "src/util/xalloc.h"
#include "tests/unit/rows_util.h"

static void test_filter_and_stale(void **state)
{
    (void)state;
    static const char *const names[] = {"name", "phone", NULL};
    static const char *const cells[] = {"Beauté Lisboa", "+351", "Салон Анна",
                                        "+7999",         "Glow", "\1"};
    struct TableData td;
    td_init(&td);
    struct DbRows *rows = make_rows(3, names, cells);
    td_set_rows(&td, &rows, 1.5, 100);
    assert_null(rows);
    assert_int_equal(td.nvisible, 3);
    unsigned v = td.version;

    td_set_filter(&td, "+7");
    assert_int_equal(td.nvisible, 1);
    assert_int_equal(td_visible_row(&td, 0), 1);
    assert_true(td.version != v);
    td_set_filter(&td, "GLOW"); /* case-insensitive */
    assert_int_equal(td.nvisible, 1);
    td_set_filter(&td, "nothing like it");
    assert_int_equal(td.nvisible, 0);
    assert_int_equal(td_visible_row(&td, 0), -1);
    td_set_filter(&td, "");
    assert_int_equal(td.nvisible, 3);

    /* A lost connection keeps the rows and marks them stale; new rows clear it. */
    td_set_error(&td, "server closed the connection", true);
    assert_true(td.stale);
    assert_null(td.error);
    assert_non_null(td.rows);
    td_set_error(&td, "permission denied", false);
    assert_string_equal(td.error, "permission denied");
    rows = make_rows(1, names, cells);
    td_set_rows(&td, &rows, 2.0, 200);
    assert_false(td.stale);
    assert_null(td.error);
    td_free(&td);
}

/* The filter's words: spaces apart, however many; a word longer than the buffer is cut. */
static void test_next_word(void **state)
{
    (void)state;
    char w[6];
    const char *p = "  status:x   -ana b ";
    assert_true(str_next_word(&p, w, sizeof w));
    assert_string_equal(w, "statu");
    assert_true(str_next_word(&p, w, sizeof w));
    assert_string_equal(w, "-ana");
    assert_true(str_next_word(&p, w, sizeof w));
    assert_string_equal(w, "b");
    assert_false(str_next_word(&p, w, sizeof w));
    p = NULL;
    assert_false(str_next_word(&p, w, sizeof w));
    p = "   ";
    assert_false(str_next_word(&p, w, sizeof w));
}

static void test_filter_language(void **state)
{
    (void)state;
    static const char *const names[] = {"pid", "user", "application", "state", "query", NULL};
    static const char *const cells[] = {
        "10",
        "app",
        "web",
        "active",
        "select 1", /* 0 */
        "11",
        "postgres",
        "salondesk",
        "active",
        "select * from t", /* 1 */
        "12",
        "app",
        "worker",
        "idle",
        "", /* 2 */
        "13",
        "sd_dba",
        "\1",
        "idle in transaction",
        "update bookings", /* 3 */
    };
    struct TableData td;
    td_init(&td);
    struct DbRows *rows = make_rows(4, names, cells);
    td_set_rows(&td, &rows, 0, 0);
    struct {
        const char *filter;
        int n;
        int first;
    } cases[] = {
        {"state:active user:app", 1, 0}, /* both words, each in its column */
        {"state:idle", 2, 2},            /* "idle in transaction" contains idle */
        {"STATE:IDLE -transaction", 1, 2},
        {"app:salondesk", 1, 1}, /* "app" is the only column starting so */
        {"application:", 1, 3},  /* an empty column */
        {"app", 2, 0},           /* plain word: any column */
        {"bookings update", 1, 3},
        {"nosuchcolumn:x", 0, -1}, /* a word no column holds */
        {"-idle", 2, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        td_set_filter(&td, cases[i].filter);
        if (td.nvisible != cases[i].n || td_visible_row(&td, 0) != cases[i].first)
            fail_msg("filter '%s': %d rows, first %d", cases[i].filter, td.nvisible,
                     td_visible_row(&td, 0));
    }
    td_free(&td);
}

static void test_sort_and_hide(void **state)
{
    (void)state;
    static const char *const names[] = {"name", "active", "today", NULL};
    static const char *const cells[] = {"b", "t", "10", "a", "f", "9",
                                        "c", "t", "\1", "d", "t", "100"};
    struct TableData td;
    td_init(&td);
    struct DbRows *rows = make_rows(4, names, cells);
    td_set_rows(&td, &rows, 0, 0);
    /* Numbers sort as numbers (9 < 10 < 100), NULL last. */
    td_set_sort(&td, 2, false);
    assert_int_equal(td_visible_row(&td, 0), 1);
    assert_int_equal(td_visible_row(&td, 1), 0);
    assert_int_equal(td_visible_row(&td, 2), 3);
    assert_int_equal(td_visible_row(&td, 3), 2);
    td_set_sort(&td, 2, true);
    assert_int_equal(td_visible_row(&td, 0), 3);
    assert_int_equal(td_visible_row(&td, 3), 2); /* NULL still last */
    /* Hiding inactive rows keeps the sort; a refresh keeps both. */
    td_set_hide(&td, "active", "f");
    assert_int_equal(td.nvisible, 3);
    rows = make_rows(4, names, cells);
    td_set_rows(&td, &rows, 0, 0);
    assert_int_equal(td.nvisible, 3);
    assert_int_equal(td_visible_row(&td, 0), 3);
    td_set_sort(&td, -1, false);
    td_set_hide(&td, NULL, NULL);
    assert_int_equal(td_visible_row(&td, 0), 0);
    assert_int_equal(td.nvisible, 4);
    td_free(&td);
}

static void test_utc_columns_follow_display_zone(void **state)
{
    (void)state;
    static const char *const names[] = {"start_utc", NULL};
    static const char *const cells[] = {"2026-03-29 01:30:00.000", "\1"};
    struct TableData td;
    td_init(&td);

    assert_true(tz_set("Europe/Moscow"));
    struct DbRows *rows = make_rows(2, names, cells);
    td_set_rows(&td, &rows, 0, 0);
    assert_string_equal(td.rows->names[0], "start");
    assert_string_equal(db_rows_get(td.rows, 0, 0), "2026-03-29 04:30");
    assert_null(db_rows_get(td.rows, 1, 0));

    /* Lisbon moves to summer time at 01:00 UTC that night: 01:30 UTC is 02:30 WEST. */
    assert_true(tz_set("Europe/Lisbon"));
    rows = make_rows(1, names, cells);
    td_set_rows(&td, &rows, 0, 0);
    assert_string_equal(db_rows_get(td.rows, 0, 0), "2026-03-29 02:30");

    assert_true(tz_set("America/New_York"));
    rows = make_rows(1, names, cells);
    td_set_rows(&td, &rows, 0, 0);
    assert_string_equal(db_rows_get(td.rows, 0, 0), "2026-03-28 21:30");

    assert_false(tz_set("Not/AZone"));
    assert_false(tz_set("garbage"));
    td_free(&td);
}

static void test_day_start_across_dst(void **state)
{
    (void)state;
    assert_true(tz_set("Europe/Lisbon"));
    time_t noon;
    assert_true(tz_parse_utc("2026-03-29 12:00:00", &noon));
    char buf[32];
    /* Lisbon's 29 March starts at 00:00 WET = 00:00 UTC; the next day at 00:00 WEST = 23:00 UTC. */
    tz_format_utc(tz_day_start(noon, 0), buf, sizeof buf);
    assert_string_equal(buf, "2026-03-29 00:00:00");
    tz_format_utc(tz_day_start(noon, 1), buf, sizeof buf);
    assert_string_equal(buf, "2026-03-29 23:00:00");
    assert_true(tz_set("UTC"));
}

/* A schema as discovery would report it. */
static void load_schema(struct Schema *s, bool with_bookings, bool token_readable)
{
    static const char *const info_names[] = {"u", "d", "s", "v", "n", "su", "mon", "rls", NULL};
    static const char *const info[] = {
        "sd_support", "whatsapp_saas", "public", "15.18", "150018", "f", "f", "f"};
    memset(s, 0, sizeof *s);
    struct DbRows *r = make_rows(1, info_names, info);
    schema_set_info(s, r);
    db_rows_free(&r);
    static const char *const col_names[] = {"t", "c", "type", "enum", "tsel", "csel", NULL};
    const char *cells[] = {
        "salons",
        "id",
        "text",
        "f",
        "f",
        "t",
        "salons",
        "name",
        "text",
        "f",
        "f",
        "t",
        "salons",
        "access_token",
        "text",
        "f",
        "f",
        token_readable ? "t" : "f",
        "bookings",
        "salon_id",
        "text",
        "f",
        "t",
        "t",
        "bookings",
        "start_ts",
        "timestamp(3) without time zone",
        "f",
        "t",
        "t",
        "bookings",
        "status",
        "\"BookingStatus\"",
        "t",
        "t",
        "t",
    };
    r = make_rows(with_bookings ? 6 : 3, col_names, cells);
    schema_set_columns(s, r);
    db_rows_free(&r);
}

static void test_schema_discovery(void **state)
{
    (void)state;
    struct Schema s;
    load_schema(&s, true, false);
    assert_string_equal(s.user, "sd_support");
    assert_int_equal(s.server_version_num, 150018);
    assert_int_equal(s.ntables, 2);
    assert_true(schema_can_read(&s, "salons", "name"));
    assert_false(schema_can_read(&s, "salons", "access_token"));
    assert_false(schema_can_read(&s, "salons", NULL)); /* only column grants */
    assert_true(schema_column(schema_table(&s, "bookings"), "status")->is_enum);
    assert_false(schema_can_read(&s, "masters", "name"));
    schema_clear(&s);
}

/* A second query's figures fill the rows by key, survive a refresh of the rows, and an error keeps
 * them while it is recorded. */
static void test_extra_columns(void **state)
{
    (void)state;
    static const char *const names[] = {"id", "name", "in_24h", NULL};
    static const char *const cells[] = {"s2", "Ana", "\1", "s1", "Bela", "\1", "s3", "Cor", "\1"};
    static const char *const enames[] = {"id", "in_24h", "nowhere", NULL};
    static const char *const ecells[] = {"s1", "12", "x", "s3", "\1", "y", "s9", "5", "z"};
    struct TableData td;
    td_init(&td);
    struct DbRows *rows = make_rows(3, names, cells);
    td_set_rows(&td, &rows, 0, 0);
    struct DbRows *extra = make_rows(3, enames, ecells);
    td.extra_loading = true;
    td_set_extra(&td, &extra, NULL);
    assert_null(extra);
    assert_false(td.extra_loading);
    assert_null(db_rows_get(td.rows, 0, 2)); /* s2: not in the extra rows */
    assert_string_equal(db_rows_get(td.rows, 1, 2), "12");
    assert_null(db_rows_get(td.rows, 2, 2)); /* s3: NULL there */
    assert_int_equal(td.rows->ncols, 3);     /* "nowhere" has no column to go to */
    /* Sorting by a filled column sees the figures. */
    td_set_sort(&td, 2, true);
    assert_int_equal(td_visible_row(&td, 0), 1);
    /* New rows (the figures are NULL in them) get the last figures at once. */
    rows = make_rows(3, names, cells);
    td_set_rows(&td, &rows, 0, 0);
    assert_string_equal(db_rows_get(td.rows, 1, 2), "12");
    /* A failed second query keeps them and says why. */
    td_set_extra(&td, NULL, "canceling statement due to statement timeout");
    assert_string_equal(td.extra_error, "canceling statement due to statement timeout");
    assert_string_equal(db_rows_get(td.rows, 1, 2), "12");
    extra = make_rows(3, enames, ecells);
    td_set_extra(&td, &extra, NULL);
    assert_null(td.extra_error);
    td_free(&td);
}

static void test_queries_quote_and_degrade(void **state)
{
    (void)state;
    char *q = sql_ident("we\"ird");
    assert_string_equal(q, "\"we\"\"ird\"");
    free(q);

    assert_true(tz_set("UTC"));
    struct Schema s;
    load_schema(&s, false, false);
    struct Query query;
    char *why = NULL;
    /* No bookings or messages table: the counts become NULL, and no parameter is left unused. */
    assert_true(queries_build(VIEW_SALONS, &s, 1700000000, &query, &why));
    assert_non_null(strstr(query.sql, "NULL::bigint AS bookings_today"));
    assert_non_null(strstr(query.sql, "\"public\".\"salons\""));
    assert_null(strstr(query.sql, "access_token"));
    assert_int_equal(query.nparams, 0);
    query_free(&query);

    schema_clear(&s);

    /* No salons table at all (a search_path without the platform's schema): the view explains
     * instead of failing. */
    memset(&s, 0, sizeof s);
    s.schema = xstrdup("other");
    assert_false(queries_build(VIEW_SALONS, &s, 1700000000, &query, &why));
    assert_non_null(strstr(why, "no table salons in schema other"));
    free(why);
    query_free(&query);
    schema_clear(&s);

    load_schema(&s, true, false);
    assert_true(queries_build(VIEW_SALONS, &s, 1700000000, &query, &why));
    /* Today's bounds and the end of the next 7 days, in the display zone; no messages table,
     * so no 24-hour parameter. */
    assert_int_equal(query.nparams, 3);
    assert_non_null(strstr(query.sql, "$1::timestamp"));
    assert_string_equal(query.params[0], "2023-11-14 00:00:00");
    assert_string_equal(query.params[1], "2023-11-15 00:00:00");
    assert_string_equal(query.params[2], "2023-11-21 00:00:00");
    assert_non_null(strstr(query.sql, "NULL::bigint AS in_24h"));
    assert_null(strstr(query.sql, "$4"));
    query_free(&query);
    /* The message counts are a second query, only where messages can be read. */
    assert_false(queries_build_extra(VIEW_SALONS, &s, 1700000000, &query));
    query_free(&query);
    assert_false(queries_build_extra(VIEW_HEALTH, &s, 1700000000, &query));
    query_free(&query);
    schema_clear(&s);
}

static void test_noaccess_names_the_grant(void **state)
{
    (void)state;
    struct Schema s;
    load_schema(&s, true, false);
    /* The role may read no column of salons. */
    for (int i = 0; i < s.ntables; i++)
        if (strcmp(s.tables[i].name, "salons") == 0)
            for (int c = 0; c < s.tables[i].ncols; c++)
                s.tables[i].cols[c].can_select = false;
    struct Query q;
    char *why = NULL;
    assert_false(queries_build(VIEW_SALONS, &s, 0, &q, &why));
    assert_non_null(strstr(why, "GRANT SELECT ON public.salons TO sd_support;"));
    free(why);
    query_free(&q);
    schema_clear(&s);
}

static char *capture(void (*fn)(const struct DbRows *, const int *, int, FILE *),
                     const struct DbRows *r, const int *vis, int n)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    fn(r, vis, n, f);
    fclose(f);
    return buf;
}

static void test_batch_formats(void **state)
{
    (void)state;
    static const char *const names[] = {"name", "note", NULL};
    static const char *const cells[] = {"a,b", "say \"hi\"\nbye", "Ана", "\x1b[2J\xe9", "x", "\1"};
    struct DbRows *r = make_rows(3, names, cells);
    int vis[] = {0, 1, 2};

    char *csv = capture(batch_write_csv, r, vis, 3);
    assert_string_equal(csv, "name,note\r\n"
                             "\"a,b\",\"say \"\"hi\"\"\nbye\"\r\n"
                             "Ана,^[[2J\xef\xbf\xbd\r\n"
                             "x,\r\n");
    free(csv);

    char *json = capture(batch_write_json, r, vis, 3);
    assert_non_null(strstr(json, "{\"name\": \"a,b\", \"note\": \"say \\\"hi\\\"\\nbye\"}"));
    assert_non_null(strstr(json, "\"note\": null"));
    assert_null(strchr(json, '\x1b'));
    free(json);

    char *text = capture(batch_write_text, r, vis, 3);
    assert_null(strchr(text, '\x1b'));
    assert_non_null(strstr(text, "name"));
    free(text);

    db_rows_free(&r);
    assert_null(r);
}

/* JSON keeps the types the server said and the exact text (lossless \u escapes, safe on a
 * terminal); text output formats for people: yes/no, two decimals. */
static void test_batch_types(void **state)
{
    (void)state;
    static const char *const names[] = {"n", "cost", "f", "ok", "s", NULL};
    static const char *const cells[] = {
        "42", "0.9762270", "NaN", "t", "\x1b[2J\xe2\x80\xae\xe9\t\xc2\x9b\xf0\x9f\x91\x8d",
        "-7", "12.5",      "1e3", "f", "\1"};
    struct DbRows *r = make_rows(2, names, cells);
    r->types[0] = DB_INT;
    r->types[1] = DB_NUMERIC;
    r->types[2] = DB_FLOAT;
    r->types[3] = DB_BOOL;
    int vis[] = {0, 1};

    char *json = capture(batch_write_json, r, vis, 2);
    assert_non_null(strstr(json, "{\"n\": 42, \"cost\": 0.9762270, \"f\": \"NaN\", \"ok\": true, "
                                 "\"s\": \"\\u001b[2J\\u202e\\ufffd\\t\\u009b\xf0\x9f\x91\x8d\"}"));
    assert_non_null(
        strstr(json, "{\"n\": -7, \"cost\": 12.5, \"f\": 1e3, \"ok\": false, \"s\": null}"));
    free(json);

    char *text = capture(batch_write_text, r, vis, 2);
    assert_non_null(strstr(text, "42  0.98  NaN  yes"));
    assert_non_null(strstr(text, "-7  12.5  1e3  no"));
    assert_null(strchr(text, '\x1b'));
    free(text);
    db_rows_free(&r);

    char *small = NULL;
    static const char *const n1[] = {"v", NULL};
    static const char *const c1[] = {"0.00123", "-0.001", "3.14159"};
    r = make_rows(3, n1, c1);
    r->types[0] = DB_FLOAT;
    small = db_rows_display(r, 0, 0);
    assert_string_equal(small, "0.0012");
    free(small);
    small = db_rows_display(r, 2, 0);
    assert_string_equal(small, "3.14");
    free(small);
    assert_null(db_rows_display(r, 5, 0));
    db_rows_free(&r);
}

/* Cells a spreadsheet would run as a formula get a leading ' (OWASP); plain numbers, even
 * negative ones, stay numbers; a header is a cell like any other. JSON keeps the exact text. */
static void test_csv_formula_cells(void **state)
{
    (void)state;
    static const char *const names[] = {"=name", "n", NULL};
    static const char *const cells[] = {"=HYPERLINK(\"http://x\",\"y\")",
                                        "-5",
                                        "@SUM(1)",
                                        "-1.5",
                                        "+7",
                                        "-1+2",
                                        "-",
                                        "-.5",
                                        "a=b",
                                        "5-",
                                        "\1",
                                        "12"};
    struct DbRows *r = make_rows(6, names, cells);
    int vis[] = {0, 1, 2, 3, 4, 5};

    char *csv = capture(batch_write_csv, r, vis, 6);
    assert_string_equal(csv, "'=name,n\r\n"
                             "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",-5\r\n"
                             "'@SUM(1),-1.5\r\n"
                             "'+7,'-1+2\r\n"
                             "'-,'-.5\r\n"
                             "a=b,5-\r\n"
                             ",12\r\n");
    free(csv);

    char *json = capture(batch_write_json, r, vis, 6);
    assert_non_null(strstr(json, "\"=name\": \"=HYPERLINK(\\\"http://x\\\",\\\"y\\\")\""));
    assert_non_null(strstr(json, "\"=name\": \"@SUM(1)\""));
    assert_null(strchr(json, '\''));
    free(json);
    db_rows_free(&r);

    static const struct {
        const char *in, *want;
    } cell[] = {
        {"", ""},
        {"\tx", "'\tx"},
        {"\rx", "\"'\rx\""},
        {"-0", "-0"},
        {"-12.25", "-12.25"},
        {"-1.", "'-1."},
        {"-1e3", "'-1e3"},
        {"--5", "'--5"},
        {"@", "'@"},
        {"=1,2", "\"'=1,2\""},
        {" =1", " =1"},
        {"'=x", "'=x"},
    };
    for (size_t i = 0; i < sizeof cell / sizeof cell[0]; i++) {
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        batch_write_csv_cell(cell[i].in, f);
        fclose(f);
        assert_string_equal(buf, cell[i].want);
        free(buf);
    }
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    text_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_filter_and_stale),
        cmocka_unit_test(test_sort_and_hide),
        cmocka_unit_test(test_extra_columns),
        cmocka_unit_test(test_next_word),
        cmocka_unit_test(test_filter_language),
        cmocka_unit_test(test_utc_columns_follow_display_zone),
        cmocka_unit_test(test_day_start_across_dst),
        cmocka_unit_test(test_schema_discovery),
        cmocka_unit_test(test_queries_quote_and_degrade),
        cmocka_unit_test(test_noaccess_names_the_grant),
        cmocka_unit_test(test_batch_formats),
        cmocka_unit_test(test_batch_types),
        cmocka_unit_test(test_csv_formula_cells),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
