/* Keys, actions and keymaps: key names both ways, the YAML loader's errors with their exact
 * file:line:column, hostile input, and the shipped keymaps. */
#include "config.h"

/* cmocka.h needs these three first */
// clang-format off
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
// clang-format on

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src/config/action.h"
#include "src/config/builtin.h"
#include "src/config/keymap.h"
#include "src/config/keys.h"
#include "src/util/str.h"
#include "src/util/xalloc.h"

static char *srcpath(const char *rel)
{
    const char *top = getenv("top_srcdir");
    return xasprintf("%s/%s", top && *top ? top : ".", rel);
}

/* --- key names -------------------------------------------------------------------------- */

static void test_key_parse_bad(void **state)
{
    static const char *const bad[] = {
        "",
        "jj",
        "<>",
        "<<",
        "<F0>",
        "<F13>",
        "<F1x>",
        "<C-1>",
        "<C-ab>",
        "<Foo>",
        "<C->",
        "\x01",
        "\x7f",
        "\t",
        "\xff",
        "\xc3",
        "\xc3\xa9x",
        "\xed\xa0\x80",
        "\xf4\x90\x80\x80",
        "\xc0\xaf",
        "\xc2\x85",
        "<Enter",
        "Enter>",
        "<S-Tab",
        "<F100>",
        "<C-é>",
    };
    (void)state;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int key = -12345;
        if (key_parse(bad[i], &key))
            fail_msg("key_parse accepted bad key #%zu '%s' as %d", i, bad[i], key);
        assert_int_equal(key, -12345);
    }
    int key;
    assert_false(key_parse(NULL, &key));
}

static void test_key_roundtrip(void **state)
{
    static const struct {
        const char *name;
        int key;
    } cases[] = {
        {"<C-a>", 1},
        {"<C-n>", 14},
        {"<C-z>", 26},
        {"<Esc>", SDK_ESC},
        {"<Enter>", SDK_ENTER},
        {"<Tab>", SDK_TAB},
        {"<S-Tab>", SDK_BTAB},
        {"<Space>", SDK_SPACE},
        {"<BS>", SDK_BACKSPACE},
        {"<Del>", SDK_DELETE},
        {"<Ins>", SDK_INSERT},
        {"<Up>", SDK_UP},
        {"<Down>", SDK_DOWN},
        {"<Left>", SDK_LEFT},
        {"<Right>", SDK_RIGHT},
        {"<PgUp>", SDK_PGUP},
        {"<PgDn>", SDK_PGDN},
        {"<Home>", SDK_HOME},
        {"<End>", SDK_END},
        {"<F1>", SDK_F1},
        {"<F5>", SDK_F1 + 4},
        {"<F12>", SDK_F12},
        {"j", 'j'},
        {"J", 'J'},
        {"?", '?'},
        {"<", '<'},
        {">", '>'},
        {"~", '~'},
        {"1", '1'},
        {"\xc2\xa0", 0xA0},
        {"é", 0xE9},
        {"€", 0x20AC},
        {"😀", 0x1F600},
        {"\xf4\x8f\xbf\xbf", 0x10FFFF},
    };
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int key = 0;
        char buf[32];
        if (!key_parse(cases[i].name, &key))
            fail_msg("key_parse rejected '%s'", cases[i].name);
        assert_int_equal(key, cases[i].key);
        assert_string_equal(key_to_name(key, buf, sizeof buf), cases[i].name);
    }
}

static void test_key_aliases(void **state)
{
    static const struct {
        const char *name;
        int key;
        const char *canon;
    } cases[] = {
        {"<C-N>", 14, "<C-n>"},
        {"<c-n>", 14, "<C-n>"},
        {"<esc>", SDK_ESC, "<Esc>"},
        {"<ESCAPE>", SDK_ESC, "<Esc>"},
        {"<CR>", SDK_ENTER, "<Enter>"},
        {"<Return>", SDK_ENTER, "<Enter>"},
        {"<PageDown>", SDK_PGDN, "<PgDn>"},
        {"<f5>", SDK_F1 + 4, "<F5>"},
        {" ", SDK_SPACE, "<Space>"},
        {"<BackTab>", SDK_BTAB, "<S-Tab>"},
    };
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int key = 0;
        char buf[32];
        assert_true(key_parse(cases[i].name, &key));
        assert_int_equal(key, cases[i].key);
        assert_string_equal(key_to_name(key, buf, sizeof buf), cases[i].canon);
    }
}

