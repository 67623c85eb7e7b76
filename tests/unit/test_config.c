/* The config file: defaults, every setting, errors with their exact file:line:column, hostile
 * input, and libpq's ~/.pgpass rule for a file that holds a password (T30). */
#include "config.h"

/* cmocka.h needs these three first */
// clang-format off
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
// clang-format on

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "src/config/config.h"
#include "src/util/str.h"
#include "src/util/xalloc.h"

static char tmpdir[] = "/tmp/sd-test-config-XXXXXX";

static int setup(void **state)
{
    (void)state;
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char *cmd = xasprintf("rm -rf '%s'", tmpdir);
    int rc = system(cmd);
    free(cmd);
    return rc == 0 ? 0 : -1;
}

/* Writes data to tmpdir/name with mode; returns the path (heap). */
static char *write_file(const char *name, const char *data, size_t len, mode_t mode)
{
    char *path = xasprintf("%s/%s", tmpdir, name);
    unlink(path);
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(data, 1, len, fp), len);
    assert_int_equal(fclose(fp), 0);
    assert_int_equal(chmod(path, mode), 0);
    return path;
}

static void test_defaults_and_missing(void **state)
{
    struct Config cfg;
    char *err = NULL;
    (void)state;
    config_defaults(&cfg);
    assert_int_equal(cfg.refresh_ms, 2000);
    assert_string_equal(cfg.theme, "dark");
    assert_string_equal(cfg.keymap, "default");
    assert_null(cfg.timezone);
    assert_true(cfg.mouse);
    assert_false(cfg.clipboard);
    assert_true(config_load(&cfg, "/nonexistent/salondesk/config.yaml", &err));
    assert_null(err);
    assert_null(cfg.path);
    assert_null(config_profile(&cfg, "x"));
    config_free(&cfg);
    assert_null(cfg.theme);
    config_free(&cfg);
}

static void test_empty_file(void **state)
{
    static const char *const empties[] = {"",    "# nothing yet\n", "---\n", "\n\n",
                                          "~\n", "--- # x\n...\n"};
    (void)state;
    for (size_t i = 0; i < sizeof empties / sizeof empties[0]; i++) {
        struct Config cfg;
        char *err = NULL;
        char *path = write_file("empty.yaml", empties[i], strlen(empties[i]), 0644);
        config_defaults(&cfg);
        if (!config_load(&cfg, path, &err))
            fail_msg("%s", err);
        assert_string_equal(cfg.path, path);
        assert_int_equal(cfg.refresh_ms, 2000);
        config_free(&cfg);
        free(path);
    }
}

static void test_full_config(void **state)
{
    static const char y[] = "refresh: 0.5\n"
                            "theme: light\n"
                            "keymap: emacs\n"
                            "timezone: Europe/Moscow\n"
                            "statement_timeout: 7000\n"
                            "lock_timeout: \"3s\"\n"
                            "clipboard: yes\n"
                            "mouse: false\n"
                            "profile: staging\n"
                            "profiles:\n"
                            "  staging:\n"
                            "    dsn: \"postgresql://app@db-staging/whatsapp_saas?schema=public\"\n"
                            "    frame: yellow\n"
                            "    role: dba\n"
                            "    salon: \"Salon Élite\"\n"
                            "  prod:\n"
                            "    frame: \"#ff0000\"\n"
                            "  env: ~\n"
                            "thresholds:\n"
                            "  connections: [70, 90.5]\n"
                            "  query_seconds: [0.5, 5]\n"
                            "  replication_lag_seconds: [10, 10]\n";
    struct Config cfg;
    char *err = NULL;
    char *path = write_file("full.yaml", y, sizeof y - 1, 0644);
    (void)state;
    config_defaults(&cfg);
    if (!config_load(&cfg, path, &err))
        fail_msg("%s", err);
    assert_int_equal(cfg.refresh_ms, 500);
    assert_string_equal(cfg.theme, "light");
    assert_string_equal(cfg.keymap, "emacs");
    assert_string_equal(cfg.timezone, "Europe/Moscow");
    assert_int_equal(cfg.statement_timeout_ms, 7000);
    assert_int_equal(cfg.lock_timeout_ms, 3000);
    assert_true(cfg.clipboard);
    assert_false(cfg.mouse);
    assert_string_equal(cfg.profile, "staging");
    assert_int_equal(cfg.nprofiles, 3);
    const struct Profile *p = config_profile(&cfg, "staging");
    assert_non_null(p);
    assert_string_equal(p->role, "dba");
    assert_string_equal(p->frame, "yellow");
    assert_string_equal(p->salon, "Salon Élite");
    p = config_profile(&cfg, "env");
    assert_non_null(p);
    assert_null(p->dsn);
    assert_null(p->frame);
    assert_true(cfg.conn_pct.warn == 70 && cfg.conn_pct.crit == 90.5);
    assert_true(cfg.query_s.warn == 0.5 && cfg.query_s.crit == 5);
    assert_true(cfg.repl_lag_s.warn == 10 && cfg.repl_lag_s.crit == 10);
    config_free(&cfg);
    free(path);
}

