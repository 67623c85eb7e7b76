/* The ':' command line: parsing, the built-in commands and completion. Tab models get each
 * command first (TabModel.command), so :goto, :find and :cancel live with their tabs. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "src/app.h"
#include "src/util/str.h"
#include "src/util/xalloc.h"

static const char *const commands[] = {"connect", "export", "goto",      "find",  "help",
                                       "keymap",  "quit",   "refresh",   "salon", "tab",
                                       "theme",   "cancel", "terminate", NULL};

static void cmd_tab(struct App *app, const char *arg)
{
    for (int v = 0; v < VIEW__COUNT; v++) {
        if (strcasecmp(arg, app_view_name((enum ViewId)v)) == 0 ||
            (arg[0] && arg[1] == '\0' && arg[0] == '1' + v)) {
            app_set_tab(app, (enum ViewId)v);
            return;
        }
    }
    app_message(app, MSG_WARN, ":tab: expected salons, bookings, threads or health");
}

static void cmd_refresh(struct App *app, const char *arg)
{
    char *end;
    double s = strtod(arg, &end);
    if (!*arg || *end || s < 0.1 || s > 3600) {
        app_message(app, MSG_WARN, ":refresh: expected seconds between 0.1 and 3600");
        return;
    }
    app->refresh_ms = (int)(s * 1000);
    app_message(app, MSG_INFO, "refreshing every %g s", s);
}

static void cmd_theme(struct App *app, const char *arg)
{
    if (!*arg) {
        app_message(app, MSG_WARN, ":theme: expected a name, e.g. :theme light");
        return;
    }
    struct Theme t;
    char *err = NULL;
    theme_init_plain(&t, arg);
    if (!app_load_theme(arg, &t, &err)) {
        app_message(app, MSG_WARN, ":theme: %s", err);
        free(err);
        theme_free(&t);
        return;
    }
    theme_free(&app->theme);
    app->theme = t;
    app->look_changed = true;
    app_message(app, MSG_INFO, "theme %s", arg);
}

static void cmd_keymap(struct App *app, const char *arg)
{
    struct Keymap *km = NULL;
    char *err = NULL;
    if (!*arg || !app_load_keymap(arg, &km, &err)) {
        app_message(app, MSG_WARN, ":keymap: %s",
                    err ? err : "expected a name, e.g. :keymap emacs");
        free(err);
        return;
    }
    keymap_free(&app->keymap);
    app->keymap = km;
    app_message(app, MSG_INFO, "keymap %s (? lists its keys)", arg);
}

/* :export csv|json FILE: what the tab shows, filtered and sorted, as --once would print it; in
 * an open thread, the whole thread. */
static void cmd_export(struct App *app, const char *arg)
{
    char fmt[8] = "";
    int n = 0;
    if (sscanf(arg, "%7s %n", fmt, &n) != 1 || (strcmp(fmt, "csv") && strcmp(fmt, "json")) ||
        !arg[n]) {
        app_message(app, MSG_WARN,
                    ":export: expected csv or json and a file, e.g. :export csv "
                    "salons.csv");
        return;
    }
    const char *file = arg + n;
    char *path = file[0] == '~' && file[1] == '/' && getenv("HOME")
                     ? xasprintf("%s%s", getenv("HOME"), file + 1)
                     : xstrdup(file);
    const struct TabModel *m = app->models[app->tab];
    if (m->export_file && m->export_file(app, app->tab, fmt, path)) {
        free(path);
        return;
    }
    if (m->batch_state(app, app->tab) != 1) {
        app_message(app, MSG_WARN, ":export: nothing to export yet on this tab");
        free(path);
        return;
    }
    FILE *f = fopen(path, "w");
    if (!f) {
        app_message(app, MSG_ERROR, ":export: %s: %s", path, strerror(errno));
        free(path);
        return;
    }
    const char *saved = app->opt.format;
    app->opt.format = fmt;
    int rc = m->batch_write(app, app->tab, f);
    app->opt.format = saved;
    if (fclose(f) != 0 || rc != 0)
        app_message(app, MSG_ERROR, ":export: could not write %s", path);
    else
        app_message(app, MSG_INFO, "exported %s to %s", app_view_name(app->tab), path);
    free(path);
}

