/* Themes: colours, the YAML loader's errors with their exact file:line:column, extends: with
 * its loop and depth guards, and the shipped themes. */
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

#include "src/config/builtin.h"
#include "src/config/theme.h"
#include "src/config/yamldoc.h"
#include "src/util/str.h"
#include "src/util/xalloc.h"

static char *srcpath(const char *rel)
{
    const char *top = getenv("top_srcdir");
    return xasprintf("%s/%s", top && *top ? top : ".", rel);
}

/* Resolves a name to top_srcdir/themes/NAME.yaml. */
static bool resolve_file(const char *name, struct Theme *out, char **err, void *ud)
{
    (void)ud;
    char *rel = xasprintf("themes/%s.yaml", name);
    char *path = srcpath(rel);
    bool ok = theme_load_file(path, out, resolve_file, NULL, err);
    free(path);
    free(rel);
    return ok;
}

/* Resolves from an in-memory table {name, yaml, ...}. */
static bool resolve_table(const char *name, struct Theme *out, char **err, void *ud)
{
    const char *const *t = ud;
    for (size_t i = 0; t[i]; i += 2) {
        if (str_eq(t[i], name)) {
            char *origin = xasprintf("%s.yaml", name);
            bool ok =
                theme_load_string(t[i + 1], strlen(t[i + 1]), origin, out, resolve_table, ud, err);
            free(origin);
            return ok;
        }
    }
    *err = xasprintf("no theme named '%s'", name);
    return false;
}

static void test_colors(void **state)
{
    static const struct {
        const char *s;
        bool ok;
        int c;
    } cases[] = {
        {"", false, 0},
        {"#", false, 0},
        {"#12345", false, 0},
        {"#1234567", false, 0},
        {"#12345g", false, 0},
        {"256", false, 0},
        {"-1", false, 0},
        {"1000", false, 0},
        {"0x10", false, 0},
        {"Red", false, 0},
        {"bright-", false, 0},
        {"12a", false, 0},
        {"default", true, -1},
        {"black", true, 0},
        {"white", true, 7},
        {"bright-black", true, 8},
        {"bright-white", true, 15},
        {"0", true, 0},
        {"255", true, 255},
        {"007", true, 7},
        {"#000000", true, THEME_RGB(0, 0, 0)},
        {"#87AFff", true, THEME_RGB(0x87, 0xaf, 0xff)},
    };
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int c = -99;
        bool ok = theme_parse_color(cases[i].s, &c);
        if (ok != cases[i].ok)
            fail_msg("colour '%s': got %d", cases[i].s, ok);
        if (ok)
            assert_int_equal(c, cases[i].c);
    }
    int c;
    assert_false(theme_parse_color(NULL, &c));
    assert_true(THEME_IS_RGB(THEME_RGB(0, 0, 0)));
}

static const struct {
    const char *yaml;
    const char *prefix;
    const char *words;
} bad_themes[] = {
    {"", "t.yaml:1:1: ", "expected a map with roles: (and optionally extends:), found nothing"},
    {"\x89PNG\r\n\x1a\n\x00\x00", "t.yaml:1:1: ", "invalid leading UTF-8 octet (byte 0x89)"},
    {"roles:\n  normal: {fg: red\n", "t.yaml:3:1: ", "did not find expected ',' or '}'"},
    {"roles: [normal]\n", "t.yaml:1:8: ", "expected a map of role: {fg, bg, attrs}, found a list"},
    {"roles:\n  normal: red\n",
     "t.yaml:2:11: ", "expected a map with fg, bg and attrs, found a string"},
    {"roles:\n  nrmal: {fg: red}\n",
     "t.yaml:2:3: ", "unknown role 'nrmal'; expected one of normal, frame, tab.active"},
    {"roles:\n  normal: {fg: redd}\n",
     "t.yaml:2:16: ", "bad colour 'redd'; expected default, black"},
    {"roles:\n  normal: {fg: 256}\n", "t.yaml:2:16: ", "bad colour '256'"},
    {"roles:\n  normal: {bg: \"#12345\"}\n", "t.yaml:2:16: ", "bad colour '#12345'"},
    {"roles:\n  normal:\n    fg: #87afff\n", "t.yaml:3:8: ", "write \"#rrggbb\" in quotes"},
    {"roles:\n  normal: {fg: [red]}\n", "t.yaml:2:16: ", "expected a colour, found a list"},
    {"roles:\n  normal: {attrs: [bold, blink]}\n",
     "t.yaml:2:26: ", "bad attribute 'blink'; expected bold, dim"},
    {"roles:\n  normal: {attrs: {bold: 1}}\n",
     "t.yaml:2:19: ", "expected an attribute, found a map"},
    {"roles:\n  normal: {colour: red}\n",
     "t.yaml:2:12: ", "unknown key 'colour'; expected fg, bg or attrs"},
    {"role:\n  normal: {}\n",
     "t.yaml:1:1: ", "unknown key 'role'; expected extends, roles or description"},
    {"extends: [dark]\n", "t.yaml:1:10: ", "expected the name of a theme, found a list"},
    {"extends: dark\n", "t.yaml:1:10: ", "extends: is not available for this theme"},
    {"roles:\n  normal: &s {fg: red}\n  frame: *s\n",
     "t.yaml:3:10: ", "aliases (*name) are not supported"},
    {"roles:\n  normal: {fg: red}\n  normal: {fg: blue}\n",
     "t.yaml:3:3: ", "duplicate key 'normal' (first at line 2)"},
};