static void test_key_name_edges(void **state)
{
    char buf[32];
    char tiny[3];
    (void)state;
    assert_string_equal(key_to_name(' ', buf, sizeof buf), "<Space>");
    assert_string_equal(key_to_name(27, buf, sizeof buf), "<0x1b>");
    assert_string_equal(key_to_name(0, buf, sizeof buf), "<0x0>");
    assert_string_equal(key_to_name(-5, buf, sizeof buf), "<0xfffffffb>");
    assert_string_equal(key_to_name(0xD800, buf, sizeof buf), "<0xd800>");
    /* Too small: truncated, never overflowing, never half a character. */
    assert_string_equal(key_to_name(SDK_ENTER, tiny, sizeof tiny), "<E");
    assert_string_equal(key_to_name(0x1F600, tiny, sizeof tiny), "");
    assert_string_equal(key_to_name('j', buf, 0), "");
}

/* --- actions ------------------------------------------------------------------------------ */

static void test_actions(void **state)
{
    (void)state;
    assert_int_equal(action_from_name("quit"), ACT_QUIT);
    assert_int_equal(action_from_name("cancel-query"), ACT_CANCEL_QUERY);
    assert_int_equal(action_from_name("Quit"), ACT_NONE);
    assert_int_equal(action_from_name(""), ACT_NONE);
    assert_int_equal(action_from_name(NULL), ACT_NONE);
    assert_int_equal(action_from_name("none"), ACT_NONE);
    assert_string_equal(action_name((enum Action)ACT__COUNT), "none");
    for (int a = ACT_NONE + 1; a < ACT__COUNT; a++) {
        assert_int_equal(action_from_name(action_name((enum Action)a)), a);
        assert_true(strlen(action_help((enum Action)a)) > 0);
    }
}

/* --- keymap errors ------------------------------------------------------------------------ */

static const struct {
    const char *yaml;
    const char *prefix; /* exact start of the message */
    const char *words;  /* and a part of the rest */
} bad_keymaps[] = {
    /* empty, garbage, and YAML errors first */
    {"", "t.yaml:1:1: ", "expected a map of contexts"},
    {"# only a comment\n", "t.yaml:1:1: ", "found nothing"},
    {"\xff\xfe\x00\x01garbage", "t.yaml:", ""},
    {"global:\n  quit: [q\n", "t.yaml:3:1: ", "did not find expected ',' or ']'"},
    {"global: {quit: q}\n\tfoo: 1\n", "t.yaml:2:", ""},
    {"global:\n  quit: \"q\n", "t.yaml:3:1: ", "unexpected end of stream"},
    {"a\x01: b\n", "t.yaml:1:2: ", "control characters are not allowed"},
    {"global:\n  quit: [\xc3]\n", "t.yaml:2:11: ", "invalid trailing UTF-8 octet"},
    {"- global\n", "t.yaml:1:1: ", "expected a map of contexts"},
    {"just a string\n", "t.yaml:1:1: ", "found a string"},
    {"global: {}\n---\nglobal: {}\n", "t.yaml:2:1: ", "single YAML document"},
    /* aliases, nesting */
    {"x: &a [q]\nglobal:\n  quit: *a\n", "t.yaml:3:9: ", "aliases (*name) are not supported"},
    {"global:\n  quit: [\"\\0\"]\n", "t.yaml:2:10: ", "NUL character"},
    {"global:\n  quit: [q]\n  quit: [x]\n",
     "t.yaml:3:3: ", "duplicate key 'quit' (first at line 2)"},
    {"? [a]\n: b\n", "t.yaml:1:3: ", "expected a plain key, found a list as a key"},
    /* shape */
    {"global: [q]\n", "t.yaml:1:9: ", "expected a map of action: [keys], found a list"},
    {"global:\n  quit: {a: b}\n", "t.yaml:2:9: ", "expected a list of key names or one key name"},
    {"global:\n  quit: [[q]]\n", "t.yaml:2:10: ", "expected a key name such as j"},
    {"global:\n  quit: [~]\n", "t.yaml:2:10: ", "found an empty value"},
    /* names */
    {"globl:\n  quit: q\n", "t.yaml:1:1: ", "unknown context 'globl'; expected one of global"},
    {"global:\n  quitt: q\n",
     "t.yaml:2:3: ", "unknown action 'quitt'; expected an action such as quit, help"},
    {"global:\n  quit: [q, <Foo>]\n", "t.yaml:2:13: ", "bad key name '<Foo>'"},
    {"global:\n  quit: jj\n", "t.yaml:2:9: ", "bad key name 'jj'"},
    /* duplicates name both actions and the first place */
    {"global:\n  quit: [q]\n  help: [x, q]\n", "t.yaml:3:13: ",
     "key q is bound twice in 'global': to quit at line 2, column 10, and to help here"},
    {"salons:\n  up: [<C-p>, <c-P>]\n", "t.yaml:2:15: ", "key <C-p> is bound twice in 'salons'"},
    {"help:\n  unbind: [j]\n  down: j\n", "t.yaml:3:9: ", "to unbind at line 2"},
};

