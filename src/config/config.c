#include "config.h"

#include "src/config/config.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "src/config/servers.h"
#include "src/config/theme.h"
#include "src/config/yamldoc.h"
#include "src/db/dsn.h"
#include "src/util/str.h"
#include "src/util/xalloc.h"

#define TOP_KEYS                                                                                   \
    "refresh, theme, keymap, timezone, statement_timeout, lock_timeout, clipboard, mouse, "        \
    "profile, profiles, thresholds"

void config_defaults(struct Config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->refresh_ms = 2000;
    cfg->theme = xstrdup("dark");
    cfg->keymap = xstrdup("default");
    cfg->statement_timeout_ms = 5000;
    cfg->lock_timeout_ms = 2000;
    cfg->clipboard = false;
    cfg->mouse = true;
    cfg->conn_pct = (struct Threshold){80, 95};
    cfg->query_s = (struct Threshold){1, 5};
    cfg->repl_lag_s = (struct Threshold){30, 60};
    cfg->pool_pct = (struct Threshold){80, 95};
}

static void profile_free(struct Profile *p)
{
    XFREE(p->name);
    XFREE(p->dsn);
    XFREE(p->frame);
    XFREE(p->role);
    XFREE(p->salon);
    XFREE(p->pooler_admin);
    for (size_t i = 0; i < p->nservers; i++)
        free(p->servers[i]);
    XFREE(p->servers);
    p->nservers = 0;
}

static void profiles_clear(struct Config *cfg)
{
    for (size_t i = 0; cfg->profiles && i < cfg->nprofiles; i++)
        profile_free(&cfg->profiles[i]);
    XFREE(cfg->profiles);
    cfg->nprofiles = 0;
}

void config_free(struct Config *cfg)
{
    if (!cfg)
        return;
    XFREE(cfg->path);
    XFREE(cfg->theme);
    XFREE(cfg->keymap);
    XFREE(cfg->timezone);
    XFREE(cfg->profile);
    profiles_clear(cfg);
}

static char *dup_or_null(const char *s)
{
    return s ? xstrdup(s) : NULL;
}

static void config_clone(struct Config *dst, const struct Config *src)
{
    *dst = *src;
    dst->path = dup_or_null(src->path);
    dst->theme = dup_or_null(src->theme);
    dst->keymap = dup_or_null(src->keymap);
    dst->timezone = dup_or_null(src->timezone);
    dst->profile = dup_or_null(src->profile);
    dst->profiles = src->nprofiles ? xcalloc(src->nprofiles, sizeof *dst->profiles) : NULL;
    for (size_t i = 0; i < src->nprofiles; i++) {
        const struct Profile *p = &src->profiles[i];
        dst->profiles[i] = (struct Profile){dup_or_null(p->name),
                                            dup_or_null(p->dsn),
                                            dup_or_null(p->frame),
                                            dup_or_null(p->role),
                                            dup_or_null(p->salon),
                                            NULL,
                                            0,
                                            dup_or_null(p->pooler_admin),
                                            p->read_standby};
        dst->profiles[i].servers = config_servers_clone(p->servers, p->nservers);
        dst->profiles[i].nservers = p->nservers;
    }
}

const struct Profile *config_profile(const struct Config *cfg, const char *name)
{
    if (!cfg || !name)
        return NULL;
    for (size_t i = 0; cfg->profiles && i < cfg->nprofiles; i++)
        if (str_eq(cfg->profiles[i].name, name))
            return &cfg->profiles[i];
    return NULL;
}

/* A duration: a number in `unit_ms` milliseconds, or a string with a unit ("500ms", "2s",
 * "1min"). */