/* The salon whose name or id matches arg: exactly, else the only one containing it. */
static const char *find_salon(struct App *app, const char *arg, const char **name)
{
    const struct TableData *td = &app->views[VIEW_SALONS];
    if (!td->rows)
        return NULL;
    int cid = db_rows_col(td->rows, "id"), cname = db_rows_col(td->rows, "name");
    int hit = -1, hits = 0;
    for (int r = 0; r < td->rows->nrows; r++) {
        const char *id = db_rows_get(td->rows, r, cid), *nm = db_rows_get(td->rows, r, cname);
        if (str_eq(id, arg) || (nm && strcasecmp(nm, arg) == 0)) {
            hit = r;
            hits = 1;
            break;
        }
        if (str_icontains(nm, arg)) {
            hit = r;
            hits++;
        }
    }
    if (hits != 1)
        return NULL;
    *name = db_rows_get(td->rows, hit, cname);
    return db_rows_get(td->rows, hit, cid);
}

/* True when a salon's id or name is exactly arg. */
static bool salon_named(const struct App *app, const char *arg)
{
    const struct DbRows *rows = app->views[VIEW_SALONS].rows;
    if (!rows)
        return false;
    int cid = db_rows_col(rows, "id"), cname = db_rows_col(rows, "name");
    for (int r = 0; r < rows->nrows; r++) {
        const char *nm = db_rows_get(rows, r, cname);
        if (str_eq(db_rows_get(rows, r, cid), arg) || (nm && strcasecmp(nm, arg) == 0))
            return true;
    }
    return false;
}

/* :salon * (or all, unless a salon is named so, or nothing): every salon again, in Bookings and
 * Threads; the tab on screen stays when it is one of them, else Bookings opens. */
static bool salon_all(struct App *app, const char *arg)
{
    if (*arg && strcmp(arg, "*") != 0 && (strcasecmp(arg, "all") != 0 || salon_named(app, arg)))
        return false;
    enum ViewId show = app->tab == VIEW_THREADS ? VIEW_THREADS : VIEW_BOOKINGS;
    enum ViewId other = show == VIEW_THREADS ? VIEW_BOOKINGS : VIEW_THREADS;
    if (app->models[other]->open)
        app->models[other]->open(app, other, NULL, NULL);
    app_message(app, MSG_INFO, "all salons");
    app_open(app, show, NULL, NULL);
    return true;
}

static void cmd_salon(struct App *app, const char *arg)
{
    if (salon_all(app, arg))
        return;
    const char *name = NULL, *id = find_salon(app, arg, &name);
    if (!app->views[VIEW_SALONS].rows) {
        app_message(app, MSG_WARN, ":salon: the salon list is not loaded yet (press 1)");
        return;
    }
    if (!id) {
        app_message(app, MSG_WARN, ":salon: no single salon matches '%s' (Tab completes)", arg);
        return;
    }
    app_message(app, MSG_INFO, "salon %s", name ? name : id);
    app_open(app, VIEW_BOOKINGS, id, NULL);
}

static void cmd_connect(struct App *app, const char *arg)
{
    char *err = NULL;
    if (!*arg || !app_switch_profile(app, arg, &err)) {
        app_message(app, MSG_WARN, ":connect: %s", err ? err : "expected a profile name");
        free(err);
        return;
    }
    app_message(app, MSG_INFO, "connecting to profile %s", arg);
}

void app_command(struct App *app, const char *line)
{
    while (*line == ' ')
        line++;
    char cmd[32];
    size_t n = strcspn(line, " ");
    if (n == 0)
        return;
    snprintf(cmd, sizeof cmd, "%.*s", (int)(n < sizeof cmd ? n : sizeof cmd - 1), line);
    char *arg = xstrdup(line + n + strspn(line + n, " "));
    for (size_t len = strlen(arg); len && arg[len - 1] == ' '; len--)
        arg[len - 1] = '\0';
    /* The tab on screen first, then the others: :goto belongs to Bookings, :find to Threads,
     * :cancel to Health, wherever the user types them. */
    for (int i = 0; i < VIEW__COUNT; i++) {
        enum ViewId v = (enum ViewId)((app->tab + i) % VIEW__COUNT);
        if (app->models[v]->command && app->models[v]->command(app, v, cmd, arg))
            goto out;
    }
    if (strcmp(cmd, "q") == 0 || strcmp(cmd, "quit") == 0)
        app->quit = true;
    else if (strcmp(cmd, "tab") == 0)
        cmd_tab(app, arg);
    else if (strcmp(cmd, "refresh") == 0)
        cmd_refresh(app, arg);
    else if (strcmp(cmd, "help") == 0)
        app_action(app, ACT_HELP);
    else if (strcmp(cmd, "theme") == 0)
        cmd_theme(app, arg);
    else if (strcmp(cmd, "keymap") == 0)
        cmd_keymap(app, arg);
    else if (strcmp(cmd, "export") == 0)
        cmd_export(app, arg);
    else if (strcmp(cmd, "salon") == 0)
        cmd_salon(app, arg);
    else if (strcmp(cmd, "connect") == 0)
        cmd_connect(app, arg);
    else
        app_message(app, MSG_WARN,
                    "unknown command :%s (:help lists the keys; commands: :tab, "
                    ":salon, :goto, :find, :export, :theme, :keymap, :refresh, "
                    ":connect, :quit)",
                    cmd);
out:
    free(arg);
}

