/* libFuzzer harness (T03) over the YAML loaders: keymap and theme from memory, and the config
 * loader through a temporary file. Every input must end in success or a clean
 * "origin:..." error, with no crash, leak or undefined behaviour.
 *
 *   clang -g -I. -D_GNU_SOURCE -fsanitize=fuzzer,address,undefined -o fuzz_config \
 *     tests/fuzz/fuzz_config.c src/config/{action,keys,keymap,theme,config,yamldoc,builtin}.c \
 *     src/db/dsn.c src/util/{log,str,text,xalloc}.c builtin_data.c $(pkg-config --cflags --libs \
 *     yaml-0.1 libpq) -lm
 *   ./fuzz_config -max_total_time=45 -dict=yaml.dict corpus/ keymaps/ themes/ */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "src/config/config.h"
#include "src/config/keymap.h"
#include "src/config/theme.h"
#include "src/util/str.h"
#include "src/util/xalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool resolve(const char *name, struct Theme *out, char **err, void *ud)
{
    const struct StrBuf *self = ud;
    /* Extending "self" loops back into the same input: the loop guard must stop it. */
    if (str_eq(name, "self"))
        return theme_load_string(self->s, self->len, "self", out, resolve, ud, err);
    *err = xasprintf("no theme '%s'", name);
    return false;
}

static void check_err(bool ok, char *err, const char *origin)
{
    if (ok != (err == NULL) || (err && !str_starts(err, origin)))
        abort();
    free(err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char path[64];
    struct StrBuf in;
    char *err = NULL;

    sb_init(&in);
    sb_appendn(&in, (const char *)data, size);

    struct Keymap *km = NULL;
    bool ok = keymap_load_string(in.s, in.len, "k", &km, &err);
    check_err(ok, err, "k");
    err = NULL;
    keymap_free(&km);

    struct Theme t;
    theme_init_plain(&t, "t");
    ok = theme_load_string(in.s, in.len, "t", &t, resolve, &in, &err);
    check_err(ok, err, "t");
    err = NULL;
    theme_free(&t);

    if (!path[0])
        snprintf(path, sizeof path, "/tmp/fuzz_config.%ld.yaml", (long)getpid());
    FILE *fp = fopen(path, "wb");
    if (fp) {
        fwrite(in.s, 1, in.len, fp);
        fclose(fp);
        struct Config cfg;
        config_defaults(&cfg);
        ok = config_load(&cfg, path, &err);
        check_err(ok, err, path);
        config_free(&cfg);
    }
    sb_free(&in);
    return 0;
}