static void test_durations(void **state)
{
    static const struct {
        const char *yaml;
        int refresh;
        int stmt;
    } ok[] = {
        {"refresh: 0.1\n", 100, 5000},
        {"refresh: 3600\n", 3600000, 5000},
        {"refresh: 500ms\n", 500, 5000},
        {"refresh: \"2s\"\n", 2000, 5000},
        {"refresh: 1min\n", 60000, 5000},
        {"statement_timeout: 0\n", 2000, 0},
        {"statement_timeout: 5s\n", 2000, 5000},
        {"statement_timeout: 1.5s\n", 2000, 1500},
        {"statement_timeout: 250ms\n", 2000, 250},
    };
    (void)state;
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        struct Config cfg;
        char *err = NULL;
        char *path = write_file("d.yaml", ok[i].yaml, strlen(ok[i].yaml), 0600);
        config_defaults(&cfg);
        if (!config_load(&cfg, path, &err))
            fail_msg("#%zu: %s", i, err);
        assert_int_equal(cfg.refresh_ms, ok[i].refresh);
        assert_int_equal(cfg.statement_timeout_ms, ok[i].stmt);
        config_free(&cfg);
        free(path);
    }
}

static const struct {
    const char *yaml;
    size_t len;        /* 0: strlen */
    const char *at;    /* ":line:column: " after the path */
    const char *words; /* part of the message */
} bad_configs[] = {
    {"\x00\x01\x02\xff", 4, ":1:1: ", "control characters are not allowed"},
    {"\xef\xbb\xbf\xc0\xc1", 5, ":1:2: ", "invalid trailing UTF-8 octet (byte 0xC1)"},
    {"a: \xf8\n", 4, ":1:4: ", "invalid leading UTF-8 octet (byte 0xF8)"},
    {"refresh: [1\n", 0, ":2:1: ", "did not find expected ',' or ']'"},
    {"refresh: 1\n  theme: dark\n", 0, ":2:8: ", "mapping values are not allowed in this context"},
    {"- refresh\n", 0, ":1:1: ", "expected a map of settings (refresh, theme, keymap"},
    {"just text\n", 0, ":1:1: ", "found a string"},
    {"a: &x [1]\nb: *x\n", 0, ":2:4: ", "aliases (*name) are not supported"},
    {"refresh: 1\nrefresh: 2\n", 0, ":2:1: ", "duplicate key 'refresh' (first at line 1)"},
    {"refesh: 1\n", 0, ":1:1: ",
     "unknown key 'refesh'; expected one of refresh, theme, keymap, timezone, statement_timeout, "
     "lock_timeout, clipboard, mouse, profile, profiles, thresholds"},
    {"refresh: 0.05\n", 0,
     ":1:10: ", "expected seconds from 0.1 to 3600 (e.g. 2, 0.5 or \"500ms\"), found '0.05'"},
    {"refresh: fast\n", 0, ":1:10: ", "expected seconds from 0.1 to 3600"},
    {"refresh: nan\n", 0, ":1:10: ", "found 'nan'"},
    {"refresh: 1e999\n", 0, ":1:10: ", "found '1e999'"},
    {"refresh: 2h\n", 0, ":1:10: ", "found '2h'"},
    {"refresh: [2]\n", 0, ":1:10: ", "found a list"},
    {"refresh:\n", 0, ":1:9: ", "found an empty value"},
    {"statement_timeout: 1.5\n", 0, ":1:20: ", "expected milliseconds, 0 to disable"},
    {"lock_timeout: -1\n", 0, ":1:15: ", "found '-1'"},
    {"lock_timeout: 99999999999\n", 0, ":1:15: ", "found '99999999999'"},
    {"mouse: maybe\n", 0, ":1:8: ", "expected true or false, found 'maybe'"},
    {"clipboard: {}\n", 0, ":1:12: ", "expected true or false, found a map"},
    {"theme: {name: dark}\n", 0, ":1:8: ", "expected a theme name such as dark, found a map"},
    {"profiles: [a]\n", 0, ":1:11: ", "expected a map of profile name: settings, found a list"},
    {"profiles:\n  s: [a]\n", 0,
     ":2:6: ", "expected a map with dsn, servers, read, frame, role, salon"},
    {"profiles:\n  s:\n    dns: x\n", 0, ":3:5: ",
     "unknown key 'dns'; expected dsn, servers, read, frame, role, salon or pooler_admin"},
    {"profiles:\n  s:\n    role: admin\n", 0,
     ":3:11: ", "unknown role 'admin'; expected dba, support or staff"},
    {"profiles:\n  s:\n    frame: purple\n", 0, ":3:12: ", "bad colour 'purple'"},
    {"profiles:\n  s:\n    dsn: [x]\n", 0,
     ":3:10: ", "expected a connection string or postgresql:// URI"},
    {"profiles:\n  s:\n    password: hunter2\n", 0, ":3:5: ",
     "a password is not read from the config file; put it in ~/.pgpass or use a service file"},
    {"profile: prod\nprofiles:\n  s: ~\n  t: ~\n", 0,
     ":1:10: ", "profile 'prod' is not defined; profiles: has s, t"},
    {"thresholds: 5\n", 0, ":1:13: ", "expected a map with connections"},
    {"thresholds:\n  conections: [1, 2]\n", 0,
     ":2:3: ", "unknown key 'conections'; expected connections"},
    {"thresholds:\n  connections: [1]\n", 0,
     ":2:16: ", "expected a list of two numbers [warn, critical], found 1"},
    {"thresholds:\n  connections: [90, 80]\n", 0,
     ":2:21: ", "the critical level 80 is below the warning level 90"},
    {"thresholds:\n  connections: [90, 101]\n", 0,
     ":2:21: ", "expected a number from 0 to 100, found '101'"},
    {"thresholds:\n  query_seconds: [x, 1]\n", 0,
     ":2:19: ", "expected a number from 0 to 1e+09, found 'x'"},
};

