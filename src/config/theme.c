#include "config.h"

#include "src/config/theme.h"

#include <stdlib.h>
#include <string.h>

#include "src/config/yamldoc.h"
#include "src/util/str.h"
#include "src/util/xalloc.h"

#define THEME_MAX_EXTENDS 8

static const char *const role_names[ROLE__COUNT] = {
#define SD_ROLE_NAME(e, n) [ROLE_##e] = n,
    SD_ROLES(SD_ROLE_NAME)
#undef SD_ROLE_NAME
};

static const char *const color_names[16] = {
    "black",        "red",           "green",       "yellow",         "blue",
    "magenta",      "cyan",          "white",       "bright-black",   "bright-red",
    "bright-green", "bright-yellow", "bright-blue", "bright-magenta", "bright-cyan",
    "bright-white",
};

static const struct {
    const char *name;
    unsigned bit;
} attr_names[] = {
    {"bold", THEME_BOLD},           {"dim", THEME_DIM},       {"reverse", THEME_REVERSE},
    {"underline", THEME_UNDERLINE}, {"italic", THEME_ITALIC},
};

/* The names of the themes being extended right now, to stop a loop of extends: (the resolver
 * calls back into theme_load_string, so the chain cannot travel through the arguments). */
static _Thread_local const char *extends_chain[THEME_MAX_EXTENDS];
static _Thread_local size_t extends_depth;

const char *theme_role_name(enum ThemeRole r)
{
    if ((int)r < 0 || r >= ROLE__COUNT)
        return "?";
    return role_names[r];
}

int theme_role_from_name(const char *name)
{
    for (int i = 0; i < ROLE__COUNT; i++)
        if (str_eq(role_names[i], name))
            return i;
    return -1;
}

bool theme_parse_color(const char *s, int *out)
{
    if (!s || !*s)
        return false;
    if (str_eq(s, "default")) {
        *out = THEME_COLOR_DEFAULT;
        return true;
    }
    for (int i = 0; i < 16; i++) {
        if (str_eq(s, color_names[i])) {
            *out = i;
            return true;
        }
    }
    if (s[0] == '#') {
        int v[6];
        if (strlen(s) != 7)
            return false;
        for (int i = 0; i < 6; i++)
            if ((v[i] = str_hexval(s[i + 1])) < 0)
                return false;
        *out = THEME_RGB(v[0] * 16 + v[1], v[2] * 16 + v[3], v[4] * 16 + v[5]);
        return true;
    }
    int n = 0;
    size_t i = 0;
    for (; s[i] >= '0' && s[i] <= '9' && i < 3; i++)
        n = n * 10 + (s[i] - '0');
    if (i == 0 || s[i] != '\0' || n > 255)
        return false;
    *out = n;
    return true;
}

void theme_init_plain(struct Theme *t, const char *name)
{
    t->name = name ? xstrdup(name) : NULL;
    for (int i = 0; i < ROLE__COUNT; i++)
        t->roles[i] = (struct ThemeStyle){THEME_COLOR_DEFAULT, THEME_COLOR_DEFAULT, 0};
    t->roles[ROLE_LIST_CURSOR].attrs = THEME_REVERSE;
}

void theme_free(struct Theme *t)
{
    if (t)
        XFREE(t->name);
}

static bool load_color(const struct YamlDoc *doc, const struct YamlNode *n, int *out, char **err)
{
    if (n->kind == YNODE_SCALAR && ydoc_is_null(n)) {
        *err = ydoc_errf(doc, n,
                         "expected a colour, found an empty value (write \"#rrggbb\" in quotes: "
                         "YAML reads # as the start of a comment)");
        return false;
    }
    if (!ydoc_expect(doc, n, YNODE_SCALAR, "a colour", err))
        return false;
    if (!theme_parse_color(n->str, out)) {
        *err = ydoc_errf(doc, n,
                         "bad colour '%.40s'; expected default, black, red, green, yellow, blue, "
                         "magenta, cyan, white, bright-<name>, 0..255 or \"#rrggbb\"",
                         n->str);
        return false;
    }
    return true;
}

static bool load_attr(const struct YamlDoc *doc, const struct YamlNode *n, unsigned *attrs,
                      char **err)
{
    if (!ydoc_expect(doc, n, YNODE_SCALAR, "an attribute", err))
        return false;
    if (str_eq(n->str, "none"))
        return true;
    for (size_t i = 0; i < sizeof attr_names / sizeof attr_names[0]; i++) {
        if (str_eq(n->str, attr_names[i].name)) {
            *attrs |= attr_names[i].bit;
            return true;
        }
    }
    *err = ydoc_errf(doc, n,
                     "bad attribute '%.40s'; expected bold, dim, reverse, underline, italic or "
                     "none",
                     n->str);
    return false;
}

