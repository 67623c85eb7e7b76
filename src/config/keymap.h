/* Keymaps as data: YAML that binds keys to actions, per context.
 *
 *   global:            # applies in every tab
 *     quit: [q]
 *     help: ["?", <F1>]
 *   salons:            # only in that tab; looked up before global
 *     open: [<Enter>]
 *
 * Contexts: global, salons, bookings, threads, health, help. An action takes a list of keys
 * or one key. A key listed twice in one context is an error naming both places. Keys listed
 * under `unbind:` (or its synonym `none:`) do nothing in that context: lookup stops there and
 * does not fall back to global. The shipped keymaps/default.yaml is built into the binary. */
#ifndef SD_KEYMAP_H
#define SD_KEYMAP_H

#include <stdbool.h>
#include <stddef.h>

#include "src/config/action.h"
#include "src/tabs.h"

/* The global keys, then one context per tab (src/tabs.h), then the help screen's. */
enum KeyContext {
    KCTX_GLOBAL,
#define SD_TAB_CTX(id, ctx, name, label, model, pane) ctx,
    SD_TABS(SD_TAB_CTX)
#undef SD_TAB_CTX
        KCTX_HELP,
    KCTX__COUNT,
};

struct Keymap;

/* Parses YAML text; `origin` names it in error messages ("file:line:column: ..."). */
bool keymap_load_string(const char *yaml, size_t len, const char *origin, struct Keymap **out,
                        char **err);
bool keymap_load_file(const char *path, struct Keymap **out, char **err);
void keymap_free(struct Keymap **km);

/* The action bound to key in ctx, else in global, else ACT_NONE. */
enum Action keymap_lookup(const struct Keymap *km, enum KeyContext ctx, int key);
/* Up to max keys bound to action in ctx (not falling back to global); returns how many. */
size_t keymap_keys_for(const struct Keymap *km, enum KeyContext ctx, enum Action a, int *keys,
                       size_t max);
const char *keymap_context_name(enum KeyContext ctx);

#endif