static void test_config_errors(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof bad_configs / sizeof bad_configs[0]; i++) {
        struct Config cfg;
        char *err = NULL;
        const char *y = bad_configs[i].yaml;
        size_t len = bad_configs[i].len ? bad_configs[i].len : strlen(y);
        char *path = write_file("bad.yaml", y, len, 0600);
        char *prefix = xasprintf("%s%s", path, bad_configs[i].at);
        config_defaults(&cfg);
        cfg.refresh_ms = 1234;
        if (config_load(&cfg, path, &err))
            fail_msg("bad config #%zu loaded", i);
        if (!str_starts(err, prefix) || !strstr(err, bad_configs[i].words))
            fail_msg("config #%zu: got '%s', want '%s...%s'", i, err, prefix, bad_configs[i].words);
        /* Unchanged on error. */
        assert_int_equal(cfg.refresh_ms, 1234);
        assert_null(cfg.path);
        assert_int_equal(cfg.nprofiles, 0);
        config_free(&cfg);
        free(err);
        free(prefix);
        free(path);
    }
}

static void test_deep_and_huge(void **state)
{
    struct StrBuf sb;
    struct Config cfg;
    char *err = NULL;
    (void)state;
    sb_init(&sb);
    sb_append(&sb, "profiles: ");
    for (int i = 0; i < 5000; i++)
        sb_append(&sb, "{a: ");
    char *path = write_file("deep.yaml", sb.s, sb.len, 0600);
    config_defaults(&cfg);
    assert_false(config_load(&cfg, path, &err));
    char *want = xasprintf("%s:1:%d: nested deeper than 64 levels", path, 11 + 63 * 4);
    assert_string_equal(err, want);
    XFREE(want);
    XFREE(err);
    XFREE(path);

    /* Over the size cap. */
    sb_clear(&sb);
    sb_append(&sb, "timezone: \"");
    while (sb.len < 1024 * 1024 + 10)
        sb_append(&sb, "abcdefghijklmnop");
    sb_append(&sb, "\"\n");
    path = write_file("huge.yaml", sb.s, sb.len, 0600);
    assert_false(config_load(&cfg, path, &err));
    want = xasprintf("%s: larger than 1048576 bytes; is this the right file?", path);
    assert_string_equal(err, want);
    XFREE(want);
    XFREE(err);
    XFREE(path);

    /* A directory. */
    path = xasprintf("%s", tmpdir);
    assert_false(config_load(&cfg, path, &err));
    assert_true(strstr(err, "is a directory") != NULL);
    XFREE(err);
    XFREE(path);
    config_free(&cfg);
    sb_free(&sb);
}