static void add(char ***v, size_t *n, char *s)
{
    *v = xreallocarray(*v, *n + 2, sizeof **v);
    (*v)[(*n)++] = s;
    (*v)[*n] = NULL;
}

char **app_complete(struct App *app, const char *line)
{
    char **v = NULL;
    size_t n = 0;
    const char *sp = strchr(line, ' ');
    if (!sp) {
        for (const char *const *c = commands; *c; c++)
            if (str_starts(*c, line))
                add(&v, &n, xasprintf("%s ", *c));
        return v;
    }
    size_t cl = (size_t)(sp - line);
    const char *arg = sp + 1;
    const struct TableData *td = &app->views[VIEW_SALONS];
    if (cl == 5 && strncmp(line, "salon", 5) == 0 && td->rows) {
        int cname = db_rows_col(td->rows, "name");
        for (int r = 0; r < td->rows->nrows; r++) {
            const char *nm = db_rows_get(td->rows, r, cname);
            if (nm && strncasecmp(nm, arg, strlen(arg)) == 0)
                add(&v, &n, xasprintf("salon %s", nm));
        }
    } else if ((cl == 5 && strncmp(line, "theme", 5) == 0) ||
               (cl == 6 && strncmp(line, "keymap", 6) == 0)) {
        static const char *const themes[] = {"dark", "light", "mono", "high-contrast", NULL};
        static const char *const keymaps[] = {"default", "emacs", NULL};
        for (const char *const *c = cl == 5 ? themes : keymaps; *c; c++)
            if (str_starts(*c, arg))
                add(&v, &n, xasprintf("%.*s %s", (int)cl, line, *c));
    } else if (cl == 3 && strncmp(line, "tab", 3) == 0) {
        for (int t = 0; t < VIEW__COUNT; t++)
            if (str_starts(app_view_name((enum ViewId)t), arg))
                add(&v, &n, xasprintf("tab %s", app_view_name((enum ViewId)t)));
    } else if (cl == 7 && strncmp(line, "connect", 7) == 0) {
        for (size_t i = 0; i < app->cfg.nprofiles; i++)
            if (str_starts(app->cfg.profiles[i].name, arg))
                add(&v, &n, xasprintf("connect %s", app->cfg.profiles[i].name));
    }
    return v;
}

/* The field names each tab's filter understands. Salons takes them from its columns. */
static const char *const bookings_fields[] = {"status", "master", "service", "customer",
                                              "name",   "phone",  "code",    NULL};
static const char *const threads_fields[] = {
    "phone", "name", "customer", "salon", "status", "is:unanswered", "is:failed", "is:ai", NULL};
static const char *const health_fields[] = {"pid",   "user", "database", "application", "client",
                                            "state", "wait", "query",    "blocked_by",  NULL};

char **app_complete_filter(struct App *app, const char *line)
{
    const char *word = strrchr(line, ' ');
    word = word ? word + 1 : line;
    const char *neg = *word == '-' ? "-" : "";
    word += *neg ? 1 : 0;
    if (strchr(word, ':'))
        return NULL; /* the value is the user's */
    size_t keep = (size_t)(word - line) - strlen(neg);
    char **v = NULL;
    size_t n = 0;
    const char *const *fields = NULL;
    const struct DbRows *rows = app->views[app->tab].rows;
    switch (app->tab) {
    case VIEW_BOOKINGS:
        fields = bookings_fields;
        break;
    case VIEW_THREADS:
        fields = threads_fields;
        break;
    case VIEW_HEALTH:
        fields = health_fields;
        break;
    default:
        for (int c = 0; rows && c < rows->ncols; c++)
            if (strncasecmp(rows->names[c], word, strlen(word)) == 0)
                add(&v, &n, xasprintf("%.*s%s%s:", (int)keep, line, neg, rows->names[c]));
        return v;
    }
    for (; *fields; fields++)
        if (strncasecmp(*fields, word, strlen(word)) == 0)
            add(&v, &n,
                xasprintf("%.*s%s%s%s", (int)keep, line, neg, *fields,
                          strchr(*fields, ':') ? " " : ":"));
    return v;
}