static void test_theme_errors(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof bad_themes / sizeof bad_themes[0]; i++) {
        struct Theme t, before;
        char *err = NULL;
        const char *y = bad_themes[i].yaml;
        size_t len = i == 1 ? 10 : strlen(y);
        theme_init_plain(&t, "t");
        before = t;
        if (theme_load_string(y, len, "t.yaml", &t, NULL, NULL, &err))
            fail_msg("bad theme #%zu loaded", i);
        if (!str_starts(err, bad_themes[i].prefix) || !strstr(err, bad_themes[i].words))
            fail_msg("theme #%zu: got '%s', want '%s...%s'", i, err, bad_themes[i].prefix,
                     bad_themes[i].words);
        /* Unchanged on error. */
        assert_memory_equal(t.roles, before.roles, sizeof t.roles);
        free(err);
        theme_free(&t);
        assert_null(t.name);
    }
}

static void test_theme_values(void **state)
{
    static const char y[] = "description: test\n"
                            "roles:\n"
                            "  normal: {fg: \"#ff0000\", bg: 17}\n"
                            "  tab.active: {attrs: [bold, underline, italic, dim, reverse]}\n"
                            "  list.cursor: {fg: bright-cyan}\n"
                            "  status: {attrs: none}\n"
                            "  prompt: {attrs: bold}\n"
                            "  stale: {}\n";
    struct Theme t;
    char *err = NULL;
    (void)state;
    theme_init_plain(&t, "x");
    assert_int_equal(t.roles[ROLE_LIST_CURSOR].attrs, THEME_REVERSE);
    assert_true(theme_load_string(y, sizeof y - 1, "x", &t, NULL, NULL, &err));
    assert_int_equal(t.roles[ROLE_NORMAL].fg, THEME_RGB(255, 0, 0));
    assert_int_equal(t.roles[ROLE_NORMAL].bg, 17);
    assert_int_equal(t.roles[ROLE_TAB_ACTIVE].attrs,
                     THEME_BOLD | THEME_UNDERLINE | THEME_ITALIC | THEME_DIM | THEME_REVERSE);
    assert_int_equal(t.roles[ROLE_TAB_ACTIVE].fg, THEME_COLOR_DEFAULT);
    /* fg replaced, attrs kept */
    assert_int_equal(t.roles[ROLE_LIST_CURSOR].fg, 14);
    assert_int_equal(t.roles[ROLE_LIST_CURSOR].attrs, THEME_REVERSE);
    assert_int_equal(t.roles[ROLE_STATUS].attrs, 0);
    assert_int_equal(t.roles[ROLE_PROMPT].attrs, THEME_BOLD);
    assert_string_equal(theme_role_name(ROLE_BOOKING_NO_SHOW), "booking.no_show");
    assert_string_equal(theme_role_name((enum ThemeRole)ROLE__COUNT), "?");
    assert_int_equal(theme_role_from_name("message.outbound"), ROLE_MSG_OUTBOUND);
    assert_int_equal(theme_role_from_name("nope"), -1);
    theme_free(&t);
}

