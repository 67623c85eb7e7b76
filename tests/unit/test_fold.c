/* Case folding of the / filters: every script of the platform's data, under LANG=C. */
#include "config.h"

#include <locale.h>
#include <stdbool.h>
#include <stddef.h>

// clang-format off
#include <stdarg.h>
#include <setjmp.h>
#include <cmocka.h>
// clang-format on

#include "src/util/fold.h"
#include "src/util/str.h"

struct Case {
    const char *haystack, *needle;
    bool found;
};

static const struct Case cases[] = {
    /* edges */
    {NULL, "a", false},
    {"", "", true},
    {"abc", "", true},
    {"", "a", false},
    {"ab", "abc", false},
    {"Anna", "NN", true},
    {"\xff"
     "Anna",
     "anna", true}, /* an invalid byte compares as itself */
    {"a\xff", "\xff", true},
    {"a\xfe", "\xff", false},
    /* Latin with diacritics */
    {"Zoë", "ZOË", true},
    {"ZOË", "zoë", true},
    {"Zoë", "zoe", false}, /* case, not accents */
    {"Łukasz Żółć", "ŁUKASZ ŻÓŁĆ", true},
    {"Ștefan Țurcan", "ștefan ţ", false}, /* ș (comma) and ţ (cedilla) differ */
    {"Ștefan Țurcan", "ȘTEFAN ȚURCAN", true},
    {"Nguyễn Thị Ánh", "NGUYỄN THỊ ÁNH", true},
    {"Ơn Ưng", "ơn ưng", true},
    {"Straße", "STRAẞE", true},
    {"Əli", "əli", true},
    {"Ÿves", "ÿves", true},
    /* Cyrillic */
    {"Анна Петрова", "анна", true},
    {"анна петрова", "АННА ПЕТРОВА", true},
    {"Ёлка Їжак Ґанок Џем", "ёлка їжак ґанок џем", true},
    {"Ӂӂ Ԯ", "ӂӂ ԯ", true},
    /* Greek, final sigma and tonos */
    {"Οδυσσεύς", "ΟΔΥΣΣΕΥΣ", true},
    {"ΟΔΥΣΣΕΥΣ", "οδυσσευς", true},
    {"Μαρία", "ΜΑΡΙΑ", true},
    {"Μαρία", "μαρια", true},
    {"Ϊ ΐ", "ι ι", true},
    /* Turkish dotted and dotless i */
    {"Işıl", "ışıl", true},
    {"Işıl", "IŞIL", true},
    {"Işıl", "işil", true},
    {"İpek", "ipek", true},
    {"ipek", "İPEK", true},
    {"i\xcc\x87pek", "ipek", true}, /* i + combining dot above */
    {"Işıl", "isil", false},        /* ş is not s */
    /* Armenian, Georgian, fullwidth */
    {"Անի", "ԱՆԻ", true},
    {"ნინო", "ᲜᲘᲜᲝ", true},
    {"ＡＢＣ", "ａｂｃ", true},
};

static void test_contains(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const struct Case *c = &cases[i];
        if (str_icontains(c->haystack, c->needle) != c->found)
            fail_msg("case %zu: \"%s\" in \"%s\" should be %s", i, c->needle,
                     c->haystack ? c->haystack : "(null)", c->found ? "found" : "missed");
    }
}

static void test_char(void **state)
{
    (void)state;
    assert_int_equal(fold_char('A'), 'a');
    assert_int_equal(fold_char('a'), 'a');
    assert_int_equal(fold_char(0x0130), 'i');    /* İ */
    assert_int_equal(fold_char(0x0131), 'i');    /* ı */
    assert_int_equal(fold_char(0x03A3), 0x03C3); /* Σ */
    assert_int_equal(fold_char(0x03C2), 0x03C3); /* ς */
    assert_int_equal(fold_char(0x0401), 0x0451); /* Ё */
    assert_int_equal(fold_char(0x00D7), 0x00D7); /* × is no letter */
    assert_int_equal(fold_char(0x4E00), 0x4E00); /* CJK has no case */
    assert_int_equal(fold_char(0x1F600), 0x1F600);
}

int main(void)
{
    setlocale(LC_ALL, "C"); /* folding must not need a UTF-8 locale */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_contains),
        cmocka_unit_test(test_char),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
