/* Keys as the core sees them, independent of curses: a Unicode code point for a character
 * (control keys are their control code, so <C-n> is 14), or one of the named keys below. The UI
 * translates curses key codes into these. */
#ifndef SD_KEYS_H
#define SD_KEYS_H

#include <stdbool.h>
#include <stddef.h>

enum {
    SDK_NONE = 0,
    SDK_BASE = 0x200000,
    SDK_UP,
    SDK_DOWN,
    SDK_LEFT,
    SDK_RIGHT,
    SDK_PGUP,
    SDK_PGDN,
    SDK_HOME,
    SDK_END,
    SDK_ENTER,
    SDK_ESC,
    SDK_TAB,
    SDK_BTAB, /* Shift-Tab */
    SDK_BACKSPACE,
    SDK_DELETE,
    SDK_INSERT,
    SDK_SPACE,
    SDK_F1, /* SDK_F1 + n - 1 for F1..F12 */
    SDK_F12 = SDK_F1 + 11,
    SDK_MAX,
};

/* Parses "j", "?", "<Up>", "<C-n>", "<Enter>", "<Tab>", "<S-Tab>", "<PgUp>", "<PgDn>",
 * "<Home>", "<End>", "<Esc>", "<Space>", "<BS>", "<Del>", "<F5>", or one UTF-8 character.
 * Returns false for anything else. */
bool key_parse(const char *name, int *key);
/* Writes the canonical name of key ("<C-n>", "j", "<Enter>") into buf. */
const char *key_to_name(int key, char *buf, size_t size);

#endif