static bool load_style(const struct YamlDoc *doc, const struct YamlNode *map, struct ThemeStyle *st,
                       char **err)
{
    if (!ydoc_expect(doc, map, YNODE_MAP, "a map with fg, bg and attrs", err))
        return false;
    for (size_t i = 0; i < map->n; i++) {
        const char *k = map->keys[i]->str;
        const struct YamlNode *v = map->items[i];
        if (str_eq(k, "fg")) {
            if (!load_color(doc, v, &st->fg, err))
                return false;
        } else if (str_eq(k, "bg")) {
            if (!load_color(doc, v, &st->bg, err))
                return false;
        } else if (str_eq(k, "attrs")) {
            unsigned attrs = 0;
            if (v->kind == YNODE_SEQ) {
                for (size_t j = 0; j < v->n; j++)
                    if (!load_attr(doc, v->items[j], &attrs, err))
                        return false;
            } else if (!load_attr(doc, v, &attrs, err)) {
                return false;
            }
            st->attrs = attrs;
        } else {
            *err = ydoc_errf(doc, map->keys[i], "unknown key '%.40s'; expected fg, bg or attrs", k);
            return false;
        }
    }
    return true;
}

static char *unknown_role(const struct YamlDoc *doc, const struct YamlNode *n)
{
    struct StrBuf sb;
    sb_init(&sb);
    for (int i = 0; i < ROLE__COUNT; i++)
        sb_appendf(&sb, "%s%s", i ? ", " : "", role_names[i]);
    char *e = ydoc_errf(doc, n, "unknown role '%.40s'; expected one of %s", n->str, sb.s);
    sb_free(&sb);
    return e;
}

static bool do_extends(const struct YamlDoc *doc, const struct YamlNode *n,
                       theme_resolve_fn resolve, void *ud, struct ThemeStyle *roles, char **err)
{
    const char *name;
    char *rerr = NULL;
    struct Theme base;
    bool ok;

    if (!ydoc_to_str(doc, n, "the name of a theme", &name, err))
        return false;
    if (!resolve) {
        *err = ydoc_errf(doc, n, "extends: is not available for this theme");
        return false;
    }
    for (size_t i = 0; i < extends_depth; i++) {
        if (str_eq(extends_chain[i], name)) {
            *err =
                ydoc_errf(doc, n, "theme '%.40s' extends itself through a loop of extends:", name);
            return false;
        }
    }
    if (extends_depth >= THEME_MAX_EXTENDS) {
        *err = ydoc_errf(doc, n, "extends: goes deeper than %d themes", THEME_MAX_EXTENDS);
        return false;
    }
    theme_init_plain(&base, name);
    extends_chain[extends_depth++] = name;
    ok = resolve(name, &base, &rerr, ud);
    extends_depth--;
    if (ok) {
        memcpy(roles, base.roles, sizeof base.roles);
    } else {
        *err = ydoc_errf(doc, n, "cannot extend '%.40s': %s", name, rerr ? rerr : "no such theme");
    }
    free(rerr);
    theme_free(&base);
    return ok;
}

bool theme_load_string(const char *yaml, size_t len, const char *origin, struct Theme *out,
                       theme_resolve_fn resolve, void *ud, char **err)
{
    bool ok = false;
    struct YamlDoc *doc = NULL;
    struct ThemeStyle roles[ROLE__COUNT];

    memcpy(roles, out->roles, sizeof roles);
    if (!ydoc_parse(yaml, len, origin, &doc, err))
        goto out;
    const struct YamlNode *root = doc->root;
    if (!ydoc_expect(doc, root, YNODE_MAP, "a map with roles: (and optionally extends:)", err))
        goto out;
    for (size_t i = 0; i < root->n; i++) {
        const char *k = root->keys[i]->str;
        if (!str_eq(k, "extends") && !str_eq(k, "roles") && !str_eq(k, "description")) {
            *err = ydoc_errf(doc, root->keys[i],
                             "unknown key '%.40s'; expected extends, roles or description", k);
            goto out;
        }
    }
    const struct YamlNode *ext = ydoc_map_get(root, "extends");
    if (ext && !do_extends(doc, ext, resolve, ud, roles, err))
        goto out;
    const struct YamlNode *rmap = ydoc_map_get(root, "roles");
    if (rmap && !ydoc_is_null(rmap)) {
        if (!ydoc_expect(doc, rmap, YNODE_MAP, "a map of role: {fg, bg, attrs}", err))
            goto out;
        for (size_t i = 0; i < rmap->n; i++) {
            int r = theme_role_from_name(rmap->keys[i]->str);
            if (r < 0) {
                *err = unknown_role(doc, rmap->keys[i]);
                goto out;
            }
            if (!load_style(doc, rmap->items[i], &roles[r], err))
                goto out;
        }
    }
    memcpy(out->roles, roles, sizeof roles);
    ok = true;
out:
    ydoc_free(&doc);
    return ok;
}

bool theme_load_file(const char *path, struct Theme *out, theme_resolve_fn resolve, void *ud,
                     char **err)
{
    char *data = NULL;
    size_t len = 0;
    bool ok = false;

    if (!ydoc_read_file(path, &data, &len, NULL, err))
        goto out;
    ok = theme_load_string(data, len, path, out, resolve, ud, err);
out:
    free(data);
    return ok;
}
