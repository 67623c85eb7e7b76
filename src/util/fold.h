/* Case folding for the / filters, the same under every locale (LANG=C included): a table of
 * the scripts the platform's data holds, not towlower(), which follows LC_CTYPE.
 *
 * Folds to lower case: ASCII, Latin-1, Latin Extended-A, the Latin Extended-B letters of
 * Vietnamese, Romanian and Azerbaijani, Latin Extended Additional, Greek, Cyrillic, Armenian,
 * Georgian and fullwidth Latin. Simple (one to one) folding: ß stays ß, ẞ becomes ß.
 * Matching choices, made for a receptionist typing on any keyboard:
 *   - Turkish: I, İ and ı all fold to i, and the combining dot of "i̇" (U+0307 after i) is
 *     dropped, so "ışıl", "IŞIL" and "işil" all find "Işıl" (dotted and dotless i are one letter
 *     to the filter; it never misses a match, it may show a few more rows).
 *   - Greek: final ς folds to σ, and the tonos and dialytika go (ά → α, ϊ → ι), since Greek
 *     capitals are written without them: "ΜΑΡΙΑ" finds "Μαρία".
 * Invalid UTF-8 bytes compare as themselves. No normalisation: a decomposed "e\u0308" is not
 * "ë". */
#ifndef SD_FOLD_H
#define SD_FOLD_H

#include <stdbool.h>
#include <stdint.h>

/* The folded form of one code point (itself when it has none). */
uint32_t fold_char(uint32_t cp);

/* Whether needle occurs in haystack once both are folded; NULL haystack never matches, an
 * empty or NULL needle always does. */
bool fold_contains(const char *haystack, const char *needle);

#endif