static bool load_duration(const struct YamlDoc *doc, const struct YamlNode *n, double unit_ms,
                          bool whole, double min_ms, double max_ms, const char *expect, int *out,
                          char **err)
{
    if (!ydoc_expect(doc, n, YNODE_SCALAR, expect, err))
        return false;
    char *end = NULL;
    double v = strtod(n->str, &end);
    double factor = unit_ms;
    bool ok = end != n->str && isfinite(v);
    if (ok && *end) {
        if (str_eq(end, "ms"))
            factor = 1;
        else if (str_eq(end, "s"))
            factor = 1000;
        else if (str_eq(end, "min"))
            factor = 60000;
        else
            ok = false;
    } else if (ok && whole && v != floor(v)) {
        ok = false;
    }
    double ms = ok ? v * factor : 0;
    if (!ok || ms < min_ms || ms > max_ms) {
        *err = ydoc_errf(doc, n, "expected %s, found '%.40s'", expect, n->str);
        return false;
    }
    *out = (int)lround(ms);
    return true;
}

static bool load_string(const struct YamlDoc *doc, const struct YamlNode *n, const char *what,
                        char **dst, char **err)
{
    const char *s;
    if (!ydoc_to_str(doc, n, what, &s, err))
        return false;
    free(*dst);
    *dst = xstrdup(s);
    return true;
}

static bool load_profile(const struct YamlDoc *doc, const struct YamlNode *name,
                         const struct YamlNode *map, struct Profile *p, char **err)
{
    p->name = xstrdup(name->str);
    if (ydoc_is_null(map))
        return true; /* libpq's environment */
    if (!ydoc_expect(doc, map, YNODE_MAP,
                     "a map with dsn, servers, read, frame, role, salon, pooler_admin", err))
        return false;
    for (size_t i = 0; i < map->n; i++) {
        const struct YamlNode *k = map->keys[i];
        const struct YamlNode *v = map->items[i];
        if (str_eq(k->str, "dsn")) {
            if (!load_string(doc, v, "a connection string or postgresql:// URI", &p->dsn, err))
                return false;
        } else if (str_eq(k->str, "frame")) {
            int c;
            if (!load_string(doc, v, "a colour", &p->frame, err))
                return false;
            if (!theme_parse_color(p->frame, &c)) {
                *err = ydoc_errf(doc, v,
                                 "bad colour '%.40s'; expected a name such as yellow or red, "
                                 "0..255 or \"#rrggbb\"",
                                 p->frame);
                return false;
            }
        } else if (str_eq(k->str, "role")) {
            if (!load_string(doc, v, "dba, support or staff", &p->role, err))
                return false;
            if (!str_eq(p->role, "dba") && !str_eq(p->role, "support") &&
                !str_eq(p->role, "staff")) {
                *err = ydoc_errf(doc, v, "unknown role '%.40s'; expected dba, support or staff",
                                 p->role);
                return false;
            }
        } else if (str_eq(k->str, "salon")) {
            if (!load_string(doc, v, "a salon name or id", &p->salon, err))
                return false;
        } else if (str_eq(k->str, "pooler_admin")) {
            if (!load_string(doc, v, "the pooler's admin console: a connection string, or off",
                             &p->pooler_admin, err))
                return false;
        } else if (str_eq(k->str, "read")) {
            if (!config_load_read(doc, v, &p->read_standby, err))
                return false;
        } else if (str_eq(k->str, "servers")) {
            if (!config_load_servers(doc, v, &p->servers, &p->nservers, err))
                return false;
        } else if (str_eq(k->str, "password")) {
            *err = ydoc_errf(doc, k,
                             "a password is not read from the config file; put it in ~/.pgpass "
                             "or use a service file (pg_service.conf)");
            return false;
        } else {
            *err = ydoc_errf(doc, k,
                             "unknown key '%.40s'; expected dsn, servers, read, frame, role, salon "
                             "or pooler_admin",
                             k->str);
            return false;
        }
    }
    return true;
}

static bool load_profiles(const struct YamlDoc *doc, const struct YamlNode *map, struct Config *cfg,
                          char **err)
{
    profiles_clear(cfg);
    if (ydoc_is_null(map))
        return true;
    if (!ydoc_expect(doc, map, YNODE_MAP, "a map of profile name: settings", err))
        return false;
    cfg->profiles = xcalloc(map->n, sizeof *cfg->profiles);
    for (size_t i = 0; i < map->n; i++) {
        cfg->nprofiles++;
        if (!load_profile(doc, map->keys[i], map->items[i], &cfg->profiles[i], err))
            return false;
    }
    return true;
}

