#include "config.h"

#include "src/config/keymap.h"

#include <stdlib.h>
#include <string.h>

#include "src/config/keys.h"
#include "src/config/yamldoc.h"
#include "src/util/str.h"
#include "src/util/xalloc.h"

/* One binding: the key, its action (ACT_NONE for `unbind:`), and where it was written, for the
 * duplicate message. */
struct Binding {
    int key;
    enum Action action;
    int line;
    int col;
};

struct Keymap {
    struct Binding *b[KCTX__COUNT];
    size_t n[KCTX__COUNT];
};

static const char *const ctx_names[KCTX__COUNT] = {
    [KCTX_GLOBAL] = "global",
#define SD_TAB_CTX_NAME(id, ctx, name, label, model, pane) [ctx] = name,
    SD_TABS(SD_TAB_CTX_NAME)
#undef SD_TAB_CTX_NAME
        [KCTX_HELP] = "help",
};

const char *keymap_context_name(enum KeyContext ctx)
{
    if ((int)ctx < 0 || ctx >= KCTX__COUNT)
        return "?";
    return ctx_names[ctx];
}

static int context_from_name(const char *name)
{
    for (int i = 0; i < KCTX__COUNT; i++)
        if (str_eq(ctx_names[i], name))
            return i;
    return -1;
}

void keymap_free(struct Keymap **kmp)
{
    struct Keymap *km = *kmp;
    if (!km)
        return;
    for (int i = 0; i < KCTX__COUNT; i++)
        free(km->b[i]);
    XFREE(*kmp);
}

static const struct Binding *find(const struct Keymap *km, int ctx, int key)
{
    for (size_t i = 0; i < km->n[ctx]; i++)
        if (km->b[ctx][i].key == key)
            return &km->b[ctx][i];
    return NULL;
}

enum Action keymap_lookup(const struct Keymap *km, enum KeyContext ctx, int key)
{
    if (!km || (int)ctx < 0 || ctx >= KCTX__COUNT)
        return ACT_NONE;
    const struct Binding *b = find(km, ctx, key);
    if (!b && ctx != KCTX_GLOBAL)
        b = find(km, KCTX_GLOBAL, key);
    return b ? b->action : ACT_NONE;
}

size_t keymap_keys_for(const struct Keymap *km, enum KeyContext ctx, enum Action a, int *keys,
                       size_t max)
{
    size_t got = 0;
    if (!km || (int)ctx < 0 || ctx >= KCTX__COUNT)
        return 0;
    for (size_t i = 0; i < km->n[ctx] && got < max; i++)
        if (km->b[ctx][i].action == a)
            keys[got++] = km->b[ctx][i].key;
    return got;
}

static char *unknown_action(const struct YamlDoc *doc, const struct YamlNode *n)
{
    struct StrBuf sb;
    sb_init(&sb);
    _Static_assert(ACT__COUNT > 8, "the message names eight actions");
    for (int i = ACT_NONE + 1; i <= 8; i++)
        sb_appendf(&sb, "%s, ", action_name((enum Action)i));
    char *e = ydoc_errf(doc, n,
                        "unknown action '%s'; expected an action such as %s... or unbind (the "
                        "help screen lists them all)",
                        n->str, sb.s);
    sb_free(&sb);
    return e;
}

static bool bind_key(struct Keymap *km, int ctx, const struct YamlDoc *doc,
                     const struct YamlNode *kn, enum Action a, char **err)
{
    int key;
    if (!ydoc_expect(doc, kn, YNODE_SCALAR, "a key name such as j, <C-n>, <Enter> or <F5>", err))
        return false;
    if (!key_parse(kn->str, &key)) {
        *err = ydoc_errf(doc, kn,
                         "bad key name '%.40s'; expected one character or <Up>, <C-n>, <Enter>, "
                         "<Esc>, <Tab>, <S-Tab>, <PgUp>, <F1>..<F12> and the like",
                         kn->str);
        return false;
    }
    const struct Binding *old = find(km, ctx, key);
    if (old) {
        char name[32];
        *err = ydoc_errf(doc, kn,
                         "key %s is bound twice in '%s': to %s at line %d, column %d, and to %s "
                         "here",
                         key_to_name(key, name, sizeof name), ctx_names[ctx],
                         old->action == ACT_NONE ? "unbind" : action_name(old->action), old->line,
                         old->col, a == ACT_NONE ? "unbind" : action_name(a));
        return false;
    }
    size_t n = km->n[ctx];
    km->b[ctx] = xreallocarray(km->b[ctx], n + 1, sizeof *km->b[ctx]);
    km->b[ctx][n] = (struct Binding){.key = key, .action = a, .line = kn->line, .col = kn->col};
    km->n[ctx] = n + 1;
    return true;
}

static bool load_context(struct Keymap *km, int ctx, const struct YamlDoc *doc,
                         const struct YamlNode *map, char **err)
{
    if (ydoc_is_null(map))
        return true; /* "help:" with nothing under it */
    if (!ydoc_expect(doc, map, YNODE_MAP, "a map of action: [keys]", err))
        return false;
    for (size_t i = 0; i < map->n; i++) {
        const struct YamlNode *an = map->keys[i];
        const struct YamlNode *v = map->items[i];
        enum Action a = ACT_NONE;
        if (!str_eq(an->str, "unbind") && !str_eq(an->str, "none")) {
            a = action_from_name(an->str);
            if (a == ACT_NONE) {
                *err = unknown_action(doc, an);
                return false;
            }
        }
        if (ydoc_is_null(v))
            continue; /* "pause:" binds nothing */
        if (v->kind == YNODE_SCALAR) {
            if (!bind_key(km, ctx, doc, v, a, err))
                return false;
            continue;
        }
        if (!ydoc_expect(doc, v, YNODE_SEQ, "a list of key names or one key name", err))
            return false;
        for (size_t j = 0; j < v->n; j++)
            if (!bind_key(km, ctx, doc, v->items[j], a, err))
                return false;
    }
    return true;
}

bool keymap_load_string(const char *yaml, size_t len, const char *origin, struct Keymap **out,
                        char **err)
{
    bool ok = false;
    struct YamlDoc *doc = NULL;
    struct Keymap *km = NULL;

    *out = NULL;
    if (!ydoc_parse(yaml, len, origin, &doc, err))
        goto out;
    if (!ydoc_expect(doc, doc->root, YNODE_MAP,
                     "a map of contexts (global, salons, bookings, threads, health, help)", err))
        goto out;
    km = xcalloc(1, sizeof *km);
    for (size_t i = 0; i < doc->root->n; i++) {
        const struct YamlNode *cn = doc->root->keys[i];
        int ctx = context_from_name(cn->str);
        if (ctx < 0) {
            *err = ydoc_errf(doc, cn,
                             "unknown context '%.40s'; expected one of global, salons, bookings, "
                             "threads, health, help",
                             cn->str);
            goto out;
        }
        if (!load_context(km, ctx, doc, doc->root->items[i], err))
            goto out;
    }
    *out = km;
    km = NULL;
    ok = true;
out:
    keymap_free(&km);
    ydoc_free(&doc);
    return ok;
}

bool keymap_load_file(const char *path, struct Keymap **out, char **err)
{
    char *data = NULL;
    size_t len = 0;
    bool ok = false;

    *out = NULL;
    if (!ydoc_read_file(path, &data, &len, NULL, err))
        goto out;
    ok = keymap_load_string(data, len, path, out, err);
out:
    free(data);
    return ok;
}