static void test_theme_extends(void **state)
{
    static const char *const table[] = {
        "base",   "roles:\n  normal: {fg: red, bg: blue, attrs: [bold]}\n  frame: {fg: 3}\n",
        "mid",    "extends: base\nroles:\n  frame: {fg: 4}\n",
        "loop1",  "extends: loop2\n",
        "loop2",  "extends: loop1\n",
        "self",   "extends: self\n",
        "d0",     "extends: d1\n",
        "d1",     "extends: d2\n",
        "d2",     "extends: d3\n",
        "d3",     "extends: d4\n",
        "d4",     "extends: d5\n",
        "d5",     "extends: d6\n",
        "d6",     "extends: d7\n",
        "d7",     "extends: d8\n",
        "d8",     "extends: d9\n",
        "d9",     "roles: {}\n",
        "broken", "roles:\n  normal: {fg: nope}\n",
        NULL,
    };
    struct Theme t;
    char *err = NULL;
    const char *y = "extends: mid\nroles:\n  normal: {bg: green}\n";
    (void)state;
    theme_init_plain(&t, "top");
    assert_true(
        theme_load_string(y, strlen(y), "top.yaml", &t, resolve_table, (void *)table, &err));
    assert_int_equal(t.roles[ROLE_NORMAL].fg, 1);
    assert_int_equal(t.roles[ROLE_NORMAL].bg, 2);
    assert_int_equal(t.roles[ROLE_NORMAL].attrs, THEME_BOLD);
    assert_int_equal(t.roles[ROLE_FRAME].fg, 4);
    assert_string_equal(t.name, "top");
    theme_free(&t);

    static const struct {
        const char *yaml;
        const char *want;
    } bad[] = {
        {"extends: loop1\n", "top.yaml:1:10: cannot extend 'loop1': loop1.yaml:1:10: cannot "
                             "extend 'loop2': loop2.yaml:1:10: theme 'loop1' extends itself "
                             "through a loop of extends:"},
        {"extends: self\n", "top.yaml:1:10: cannot extend 'self': self.yaml:1:10: theme 'self' "
                            "extends itself through a loop of extends:"},
        {"extends: missing\n", "top.yaml:1:10: cannot extend 'missing': no theme named "
                               "'missing'"},
        {"extends: broken\n", "top.yaml:1:10: cannot extend 'broken': broken.yaml:2:16: bad "
                              "colour 'nope'"},
        {"extends: d0\n", "goes deeper than 8 themes"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        theme_init_plain(&t, "top");
        assert_false(theme_load_string(bad[i].yaml, strlen(bad[i].yaml), "top.yaml", &t,
                                       resolve_table, (void *)table, &err));
        if (!strstr(err, bad[i].want) || !str_starts(err, "top.yaml:1:10: "))
            fail_msg("extends #%zu: got '%s', want '%s'", i, err, bad[i].want);
        XFREE(err);
        theme_free(&t);
    }
    /* the guard unwinds: a good load works after the failures */
    theme_init_plain(&t, "top");
    assert_true(
        theme_load_string("extends: d3\n", 12, "top.yaml", &t, resolve_table, (void *)table, &err));
    theme_free(&t);
}

static void test_shipped_themes(void **state)
{
    static const char *const names[] = {"dark", "light", "mono", "high-contrast"};
    struct Theme dark;
    char *err = NULL;
    (void)state;
    theme_init_plain(&dark, "dark");
    assert_true(resolve_file("dark", &dark, &err, NULL));
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        struct Theme t;
        theme_init_plain(&t, names[i]);
        if (!resolve_file(names[i], &t, &err, NULL))
            fail_msg("%s", err);
        /* From the built-in copy too. */
        const struct BuiltinFile *bf = builtin_find("themes", names[i]);
        struct Theme b;
        assert_non_null(bf);
        theme_init_plain(&b, names[i]);
        if (!theme_load_string(bf->data, bf->len, names[i], &b, resolve_file, NULL, &err))
            fail_msg("%s", err);
        assert_memory_equal(t.roles, b.roles, sizeof t.roles);
        theme_free(&b);
        theme_free(&t);
    }
    /* mono has no colour at all */
    struct Theme mono;
    theme_init_plain(&mono, "mono");
    assert_true(resolve_file("mono", &mono, &err, NULL));
    for (int r = 0; r < ROLE__COUNT; r++) {
        assert_int_equal(mono.roles[r].fg, THEME_COLOR_DEFAULT);
        assert_int_equal(mono.roles[r].bg, THEME_COLOR_DEFAULT);
    }
    assert_int_not_equal(mono.roles[ROLE_LIST_CURSOR].attrs, 0);
    theme_free(&mono);
    theme_free(&dark);
}

/* dark.yaml is the built-in default, so it must name every role itself. */
static void test_dark_sets_every_role(void **state)
{
    const struct BuiltinFile *bf = builtin_find("themes", "dark");
    struct YamlDoc *doc = NULL;
    char *err = NULL;
    (void)state;
    assert_non_null(bf);
    assert_true(ydoc_parse(bf->data, bf->len, "dark", &doc, &err));
    const struct YamlNode *roles = ydoc_map_get(doc->root, "roles");
    assert_null(ydoc_map_get(doc->root, "extends"));
    for (int r = 0; r < ROLE__COUNT; r++) {
        const struct YamlNode *st = ydoc_map_get(roles, theme_role_name((enum ThemeRole)r));
        if (!st || !ydoc_map_get(st, "fg") || !ydoc_map_get(st, "bg"))
            fail_msg("dark.yaml does not set fg and bg of %s", theme_role_name((enum ThemeRole)r));
    }
    ydoc_free(&doc);
    assert_null(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_colors),         cmocka_unit_test(test_theme_errors),
        cmocka_unit_test(test_theme_values),   cmocka_unit_test(test_theme_extends),
        cmocka_unit_test(test_shipped_themes), cmocka_unit_test(test_dark_sets_every_role),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
