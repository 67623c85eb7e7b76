#include "config.h"

#include "src/config/keys.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* Canonical name first; the others are accepted aliases. Case is ignored inside <...>. */
static const struct {
    const char *name;
    int key;
} named[] = {
    {"Up", SDK_UP},        {"Down", SDK_DOWN},
    {"Left", SDK_LEFT},    {"Right", SDK_RIGHT},
    {"PgUp", SDK_PGUP},    {"PageUp", SDK_PGUP},
    {"PgDn", SDK_PGDN},    {"PageDown", SDK_PGDN},
    {"Home", SDK_HOME},    {"End", SDK_END},
    {"Enter", SDK_ENTER},  {"Return", SDK_ENTER},
    {"CR", SDK_ENTER},     {"Esc", SDK_ESC},
    {"Escape", SDK_ESC},   {"Tab", SDK_TAB},
    {"S-Tab", SDK_BTAB},   {"BackTab", SDK_BTAB},
    {"BS", SDK_BACKSPACE}, {"Backspace", SDK_BACKSPACE},
    {"Del", SDK_DELETE},   {"Delete", SDK_DELETE},
    {"Ins", SDK_INSERT},   {"Insert", SDK_INSERT},
    {"Space", SDK_SPACE},
};

/* Decodes exactly one UTF-8 character that fills s; -1 otherwise. */
static int32_t utf8_single(const unsigned char *s)
{
    size_t n;
    uint32_t cp;
    if (s[0] < 0x80) {
        n = 1;
        cp = s[0];
    } else if (s[0] >= 0xC2 && s[0] <= 0xDF) {
        n = 2;
        cp = s[0] & 0x1Fu;
    } else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
        n = 3;
        cp = s[0] & 0x0Fu;
    } else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
        n = 4;
        cp = s[0] & 0x07u;
    } else {
        return -1;
    }
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return -1;
        cp = (cp << 6) | (s[i] & 0x3Fu);
    }
    if (s[n] != '\0')
        return -1;
    static const uint32_t min[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < min[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return -1;
    return (int32_t)cp;
}

bool key_parse(const char *name, int *key)
{
    if (!name || !*name)
        return false;
    size_t len = strlen(name);
    if (name[0] == '<' && len > 2 && name[len - 1] == '>') {
        const char *in = name + 1;
        size_t n = len - 2;
        for (size_t i = 0; i < sizeof named / sizeof named[0]; i++) {
            if (strlen(named[i].name) == n && strncasecmp(in, named[i].name, n) == 0) {
                *key = named[i].key;
                return true;
            }
        }
        if (n == 3 && (in[0] == 'C' || in[0] == 'c') && in[1] == '-') {
            char c = in[2];
            if (c >= 'a' && c <= 'z') {
                *key = c - 'a' + 1;
                return true;
            }
            if (c >= 'A' && c <= 'Z') {
                *key = c - 'A' + 1;
                return true;
            }
            return false;
        }
        if ((n == 2 || n == 3) && (in[0] == 'F' || in[0] == 'f') && in[1] >= '1' && in[1] <= '9') {
            int f = in[1] - '0';
            if (n == 3) {
                if (in[2] < '0' || in[2] > '9')
                    return false;
                f = f * 10 + (in[2] - '0');
            }
            if (f < 1 || f > 12)
                return false;
            *key = SDK_F1 + f - 1;
            return true;
        }
        return false;
    }
    int32_t cp = utf8_single((const unsigned char *)name);
    /* No control characters (C0, DEL, C1): they have <...> names or mean nothing. */
    if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0))
        return false;
    *key = cp == ' ' ? SDK_SPACE : (int)cp;
    return true;
}

static void utf8_put(char *buf, size_t size, int cp)
{
    char s[5];
    unsigned u = (unsigned)cp;
    if (u < 0x80) {
        s[0] = (char)u;
        s[1] = '\0';
    } else if (u < 0x800) {
        s[0] = (char)(0xC0 | (u >> 6));
        s[1] = (char)(0x80 | (u & 0x3F));
        s[2] = '\0';
    } else if (u < 0x10000) {
        s[0] = (char)(0xE0 | (u >> 12));
        s[1] = (char)(0x80 | ((u >> 6) & 0x3F));
        s[2] = (char)(0x80 | (u & 0x3F));
        s[3] = '\0';
    } else {
        s[0] = (char)(0xF0 | (u >> 18));
        s[1] = (char)(0x80 | ((u >> 12) & 0x3F));
        s[2] = (char)(0x80 | ((u >> 6) & 0x3F));
        s[3] = (char)(0x80 | (u & 0x3F));
        s[4] = '\0';
    }
    /* Never cut a character in half. */
    if (strlen(s) < size)
        snprintf(buf, size, "%s", s);
    else
        snprintf(buf, size, "%s", "");
}

const char *key_to_name(int key, char *buf, size_t size)
{
    if (!buf || size == 0)
        return "";
    if (key >= 1 && key <= 26) {
        snprintf(buf, size, "<C-%c>", 'a' + key - 1);
        return buf;
    }
    if (key >= SDK_F1 && key <= SDK_F12) {
        snprintf(buf, size, "<F%d>", key - SDK_F1 + 1);
        return buf;
    }
    if (key == ' ')
        key = SDK_SPACE;
    for (size_t i = 0; i < sizeof named / sizeof named[0]; i++) {
        if (named[i].key == key) {
            snprintf(buf, size, "<%s>", named[i].name);
            return buf;
        }
    }
    if (key > 0x20 && key <= 0x10FFFF && key != 0x7F && !(key >= 0x80 && key < 0xA0) &&
        !(key >= 0xD800 && key <= 0xDFFF)) {
        utf8_put(buf, size, key);
        return buf;
    }
    snprintf(buf, size, "<0x%x>", (unsigned)key);
    return buf;
}
