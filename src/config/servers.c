#include "config.h"

#include "src/config/servers.h"

#include <stdlib.h>
#include <string.h>

#include "src/db/dsn.h"
#include "src/util/xalloc.h"

#define SERVERS_MAX 16

bool config_load_servers(const struct YamlDoc *doc, const struct YamlNode *n, char ***out,
                         size_t *nout, char **err)
{
    if (!ydoc_expect(doc, n, YNODE_SEQ, "a list of connection strings (a primary and its standbys)",
                     err))
        return false;
    if (n->n == 0 || n->n > SERVERS_MAX) {
        *err =
            ydoc_errf(doc, n, "expected 1 to %d connection strings, found %zu", SERVERS_MAX, n->n);
        return false;
    }
    char **list = xcalloc(n->n, sizeof *list);
    size_t got = 0;
    for (size_t i = 0; i < n->n; i++) {
        const char *s;
        struct Dsn probe;
        char *why = NULL;
        if (!ydoc_to_str(doc, n->items[i], "a connection string or postgresql:// URI", &s, err))
            goto fail;
        if (!dsn_parse(s, &probe, &why)) {
            *err = ydoc_errf(doc, n->items[i], "bad connection string: %s", why);
            free(why);
            goto fail;
        }
        dsn_free(&probe);
        list[got++] = xstrdup(s);
    }
    for (size_t i = 0; i < *nout; i++)
        free((*out)[i]);
    free(*out);
    *out = list;
    *nout = got;
    return true;
fail:
    for (size_t i = 0; i < got; i++)
        free(list[i]);
    free(list);
    return false;
}

bool config_load_read(const struct YamlDoc *doc, const struct YamlNode *n, bool *standby,
                      char **err)
{
    const char *s;
    if (!ydoc_to_str(doc, n, "primary or standby", &s, err))
        return false;
    if (strcmp(s, "primary") != 0 && strcmp(s, "standby") != 0) {
        *err = ydoc_errf(doc, n, "unknown read '%.40s'; expected primary or standby", s);
        return false;
    }
    *standby = strcmp(s, "standby") == 0;
    return true;
}

char **config_servers_clone(char *const *servers, size_t n)
{
    if (!n)
        return NULL;
    char **out = xcalloc(n, sizeof *out);
    for (size_t i = 0; i < n; i++)
        out[i] = xstrdup(servers[i]);
    return out;
}
