#include "config.h"

#include "src/util/str.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src/util/fold.h"
#include "src/util/xalloc.h"

void sb_init(struct StrBuf *sb)
{
    sb->cap = 64;
    sb->len = 0;
    sb->s = xmalloc(sb->cap);
    sb->s[0] = '\0';
}

void sb_free(struct StrBuf *sb)
{
    XFREE(sb->s);
    sb->len = sb->cap = 0;
}

void sb_clear(struct StrBuf *sb)
{
    sb->len = 0;
    if (sb->s)
        sb->s[0] = '\0';
}

static void sb_reserve(struct StrBuf *sb, size_t extra)
{
    if (sb->len + extra + 1 <= sb->cap)
        return;
    size_t cap = sb->cap ? sb->cap : 64;
    while (cap < sb->len + extra + 1)
        cap *= 2;
    sb->s = xrealloc(sb->s, cap);
    sb->cap = cap;
}

void sb_putc(struct StrBuf *sb, char c)
{
    sb_reserve(sb, 1);
    sb->s[sb->len++] = c;
    sb->s[sb->len] = '\0';
}

void sb_appendn(struct StrBuf *sb, const char *s, size_t n)
{
    sb_reserve(sb, n);
    memcpy(sb->s + sb->len, s, n);
    sb->len += n;
    sb->s[sb->len] = '\0';
}

void sb_append(struct StrBuf *sb, const char *s)
{
    sb_appendn(sb, s, strlen(s));
}

void sb_vappendf(struct StrBuf *sb, const char *fmt, va_list ap)
{
    va_list cp;
    va_copy(cp, ap);
    int n = vsnprintf(NULL, 0, fmt, cp);
    va_end(cp);
    if (n <= 0)
        return;
    sb_reserve(sb, (size_t)n);
    vsnprintf(sb->s + sb->len, (size_t)n + 1, fmt, ap);
    sb->len += (size_t)n;
}

void sb_appendf(struct StrBuf *sb, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sb_vappendf(sb, fmt, ap);
    va_end(ap);
}

char *sb_steal(struct StrBuf *sb)
{
    char *s = sb->s ? sb->s : xstrdup("");
    sb->s = NULL;
    sb->len = sb->cap = 0;
    return s;
}

bool str_eq(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    return strcmp(a, b) == 0;
}

bool str_starts(const char *s, const char *prefix)
{
    return s && strncmp(s, prefix, strlen(prefix)) == 0;
}

bool str_icontains(const char *haystack, const char *needle)
{
    return fold_contains(haystack, needle);
}

bool str_next_word(const char **p, char *word, size_t cap)
{
    const char *s = *p ? *p : "";
    while (*s == ' ')
        s++;
    size_t n = strcspn(s, " ");
    *p = s + n;
    if (n == 0 || cap == 0)
        return false;
    size_t k = n < cap ? n : cap - 1;
    memcpy(word, s, k);
    word[k] = '\0';
    return true;
}

int str_hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}