static void test_keymap_errors(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof bad_keymaps / sizeof bad_keymaps[0]; i++) {
        struct Keymap *km = (struct Keymap *)1;
        char *err = NULL;
        const char *y = bad_keymaps[i].yaml;
        size_t len = i == 2 ? 11 : strlen(y);
        if (keymap_load_string(y, len, "t.yaml", &km, &err))
            fail_msg("bad keymap #%zu loaded", i);
        assert_null(km);
        assert_non_null(err);
        if (!str_starts(err, bad_keymaps[i].prefix) || !strstr(err, bad_keymaps[i].words))
            fail_msg("keymap #%zu: got '%s', want '%s...%s'", i, err, bad_keymaps[i].prefix,
                     bad_keymaps[i].words);
        free(err);
    }
}

static void test_keymap_deep_nesting(void **state)
{
    struct StrBuf sb;
    struct Keymap *km = NULL;
    char *err = NULL;
    (void)state;
    sb_init(&sb);
    for (int i = 0; i < 100000; i++)
        sb_putc(&sb, '[');
    assert_false(keymap_load_string(sb.s, sb.len, "deep", &km, &err));
    assert_string_equal(err, "deep:1:65: nested deeper than 64 levels");
    XFREE(err);
    sb_clear(&sb);
    for (int i = 0; i < 64; i++)
        sb_append(&sb, "- ");
    sb_append(&sb, "x\n");
    assert_false(keymap_load_string(sb.s, sb.len, "deep", &km, &err));
    assert_string_equal(err, "deep:1:1: expected a map of contexts (global, salons, bookings, "
                             "threads, health, help), found a list");
    XFREE(err);
    sb_free(&sb);
}

static void test_keymap_garbage_never_crashes(void **state)
{
    char buf[512];
    uint32_t x = 2463534242u;
    (void)state;
    for (int round = 0; round < 2000; round++) {
        size_t len = (size_t)(round % (int)sizeof buf);
        for (size_t i = 0; i < len; i++) {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            /* Half the rounds from a YAML-ish alphabet, half any byte. */
            buf[i] = round & 1 ? (char)(x & 0xFF) : "global:quit[]{},-?<>&*!|\n  jq\"'#"[x % 32];
        }
        struct Keymap *km = NULL;
        char *err = NULL;
        if (keymap_load_string(buf, len, "g", &km, &err)) {
            assert_null(err);
            keymap_free(&km);
        } else {
            assert_non_null(err);
            assert_true(str_starts(err, "g:"));
            free(err);
        }
    }
}

static void test_keymap_huge_scalar(void **state)
{
    size_t n = 2 * 1024 * 1024;
    char *y = xmalloc(n + 32);
    struct Keymap *km = NULL;
    char *err = NULL;
    (void)state;
    strcpy(y, "global:\n  quit: ");
    size_t off = strlen(y);
    memset(y + off, 'a', n);
    y[off + n] = '\0';
    assert_false(keymap_load_string(y, off + n, "big", &km, &err));
    assert_true(str_starts(err, "big:2:9: bad key name 'aaaa"));
    assert_true(strlen(err) < 400);
    free(err);
    free(y);
}

/* --- keymap behaviour ----------------------------------------------------------------------- */

