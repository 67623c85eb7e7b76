#include "config.h"

#include "src/util/fold.h"

#include <stddef.h>

#include "src/util/text.h"

enum FoldKind {
    FOLD_ADD,  /* every code point of the range + delta */
    FOLD_EVEN, /* pairs: the even one is the capital, + 1 */
    FOLD_ODD,  /* pairs: the odd one is the capital, + 1 */
};

struct FoldRange {
    uint32_t lo, hi;
    enum FoldKind kind;
    int32_t delta;
};

/* Sorted by lo, not overlapping. */
static const struct FoldRange fold_ranges[] = {
    {0x0041, 0x005A, FOLD_ADD, 32},     /* A-Z */
    {0x00B5, 0x00B5, FOLD_ADD, 775},    /* micro sign -> μ */
    {0x00C0, 0x00D6, FOLD_ADD, 32},     /* À-Ö */
    {0x00D8, 0x00DE, FOLD_ADD, 32},     /* Ø-Þ */
    {0x0100, 0x012F, FOLD_EVEN, 0},     /* Ā-į */
    {0x0130, 0x0130, FOLD_ADD, -0xC7},  /* İ -> i */
    {0x0131, 0x0131, FOLD_ADD, -0xC8},  /* ı -> i */
    {0x0132, 0x0137, FOLD_EVEN, 0},     /* Ĳ-ķ */
    {0x0139, 0x0148, FOLD_ODD, 0},      /* Ĺ-ň */
    {0x014A, 0x0177, FOLD_EVEN, 0},     /* Ŋ-ŷ */
    {0x0178, 0x0178, FOLD_ADD, -0x79},  /* Ÿ -> ÿ */
    {0x0179, 0x017E, FOLD_ODD, 0},      /* Ź-ž */
    {0x017F, 0x017F, FOLD_ADD, -0x10C}, /* long s -> s */
    {0x018F, 0x018F, FOLD_ADD, 0xCA},   /* Ə -> ə */
    {0x01A0, 0x01A5, FOLD_EVEN, 0},     /* Ơ-ƥ */
    {0x01AF, 0x01AF, FOLD_ADD, 1},      /* Ư -> ư */
    {0x01CD, 0x01DC, FOLD_ODD, 0},      /* Ǎ-ǜ */
    {0x01DE, 0x01EF, FOLD_EVEN, 0},     /* Ǟ-ǯ */
    {0x01F8, 0x021F, FOLD_EVEN, 0},     /* Ǹ-ȟ, Ș ș Ț ț */
    {0x0222, 0x0233, FOLD_EVEN, 0},     /* Ȣ-ȳ */
    {0x0386, 0x0386, FOLD_ADD, 38},     /* Ά -> ά */
    {0x0388, 0x038A, FOLD_ADD, 37},     /* Έ-Ί */
    {0x038C, 0x038C, FOLD_ADD, 64},     /* Ό */
    {0x038E, 0x038F, FOLD_ADD, 63},     /* Ύ Ώ */
    {0x0391, 0x03A1, FOLD_ADD, 32},     /* Α-Ρ */
    {0x03A3, 0x03AB, FOLD_ADD, 32},     /* Σ-Ϋ */
    {0x03C2, 0x03C2, FOLD_ADD, 1},      /* final ς -> σ */
    {0x03D8, 0x03EF, FOLD_EVEN, 0},     /* archaic and Coptic letters */
    {0x0400, 0x040F, FOLD_ADD, 80},     /* Ѐ-Џ */
    {0x0410, 0x042F, FOLD_ADD, 32},     /* А-Я */
    {0x0460, 0x0481, FOLD_EVEN, 0},     /* Ѡ-ҁ */
    {0x048A, 0x04BF, FOLD_EVEN, 0},     /* Ҋ-ҿ */
    {0x04C0, 0x04C0, FOLD_ADD, 15},     /* Ӏ -> ӏ */
    {0x04C1, 0x04CE, FOLD_ODD, 0},      /* Ӂ-ӎ */
    {0x04D0, 0x052F, FOLD_EVEN, 0},     /* Ӑ-ԯ */
    {0x0531, 0x0556, FOLD_ADD, 48},     /* Armenian */
    {0x10A0, 0x10C5, FOLD_ADD, 0x1C60}, /* Georgian Asomtavruli -> Nuskhuri */
    {0x1C90, 0x1CBA, FOLD_ADD, -0xBC0}, /* Georgian Mtavruli -> Mkhedruli */
    {0x1CBD, 0x1CBF, FOLD_ADD, -0xBC0},
    {0x1E00, 0x1E95, FOLD_EVEN, 0},      /* Latin Extended Additional */
    {0x1E9E, 0x1E9E, FOLD_ADD, -0x1DBF}, /* ẞ -> ß */
    {0x1EA0, 0x1EFF, FOLD_EVEN, 0},      /* Vietnamese */
    {0xFF21, 0xFF3A, FOLD_ADD, 32},      /* fullwidth Ａ-Ｚ */
};

/* Greek lower case with tonos or dialytika -> without. */
static uint32_t greek_plain(uint32_t cp)
{
    switch (cp) {
    case 0x03AC:
        return 0x03B1; /* ά */
    case 0x03AD:
        return 0x03B5; /* έ */
    case 0x03AE:
        return 0x03B7; /* ή */
    case 0x03AF:
    case 0x03CA:
    case 0x0390:
        return 0x03B9; /* ί ϊ ΐ */
    case 0x03CC:
        return 0x03BF; /* ό */
    case 0x03CD:
    case 0x03CB:
    case 0x03B0:
        return 0x03C5; /* ύ ϋ ΰ */
    case 0x03CE:
        return 0x03C9; /* ώ */
    default:
        return cp;
    }
}

uint32_t fold_char(uint32_t cp)
{
    size_t lo = 0, hi = sizeof fold_ranges / sizeof fold_ranges[0];
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const struct FoldRange *r = &fold_ranges[mid];
        if (cp < r->lo) {
            hi = mid;
        } else if (cp > r->hi) {
            lo = mid + 1;
        } else {
            if (r->kind == FOLD_ADD)
                cp = (uint32_t)((int32_t)cp + r->delta);
            else if ((cp & 1u) == (r->kind == FOLD_ODD ? 1u : 0u))
                cp++;
            break;
        }
    }
    return greek_plain(cp);
}

/* The folded code point at s (not at its end) and the bytes it takes; an invalid byte folds
 * to a value no character has. The combining dot above after an i goes with it. */
static size_t fold_next(const char *s, uint32_t *out)
{
    uint32_t cp;
    size_t n = text_decode(s, 4, &cp); /* stops at the NUL: it is no continuation byte */
    if (n == 0) {
        *out = 0x110000u + (unsigned char)*s;
        return 1;
    }
    cp = fold_char(cp);
    if (cp == 'i' && (unsigned char)s[n] == 0xCC && (unsigned char)s[n + 1] == 0x87)
        n += 2;
    *out = cp;
    return n;
}

bool fold_contains(const char *haystack, const char *needle)
{
    if (!haystack)
        return false;
    if (!needle || !*needle)
        return true;
    for (const char *h = haystack; *h;) {
        const char *a = h, *b = needle;
        while (*b && *a) {
            uint32_t x, y;
            size_t na = fold_next(a, &x), nb = fold_next(b, &y);
            if (x != y)
                break;
            a += na;
            b += nb;
        }
        if (!*b)
            return true;
        if (!*a)
            return false; /* the rest of haystack is shorter still */
        uint32_t skip;
        h += fold_next(h, &skip);
    }
    return false;
}