/* --- T30: a file that holds a password ---------------------------------------------------- */

static const char secret_yaml[] = "profiles:\n"
                                  "  prod:\n"
                                  "    dsn: \"postgresql://app:s3cret@db/whatsapp_saas\"\n";

static void test_password_modes(void **state)
{
    static const struct {
        mode_t mode;
        bool ok;
        const char *why;
    } cases[] = {
        {0644, false, "but is readable by others (mode 0644); run: chmod 600 "},
        {0640, false, "but is readable by others (mode 0640); run: chmod 600 "},
        {0604, false, "but is readable by others (mode 0604)"},
        {0620, false, "but is accessible by others (mode 0620)"},
        {0601, false, "but is accessible by others (mode 0601)"},
        {0600, true, NULL},
        {0400, true, NULL},
    };
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct Config cfg;
        char *err = NULL;
        char *path = write_file("secret.yaml", secret_yaml, sizeof secret_yaml - 1, cases[i].mode);
        config_defaults(&cfg);
        bool ok = config_load(&cfg, path, &err);
        if (ok != cases[i].ok)
            fail_msg("mode %04o: %s", (unsigned)cases[i].mode, err ? err : "loaded");
        if (!ok) {
            char *start = xasprintf("%s: holds a password (profile prod) ", path);
            assert_true(str_starts(err, start));
            assert_non_null(strstr(err, cases[i].why));
            assert_null(strstr(err, "s3cret"));
            free(start);
        } else {
            assert_string_equal(cfg.path, path);
        }
        free(err);
        config_free(&cfg);
        free(path);
    }
}

static void test_password_symlink(void **state)
{
    struct Config cfg;
    char *err = NULL;
    char *target = write_file("real.yaml", secret_yaml, sizeof secret_yaml - 1, 0600);
    char *link = xasprintf("%s/link.yaml", tmpdir);
    (void)state;
    unlink(link);
    assert_int_equal(symlink(target, link), 0);
    config_defaults(&cfg);
    assert_false(config_load(&cfg, link, &err));
    char *want = xasprintf("%s: holds a password (profile prod) but is a symbolic link; use the "
                           "real file, or move the password to ~/.pgpass",
                           link);
    assert_string_equal(err, want);
    XFREE(err);
    XFREE(want);
    /* The same symlink to a 0644 file, and a symlink without a password, which is fine. */
    assert_int_equal(chmod(target, 0644), 0);
    assert_false(config_load(&cfg, link, &err));
    XFREE(err);
    free(target);
    target = write_file("real.yaml", "refresh: 3\n", 11, 0644);
    assert_true(config_load(&cfg, link, &err));
    assert_int_equal(cfg.refresh_ms, 3000);
    config_free(&cfg);
    free(target);
    free(link);
}

static void test_password_other_owner(void **state)
{
    struct Config cfg;
    char *err = NULL;
    (void)state;
    if (geteuid() != 0)
        skip(); /* only root can give a file away; CI runs this as root */
    char *path = write_file("theirs.yaml", secret_yaml, sizeof secret_yaml - 1, 0600);
    assert_int_equal(chown(path, 65534, 65534), 0);
    config_defaults(&cfg);
    assert_false(config_load(&cfg, path, &err));
    char *want = xasprintf("%s: holds a password (profile prod) but is owned by uid 65534, not "
                           "by you (uid %ld)",
                           path, (long)getuid());
    assert_string_equal(err, want);
    free(want);
    free(err);
    config_free(&cfg);
    free(path);
}

static void test_no_password_any_mode(void **state)
{
    static const char y[] = "profiles:\n  s:\n    dsn: \"host=db user=app dbname=x\"\n"
                            "  t:\n    dsn: \"postgresql://app@db/x\"\n";
    struct Config cfg;
    char *err = NULL;
    char *path = write_file("open.yaml", y, sizeof y - 1, 0666);
    (void)state;
    config_defaults(&cfg);
    if (!config_load(&cfg, path, &err))
        fail_msg("%s", err);
    config_free(&cfg);
    free(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults_and_missing), cmocka_unit_test(test_empty_file),
        cmocka_unit_test(test_config_errors),        cmocka_unit_test(test_deep_and_huge),
        cmocka_unit_test(test_full_config),          cmocka_unit_test(test_durations),
        cmocka_unit_test(test_password_modes),       cmocka_unit_test(test_password_symlink),
        cmocka_unit_test(test_password_other_owner), cmocka_unit_test(test_no_password_any_mode),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
