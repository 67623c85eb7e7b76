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
