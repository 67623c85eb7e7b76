#include "config.h"

#include "src/paths.h"

#include <errno.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "src/util/xalloc.h"

static const char *home_dir(void)
{
    const char *h = getenv("HOME");
    if (h && *h)
        return h;
    const struct passwd *pw = getpwuid(getuid());
    return pw && pw->pw_dir ? pw->pw_dir : "/";
}

static char *xdg_dir(const char *var, const char *fallback)
{
    const char *v = getenv(var);
    if (v && v[0] == '/')
        return xasprintf("%s/salondesk", v);
    return xasprintf("%s/%s/salondesk", home_dir(), fallback);
}

char *paths_config_dir(void)
{
    return xdg_dir("XDG_CONFIG_HOME", ".config");
}

char *paths_state_dir(void)
{
    return xdg_dir("XDG_STATE_HOME", ".local/state");
}

static void mkdir_p(const char *path)
{
    char *p = xstrdup(path);
    for (char *s = p + 1; *s; s++) {
        if (*s != '/')
            continue;
        *s = '\0';
        (void)mkdir(p, 0700);
        *s = '/';
    }
    (void)mkdir(p, 0700);
    free(p);
}

char *paths_state_file(const char *name, bool create)
{
    char *dir = paths_state_dir();
    if (create)
        mkdir_p(dir);
    char *f = xasprintf("%s/%s", dir, name);
    free(dir);
    return f;
}

const char *paths_data_dir(void)
{
    const char *d = getenv("SALONDESK_DATADIR");
    return d && *d ? d : PKGDATADIR;
}

static bool is_file(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

char *paths_find_data(const char *kind, const char *name)
{
    if (strchr(name, '/')) /* an explicit path */
        return is_file(name) ? xstrdup(name) : NULL;
    char *dir = paths_config_dir();
    char *p = xasprintf("%s/%s/%s.yaml", dir, kind, name);
    free(dir);
    if (is_file(p))
        return p;
    free(p);
    p = xasprintf("%s/%s/%s.yaml", paths_data_dir(), kind, name);
    if (is_file(p))
        return p;
    free(p);
    return NULL;
}

static void print_one(FILE *out, const char *what, const char *path)
{
    fprintf(out, "%-10s %s%s\n", what, path, is_file(path) ? "" : "  (not there)");
}

void paths_print(FILE *out, const char *config_path)
{
    char *cfg = paths_config_dir(), *state = paths_state_dir();
    char *conf = config_path ? xstrdup(config_path) : xasprintf("%s/config.yaml", cfg);
    fprintf(out, "reads:\n");
    print_one(out, "config", conf);
    fprintf(out, "%-10s %s/keymaps/NAME.yaml, then %s/keymaps/, then built in\n", "keymaps", cfg,
            paths_data_dir());
    fprintf(out, "%-10s %s/themes/NAME.yaml, then %s/themes/, then built in\n", "themes", cfg,
            paths_data_dir());
    fprintf(out, "%-10s ~/.pgpass, PGSERVICEFILE or ~/.pg_service.conf (libpq)\n", "libpq");
    fprintf(out, "writes (never the config):\n");
    const char *const files[] = {"history", "last_tab", "filters", "audit.log", NULL};
    for (const char *const *f = files; *f; f++) {
        char *p = xasprintf("%s/%s", state, *f);
        print_one(out, *f, p);
        free(p);
    }
    fprintf(out, "%-10s only with --debug-log FILE\n", "debug log");
    free(conf);
    free(cfg);
    free(state);
}
