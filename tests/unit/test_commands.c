/* The ':' command line and completion, without a server: good and bad input. */
#include "config.h"

#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "src/app.h"
#include "src/util/text.h"
#include "src/util/xalloc.h"

static struct App app;

static int setup(void **state)
{
    (void)state;
    memset(&app, 0, sizeof app);
    for (int v = 0; v < VIEW__COUNT; v++) {
        app.models[v] = &table_tab_model;
        td_init(&app.views[v]);
    }
    app.refresh_ms = 2000;
    config_defaults(&app.cfg);
    /* A salon list as the server would give it. */
    struct DbRows *r = db_rows_new(3, 2);
    r->names[0] = xstrdup("id");
    r->names[1] = xstrdup("name");
    const char *cells[] = {"s1", "Salão Beleza Pura", "s2", "Salon Ana", "s3", "Барбершоп"};
    for (int i = 0; i < 6; i++)
        r->cells[i] = xstrdup(cells[i]);
    td_set_rows(&app.views[VIEW_SALONS], &r, 0, 0);
    setenv("XDG_STATE_HOME", "/tmp/sd-test-commands-state", 1);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    for (int v = 0; v < VIEW__COUNT; v++)
        td_free(&app.views[v]);
    config_free(&app.cfg);
    free(app.message);
    return 0;
}

static void expect_message(const char *line, const char *part)
{
    XFREE(app.message);
    app_command(&app, line);
    if (!app.message || !strstr(app.message, part))
        fail_msg(":%s: message '%s', wanted '%s'", line, app.message ? app.message : "(none)",
                 part);
}

static void test_good_commands(void **state)
{
    (void)state;
    app_command(&app, "tab health");
    assert_int_equal(app.tab, VIEW_HEALTH);
    app_command(&app, "  tab   2  "); /* spaces around are fine; a number is a tab */
    assert_int_equal(app.tab, VIEW_BOOKINGS);
    app_command(&app, "refresh 0.5");
    assert_int_equal(app.refresh_ms, 500);
    app_command(&app, "help");
    assert_true(app.show_help);
    app_command(&app, "quit");
    assert_true(app.quit);
    app.quit = false;
}

/* A refresh waits its interval, or nine times as long as the query took when that is more: the
 * server is busy with the console at most a tenth of the time. */
static void test_refresh_share(void **state)
{
    (void)state;
    app.refresh_ms = 2000;
    assert_int_equal(app_next_refresh(&app, 1000, 3.0), 3000);
    assert_int_equal(app_next_refresh(&app, 1000, 222.0), 3000);
    assert_int_equal(app_next_refresh(&app, 1000, 1600.0), 1000 + 14400);
    app_command(&app, "refresh 0.5");
    assert_int_equal(app_next_refresh(&app, 0, 100.0), 900);
    app.refresh_ms = 2000;
}

static void test_bad_commands(void **state)
{
    (void)state;
    int refresh = app.refresh_ms;
    enum ViewId tab = app.tab;
    expect_message("frobnicate", "unknown command :frobnicate");
    expect_message("tab nosuch", "expected salons, bookings, threads or health");
    expect_message("refresh 0", "expected seconds");
    expect_message("refresh soon", "expected seconds");
    expect_message("refresh", "expected seconds");
    expect_message("export xml out.x", "expected csv or json");
    expect_message("export csv", "expected csv or json and a file");
    expect_message("theme", "expected a name");
    expect_message("connect nosuch", "no profile named 'nosuch'");
    expect_message("salon nobody", "no single salon matches 'nobody'");
    expect_message("salon sal", "no single salon matches"); /* two do */
    /* Nothing else changed. */
    assert_int_equal(app.refresh_ms, refresh);
    assert_int_equal(app.tab, tab);
    assert_false(app.quit);
    app_command(&app, ""); /* an empty line is nothing */
    app_command(&app, "   ");
    assert_false(app.quit);
}