static void test_keymap_lookup(void **state)
{
    static const char y[] = "global:\n"
                            "  quit: q\n"
                            "  down: [j, <Down>]\n"
                            "  help: [\"?\", <F1>]\n"
                            "  search:\n"
                            "salons:\n"
                            "  open: [<Enter>, <Space>]\n"
                            "  unbind: [q]\n"
                            "help:\n"
                            "  back: [q, \"?\", <Esc>]\n"
                            "threads: ~\n";
    struct Keymap *km = NULL;
    char *err = NULL;
    int keys[4];
    (void)state;
    assert_true(keymap_load_string(y, sizeof y - 1, "t", &km, &err));
    assert_null(err);
    assert_int_equal(keymap_lookup(km, KCTX_GLOBAL, 'q'), ACT_QUIT);
    assert_int_equal(keymap_lookup(km, KCTX_BOOKINGS, 'q'), ACT_QUIT);
    assert_int_equal(keymap_lookup(km, KCTX_SALONS, 'q'), ACT_NONE); /* unbound there */
    assert_int_equal(keymap_lookup(km, KCTX_SALONS, 'j'), ACT_DOWN); /* falls back */
    assert_int_equal(keymap_lookup(km, KCTX_SALONS, SDK_SPACE), ACT_OPEN);
    assert_int_equal(keymap_lookup(km, KCTX_GLOBAL, SDK_ENTER), ACT_NONE);
    assert_int_equal(keymap_lookup(km, KCTX_HELP, 'q'), ACT_BACK);
    assert_int_equal(keymap_lookup(km, KCTX_HELP, '?'), ACT_BACK);
    assert_int_equal(keymap_lookup(km, KCTX_GLOBAL, '?'), ACT_HELP);
    assert_int_equal(keymap_lookup(km, KCTX_GLOBAL, 'x'), ACT_NONE);
    assert_int_equal(keymap_lookup(km, (enum KeyContext)99, 'q'), ACT_NONE);
    assert_int_equal(keymap_lookup(NULL, KCTX_GLOBAL, 'q'), ACT_NONE);
    assert_int_equal(keymap_keys_for(km, KCTX_GLOBAL, ACT_DOWN, keys, 4), 2);
    assert_int_equal(keys[0], 'j');
    assert_int_equal(keys[1], SDK_DOWN);
    assert_int_equal(keymap_keys_for(km, KCTX_GLOBAL, ACT_DOWN, keys, 1), 1);
    assert_int_equal(keymap_keys_for(km, KCTX_SALONS, ACT_DOWN, keys, 4), 0);
    assert_int_equal(keymap_keys_for(km, KCTX_GLOBAL, ACT_SEARCH, keys, 4), 0);
    assert_string_equal(keymap_context_name(KCTX_HEALTH), "health");
    keymap_free(&km);
    assert_null(km);
    keymap_free(&km);
}

static void test_keymap_missing_file(void **state)
{
    struct Keymap *km = NULL;
    char *err = NULL;
    (void)state;
    assert_false(keymap_load_file("/nonexistent/dir/k.yaml", &km, &err));
    assert_string_equal(err, "/nonexistent/dir/k.yaml: cannot open: No such file or directory");
    free(err);
    assert_false(keymap_load_file("/", &km, &err));
    assert_string_equal(err, "/: is a directory, expected a YAML file");
    free(err);
}

/* --- shipped keymaps ------------------------------------------------------------------------ */

static void test_shipped_keymaps(void **state)
{
    static const char *const files[] = {"keymaps/default.yaml", "keymaps/emacs.yaml"};
    (void)state;
    for (size_t f = 0; f < sizeof files / sizeof files[0]; f++) {
        char *path = srcpath(files[f]);
        struct Keymap *km = NULL;
        char *err = NULL;
        if (!keymap_load_file(path, &km, &err))
            fail_msg("%s", err);
        /* Every action has a key, in global or in the tab it belongs to. */
        for (int a = ACT_NONE + 1; a < ACT__COUNT; a++) {
            int keys[8];
            size_t n = 0;
            for (int ctx = KCTX_GLOBAL; ctx < KCTX__COUNT && n == 0; ctx++)
                n = keymap_keys_for(km, (enum KeyContext)ctx, (enum Action)a, keys, 8);
            if (n == 0)
                fail_msg("%s: action %s has no key", files[f], action_name((enum Action)a));
        }
        assert_int_equal(keymap_lookup(km, KCTX_HELP, SDK_ESC), ACT_BACK);
        keymap_free(&km);
        free(path);
    }
}