static bool load_threshold(const struct YamlDoc *doc, const struct YamlNode *n, double max,
                           struct Threshold *t, char **err)
{
    double v[2];
    if (!ydoc_expect(doc, n, YNODE_SEQ, "a list [warn, critical]", err))
        return false;
    if (n->n != 2) {
        *err =
            ydoc_errf(doc, n, "expected a list of two numbers [warn, critical], found %zu", n->n);
        return false;
    }
    for (int i = 0; i < 2; i++)
        if (!ydoc_to_double(doc, n->items[i], 0, max, &v[i], err))
            return false;
    if (v[0] > v[1]) {
        *err = ydoc_errf(doc, n->items[1], "the critical level %g is below the warning level %g",
                         v[1], v[0]);
        return false;
    }
    t->warn = v[0];
    t->crit = v[1];
    return true;
}

static bool load_thresholds(const struct YamlDoc *doc, const struct YamlNode *map,
                            struct Config *cfg, char **err)
{
    if (ydoc_is_null(map))
        return true;
    if (!ydoc_expect(doc, map, YNODE_MAP,
                     "a map with connections, query_seconds, replication_lag_seconds, "
                     "pool_connections",
                     err))
        return false;
    for (size_t i = 0; i < map->n; i++) {
        const struct YamlNode *k = map->keys[i];
        bool ok;
        if (str_eq(k->str, "connections"))
            ok = load_threshold(doc, map->items[i], 100, &cfg->conn_pct, err);
        else if (str_eq(k->str, "query_seconds"))
            ok = load_threshold(doc, map->items[i], 1e9, &cfg->query_s, err);
        else if (str_eq(k->str, "replication_lag_seconds"))
            ok = load_threshold(doc, map->items[i], 1e9, &cfg->repl_lag_s, err);
        else if (str_eq(k->str, "pool_connections"))
            ok = load_threshold(doc, map->items[i], 100, &cfg->pool_pct, err);
        else {
            *err = ydoc_errf(doc, k,
                             "unknown key '%.40s'; expected connections, query_seconds, "
                             "replication_lag_seconds or pool_connections",
                             k->str);
            ok = false;
        }
        if (!ok)
            return false;
    }
    return true;
}

static bool load_key(const struct YamlDoc *doc, const struct YamlNode *k, const struct YamlNode *v,
                     struct Config *cfg, char **err)
{
    const char *key = k->str;
    if (str_eq(key, "refresh"))
        return load_duration(doc, v, 1000, false, 100, 3600000,
                             "seconds from 0.1 to 3600 (e.g. 2, 0.5 or \"500ms\")",
                             &cfg->refresh_ms, err);
    if (str_eq(key, "statement_timeout") || str_eq(key, "lock_timeout"))
        return load_duration(
            doc, v, 1, true, 0, 2147483647.0, "milliseconds, 0 to disable (e.g. 5000 or \"5s\")",
            str_eq(key, "lock_timeout") ? &cfg->lock_timeout_ms : &cfg->statement_timeout_ms, err);
    if (str_eq(key, "theme"))
        return load_string(doc, v, "a theme name such as dark", &cfg->theme, err);
    if (str_eq(key, "keymap"))
        return load_string(doc, v, "a keymap name such as default", &cfg->keymap, err);
    if (str_eq(key, "timezone"))
        return load_string(doc, v, "a time zone such as Europe/Moscow", &cfg->timezone, err);
    if (str_eq(key, "profile"))
        return load_string(doc, v, "a profile name", &cfg->profile, err);
    if (str_eq(key, "clipboard"))
        return ydoc_to_bool(doc, v, &cfg->clipboard, err);
    if (str_eq(key, "mouse"))
        return ydoc_to_bool(doc, v, &cfg->mouse, err);
    if (str_eq(key, "profiles"))
        return load_profiles(doc, v, cfg, err);
    if (str_eq(key, "thresholds"))
        return load_thresholds(doc, v, cfg, err);
    *err = ydoc_errf(doc, k, "unknown key '%.40s'; expected one of " TOP_KEYS, key);
    return false;
}