static void expect_completion(char **(*fn)(struct App *, const char *), const char *line,
                              const char *const *want)
{
    char **got = fn(&app, line);
    size_t n = 0;
    while (want[n])
        n++;
    for (size_t i = 0; i < n; i++) {
        if (!got || !got[i] || strcmp(got[i], want[i]) != 0)
            fail_msg("completing '%s': #%zu is '%s', wanted '%s'", line, i,
                     got && got[i] ? got[i] : "(none)", want[i]);
    }
    if (got && got[n])
        fail_msg("completing '%s': unexpected '%s'", line, got[n]);
    for (size_t i = 0; got && got[i]; i++)
        free(got[i]);
    free(got);
}

static void test_completion(void **state)
{
    (void)state;
    static const char *const sal[] = {"salon ", NULL};
    static const char *const t[] = {"tab ", "theme ", "terminate ", NULL};
    static const char *const names[] = {"salon Salão Beleza Pura", "salon Salon Ana", NULL};
    static const char *const cyr[] = {"salon Барбершоп", NULL};
    static const char *const themes[] = {"theme light", NULL};
    static const char *const none[] = {NULL};
    expect_completion(app_complete, "sal", sal);
    expect_completion(app_complete, "t", t);
    expect_completion(app_complete, "salon sal", names);
    expect_completion(app_complete, "salon Бар", cyr);
    expect_completion(app_complete, "theme l", themes);
    expect_completion(app_complete, "xyz", none);

    app.tab = VIEW_SALONS;
    static const char *const field[] = {"active na", "active name:", NULL};
    static const char *const negf[] = {"-name:", NULL};
    expect_completion(app_complete_filter, "active na", field + 1);
    expect_completion(app_complete_filter, "-na", negf);
    expect_completion(app_complete_filter, "name:Sa", none); /* the value is the user's */
    app.tab = VIEW_BOOKINGS;
    static const char *const st[] = {"status:", NULL};
    expect_completion(app_complete_filter, "sta", st);
}

/* A tab model that records what it was told to open. */
static char *opened[VIEW__COUNT];
static int nopened[VIEW__COUNT];

static void rec_open(struct App *a, enum ViewId v, const char *salon_id, const char *key)
{
    (void)a;
    (void)key;
    free(opened[v]);
    opened[v] = salon_id ? xstrdup(salon_id) : NULL;
    nopened[v]++;
}

/* :salon NAME opens that salon's calendar; :salon *, :salon all and :salon go back to every
 * salon in Bookings and in Threads, on the tab on screen when it is one of them. */
static void test_salon_all(void **state)
{
    (void)state;
    struct TabModel rec = table_tab_model;
    rec.open = rec_open;
    app.models[VIEW_BOOKINGS] = app.models[VIEW_THREADS] = &rec;
    app.tab = VIEW_SALONS;
    app_command(&app, "salon Salon Ana");
    assert_int_equal(app.tab, VIEW_BOOKINGS);
    assert_string_equal(opened[VIEW_BOOKINGS], "s2");
    static const char *const all[] = {"salon *", "salon all", "salon ALL", "salon"};
    for (size_t i = 0; i < sizeof all / sizeof *all; i++) {
        memset(nopened, 0, sizeof nopened);
        app.tab = i % 2 ? VIEW_THREADS : VIEW_BOOKINGS;
        enum ViewId tab = app.tab;
        expect_message(all[i], "all salons");
        assert_int_equal(app.tab, tab);
        assert_int_equal(nopened[VIEW_BOOKINGS], 1);
        assert_int_equal(nopened[VIEW_THREADS], 1);
        assert_null(opened[VIEW_BOOKINGS]);
        assert_null(opened[VIEW_THREADS]);
    }
    app.models[VIEW_BOOKINGS] = app.models[VIEW_THREADS] = &table_tab_model;
    for (int v = 0; v < VIEW__COUNT; v++)
        XFREE(opened[v]);
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    text_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_good_commands), cmocka_unit_test(test_bad_commands),
        cmocka_unit_test(test_refresh_share), cmocka_unit_test(test_completion),
        cmocka_unit_test(test_salon_all),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