static void test_default_keymap_keys(void **state)
{
    static const struct {
        enum KeyContext ctx;
        const char *key;
        enum Action a;
    } want[] = {
        {KCTX_GLOBAL, "q", ACT_QUIT},
        {KCTX_GLOBAL, "?", ACT_HELP},
        {KCTX_GLOBAL, "<F1>", ACT_HELP},
        {KCTX_GLOBAL, "r", ACT_REFRESH},
        {KCTX_GLOBAL, "<F5>", ACT_REFRESH},
        {KCTX_GLOBAL, "p", ACT_PAUSE},
        {KCTX_GLOBAL, "1", ACT_TAB_SALONS},
        {KCTX_GLOBAL, "4", ACT_TAB_HEALTH},
        {KCTX_GLOBAL, "<Tab>", ACT_TAB_NEXT},
        {KCTX_GLOBAL, "<S-Tab>", ACT_TAB_PREV},
        {KCTX_GLOBAL, "k", ACT_UP},
        {KCTX_GLOBAL, "<Down>", ACT_DOWN},
        {KCTX_GLOBAL, "h", ACT_LEFT},
        {KCTX_GLOBAL, "l", ACT_RIGHT},
        {KCTX_GLOBAL, "<C-b>", ACT_PAGE_UP},
        {KCTX_GLOBAL, "<PgDn>", ACT_PAGE_DOWN},
        {KCTX_GLOBAL, "g", ACT_TOP},
        {KCTX_GLOBAL, "G", ACT_BOTTOM},
        {KCTX_GLOBAL, "<Enter>", ACT_OPEN},
        {KCTX_GLOBAL, "<Esc>", ACT_BACK},
        {KCTX_GLOBAL, "/", ACT_SEARCH},
        {KCTX_GLOBAL, ":", ACT_COMMAND},
        {KCTX_GLOBAL, "<C-c>", ACT_CANCEL_QUERY},
        {KCTX_GLOBAL, "<C-l>", ACT_REDRAW},
        {KCTX_GLOBAL, "<C-z>", ACT_SUSPEND},
        {KCTX_HELP, "q", ACT_BACK},
        {KCTX_HELP, "?", ACT_BACK},
        {KCTX_HELP, "j", ACT_DOWN},
        {KCTX_THREADS, "z", ACT_FOLD},
        {KCTX_THREADS, "A", ACT_TOGGLE_AI},
    };
    const struct BuiltinFile *bf = builtin_find("keymaps", "default");
    struct Keymap *km = NULL;
    char *err = NULL;
    (void)state;
    assert_non_null(bf);
    assert_int_equal(bf->data[bf->len], '\0');
    if (!keymap_load_string(bf->data, bf->len, "keymaps/default.yaml", &km, &err))
        fail_msg("%s", err);
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        int key;
        assert_true(key_parse(want[i].key, &key));
        if (keymap_lookup(km, want[i].ctx, key) != want[i].a)
            fail_msg("%s in %s is not %s", want[i].key, keymap_context_name(want[i].ctx),
                     action_name(want[i].a));
    }
    keymap_free(&km);
    assert_null(builtin_find("keymaps", "nope"));
    assert_null(builtin_find(NULL, "default"));
}

static void test_builtin_matches_source(void **state)
{
    (void)state;
    assert_int_equal(builtin_nfiles, 6);
    for (size_t i = 0; i < builtin_nfiles; i++) {
        const struct BuiltinFile *bf = &builtin_files[i];
        char *rel = xasprintf("%s/%s.yaml", bf->kind, bf->name);
        char *path = srcpath(rel);
        FILE *fp = fopen(path, "rb");
        assert_non_null(fp);
        char *buf = xmalloc(bf->len + 2);
        size_t got = fread(buf, 1, bf->len + 1, fp);
        fclose(fp);
        assert_int_equal(got, bf->len);
        assert_memory_equal(buf, bf->data, bf->len);
        free(buf);
        free(path);
        free(rel);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_key_parse_bad),
        cmocka_unit_test(test_key_roundtrip),
        cmocka_unit_test(test_key_aliases),
        cmocka_unit_test(test_key_name_edges),
        cmocka_unit_test(test_actions),
        cmocka_unit_test(test_keymap_errors),
        cmocka_unit_test(test_keymap_deep_nesting),
        cmocka_unit_test(test_keymap_garbage_never_crashes),
        cmocka_unit_test(test_keymap_huge_scalar),
        cmocka_unit_test(test_keymap_lookup),
        cmocka_unit_test(test_keymap_missing_file),
        cmocka_unit_test(test_shipped_keymaps),
        cmocka_unit_test(test_default_keymap_keys),
        cmocka_unit_test(test_builtin_matches_source),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
