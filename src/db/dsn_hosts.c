#include "config.h"

#include "src/db/dsn_hosts.h"

#include <string.h>

#include "src/util/str.h"
#include "src/util/xalloc.h"

static size_t items(const char *list)
{
    if (!list || !*list)
        return 0;
    size_t n = 1;
    for (const char *p = list; *p; p++)
        n += *p == ',';
    return n;
}

/* The i-th comma-separated item of list (heap); the only item when there is one. */
static char *item(const char *list, size_t i)
{
    if (items(list) == 1)
        return xstrdup(list);
    const char *p = list;
    for (size_t k = 0; k < i && p; k++) {
        p = strchr(p, ',');
        if (p)
            p++;
    }
    if (!p)
        return xstrdup("");
    return xstrndup(p, strcspn(p, ","));
}

size_t dsn_host_count(const struct Dsn *d)
{
    size_t h = items(dsn_get(d, "host")), a = items(dsn_get(d, "hostaddr"));
    size_t n = h > a ? h : a;
    return n ? n : 1;
}

static void copy(const struct Dsn *src, size_t i, bool whole, struct Dsn *dst)
{
    memset(dst, 0, sizeof *dst);
    dst->keys = xcalloc(src->n + 1, sizeof *dst->keys);
    dst->vals = xcalloc(src->n + 1, sizeof *dst->vals);
    for (size_t k = 0; k < src->n; k++) {
        const char *key = src->keys[k];
        bool split = !whole && (strcmp(key, "host") == 0 || strcmp(key, "hostaddr") == 0 ||
                                strcmp(key, "port") == 0);
        dst->keys[k] = xstrdup(key);
        dst->vals[k] = split ? item(src->vals[k], i) : xstrdup(src->vals[k]);
    }
    dst->n = src->n;
    dst->search_path = src->search_path ? xstrdup(src->search_path) : NULL;
    dst->has_password = src->has_password;
    dst->pooler = src->pooler;
}

void dsn_host_copy(const struct Dsn *src, size_t i, struct Dsn *dst)
{
    copy(src, i, false, dst);
}

void dsn_copy(const struct Dsn *src, struct Dsn *dst)
{
    copy(src, 0, true, dst);
}

char *dsn_host_label(const struct Dsn *d)
{
    const char *host = dsn_get(d, "host");
    if (!host || !*host)
        host = dsn_get(d, "hostaddr");
    const char *port = dsn_get(d, "port");
    return xasprintf("%s:%s", host && *host ? host : "localhost", port && *port ? port : "5432");
}

static bool same(const struct Dsn *a, const struct Dsn *b, const char *key)
{
    return str_eq(dsn_get(a, key), dsn_get(b, key));
}

bool dsn_same_server(const struct Dsn *a, const struct Dsn *b)
{
    return same(a, b, "host") && same(a, b, "hostaddr") && same(a, b, "port") &&
           same(a, b, "dbname") && same(a, b, "user") && same(a, b, "service");
}