/* libpq's rule for ~/.pgpass, applied to a config file that holds a password. */
static bool check_secret_file(const char *path, const char *profile, char **err)
{
    struct stat st;
    if (lstat(path, &st) != 0) {
        *err = xasprintf("%s: cannot stat: %s", path, strerror(errno));
        return false;
    }
    if (S_ISLNK(st.st_mode)) {
        *err = xasprintf("%s: holds a password (profile %s) but is a symbolic link; use the "
                         "real file, or move the password to ~/.pgpass",
                         path, profile);
        return false;
    }
    if (!S_ISREG(st.st_mode)) {
        *err =
            xasprintf("%s: holds a password (profile %s) but is not a regular file", path, profile);
        return false;
    }
    if (st.st_uid != getuid()) {
        *err = xasprintf("%s: holds a password (profile %s) but is owned by uid %ld, not by you "
                         "(uid %ld)",
                         path, profile, (long)st.st_uid, (long)getuid());
        return false;
    }
    if (st.st_mode & (S_IRWXG | S_IRWXO)) {
        *err =
            xasprintf("%s: holds a password (profile %s) but is %s by others (mode %04o); "
                      "run: chmod 600 %s",
                      path, profile, (st.st_mode & (S_IRGRP | S_IROTH)) ? "readable" : "accessible",
                      (unsigned)(st.st_mode & 07777), path);
        return false;
    }
    return true;
}

bool config_load(struct Config *cfg, const char *path, char **err)
{
    bool ok = false;
    bool missing = false;
    char *data = NULL;
    size_t len = 0;
    struct YamlDoc *doc = NULL;
    struct Config tmp;

    config_clone(&tmp, cfg);
    if (!ydoc_read_file(path, &data, &len, &missing, err)) {
        if (missing) {
            XFREE(*err);
            ok = true;
        }
        goto out;
    }
    if (!ydoc_parse(data, len, path, &doc, err))
        goto out;
    if (doc->root) {
        if (!ydoc_expect(doc, doc->root, YNODE_MAP, "a map of settings (" TOP_KEYS ")", err))
            goto out;
        for (size_t i = 0; i < doc->root->n; i++)
            if (!load_key(doc, doc->root->keys[i], doc->root->items[i], &tmp, err))
                goto out;
    }
    const struct YamlNode *pn = ydoc_map_get(doc->root, "profile");
    if (pn && tmp.nprofiles > 0 && !config_profile(&tmp, tmp.profile)) {
        struct StrBuf sb;
        sb_init(&sb);
        for (size_t i = 0; tmp.profiles && i < tmp.nprofiles; i++)
            sb_appendf(&sb, "%s%s", i ? ", " : "", tmp.profiles[i].name);
        *err = ydoc_errf(doc, pn, "profile '%.40s' is not defined; profiles: has %s", tmp.profile,
                         sb.s);
        sb_free(&sb);
        goto out;
    }
    for (size_t i = 0; tmp.profiles && i < tmp.nprofiles; i++) {
        const struct Profile *p = &tmp.profiles[i];
        bool secret = (p->dsn && dsn_has_password(p->dsn)) ||
                      (p->pooler_admin && dsn_has_password(p->pooler_admin));
        for (size_t j = 0; j < p->nservers; j++)
            secret = secret || dsn_has_password(p->servers[j]);
        if (secret && !check_secret_file(path, p->name, err))
            goto out;
    }
    free(tmp.path);
    tmp.path = xstrdup(path);
    config_free(cfg);
    *cfg = tmp;
    memset(&tmp, 0, sizeof tmp);
    ok = true;
out:
    config_free(&tmp);
    ydoc_free(&doc);
    free(data);
    return ok;
}
