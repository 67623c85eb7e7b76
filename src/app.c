#include "config.h"

#include "src/app.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "src/config/builtin.h"
#include "src/loop.h"
#include "src/model/bookings.h"
#include "src/model/fleet.h"
#include "src/model/health.h"
#include "src/model/salon_detail.h"
#include "src/model/threads.h"
#include "src/paths.h"
#include "src/queries/schema_sql.h"
#include "src/sig.h"
#include "src/util/log.h"
#include "src/util/str.h"
#include "src/util/text.h"
#include "src/util/tz.h"
#include "src/util/xalloc.h"

/* A start-up error on stderr. It quotes what the user gave (argv, config values, libpq's
 * reading of a connection string), so it is shown through text_safe(): an escape sequence in
 * it is drawn, not sent to the terminal. */
static void __attribute__((format(printf, 1, 2))) say(const char *fmt, ...)
{
    struct StrBuf sb;
    sb_init(&sb);
    va_list ap;
    va_start(ap, fmt);
    sb_vappendf(&sb, fmt, ap);
    va_end(ap);
    char *safe = text_safe(sb.s, (size_t)-1, TEXT_KEEP_NEWLINES);
    fprintf(stderr, "salondesk: %s\n", safe);
    free(safe);
    sb_free(&sb);
}

/* Each tab's model. A tab that needs more than one query into a table brings its own. */
static const struct TabModel *const tab_models[VIEW__COUNT] = {
#define SD_TAB_MODEL(id, ctx, name, label, model, pane) [id] = &model,
    SD_TABS(SD_TAB_MODEL)
#undef SD_TAB_MODEL
};

int64_t app_next_refresh(const struct App *app, int64_t now_ms, double elapsed_ms)
{
    int64_t wait = (int64_t)(elapsed_ms * (APP_REFRESH_SHARE - 1));
    return now_ms + (wait > app->refresh_ms ? wait : app->refresh_ms);
}

const char *app_view_name(enum ViewId v)
{
    return tab_name(v);
}

const char *app_view_label(enum ViewId v)
{
    return tab_label(v);
}

/* libpq's messages start with the severity ("ERROR:  "); the status line colours that in. */
static void drop_severity(struct StrBuf *sb)
{
    static const char *const prefixes[] = {"ERROR:  ", "FATAL:  ", "WARNING:  ", "NOTICE:  ", NULL};
    for (const char *const *p = prefixes; *p; p++) {
        char *at = strstr(sb->s, *p);
        if (at) {
            size_t n = strlen(*p);
            memmove(at, at + n, strlen(at + n) + 1);
            sb->len -= n;
            return;
        }
    }
}

void app_key_seen(struct App *app)
{
    if (app->message && app->message_level >= MSG_WARN) {
        XFREE(app->message);
        app->dirty = true;
    }
}

void app_message(struct App *app, enum MsgLevel level, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    struct StrBuf sb;
    sb_init(&sb);
    sb_vappendf(&sb, fmt, ap);
    va_end(ap);
    drop_severity(&sb);
    if (app->message && app->message_level >= MSG_WARN && level < app->message_level) {
        log_msg("message (behind the warning on show): %s", sb.s);
        sb_free(&sb);
        return;
    }
    free(app->message);
    app->message = sb_steal(&sb);
    sb_free(&sb);
    app->message_level = level;
    app->message_until = level >= MSG_WARN ? -1 : db_now_ms() + 8000;
    log_msg("message: %s", app->message);
    app->dirty = true;
}

/* --- keymap and theme: a user or shipped file, else the built-in copy ------------------------ */

static bool theme_resolve(const char *name, struct Theme *out, char **err, void *ud);

bool app_load_theme(const char *name, struct Theme *out, char **err)
{
    char *path = paths_find_data("themes", name);
    bool ok;
    if (path) {
        ok = theme_load_file(path, out, theme_resolve, NULL, err);
        free(path);
        return ok;
    }
    const struct BuiltinFile *b = builtin_find("themes", name);
    if (!b) {
        *err = xasprintf("theme '%s' not found", name);
        return false;
    }
    char *origin = xasprintf("<built-in>/themes/%s.yaml", name);
    ok = theme_load_string(b->data, b->len, origin, out, theme_resolve, NULL, err);
    free(origin);
    return ok;
}

static bool theme_resolve(const char *name, struct Theme *out, char **err, void *ud)
{
    (void)ud;
    return app_load_theme(name, out, err);
}

bool app_load_keymap(const char *name, struct Keymap **out, char **err)
{
    char *path = paths_find_data("keymaps", name);
    if (path) {
        bool ok = keymap_load_file(path, out, err);
        free(path);
        return ok;
    }
    const struct BuiltinFile *b = builtin_find("keymaps", name);
    if (!b) {
        *err = xasprintf("keymap '%s' not found", name);
        return false;
    }
    char *origin = xasprintf("<built-in>/keymaps/%s.yaml", name);
    bool ok = keymap_load_string(b->data, b->len, origin, out, err);
    free(origin);
    return ok;
}

static void load_look(struct App *app, struct StrBuf *warn)
{
    const char *kname = app->opt.keymap ? app->opt.keymap : app->cfg.keymap;
    char *err = NULL;
    if (!app_load_keymap(kname ? kname : "default", &app->keymap, &err)) {
        sb_appendf(warn, "%s; using the built-in keymap. ", err);
        XFREE(err);
        const struct BuiltinFile *b = builtin_find("keymaps", "default");
        if (!b || !keymap_load_string(b->data, b->len, "<built-in>", &app->keymap, &err)) {
            fprintf(stderr, "salondesk: built-in keymap broken: %s\n", err ? err : "missing");
            abort();
        }
    }
    const char *tname = app->opt.theme ? app->opt.theme : app->cfg.theme;
    theme_init_plain(&app->theme, "plain");
    if (!app_load_theme(tname ? tname : "dark", &app->theme, &err)) {
        sb_appendf(warn, "%s; using the built-in theme.", err);
        XFREE(err);
        theme_free(&app->theme);
        theme_init_plain(&app->theme, "plain");
        if (!app_load_theme("dark", &app->theme, &err)) {
            XFREE(err);
            theme_init_plain(&app->theme, "plain");
        }
    }
}

/* --- where to connect ------------------------------------------------------------------------ */

static bool libpq_env_set(void)
{
    static const char *const vars[] = {"PGHOST", "PGHOSTADDR", "PGPORT", "PGDATABASE",
                                       "PGUSER", "PGSERVICE",  NULL};
    for (const char *const *v = vars; *v; v++) {
        const char *s = getenv(*v);
        if (s && *s)
            return true;
    }
    return false;
}

/* The order: an argument or --dsn, an explicit --profile, DATABASE_URL, libpq's environment,
 * the config's default profile, libpq's defaults. */
static int pick_dsn(struct App *app, const char **dsn, const char **origin)
{
    *dsn = NULL;
    *origin = "libpq defaults";
    if (app->opt.dsn_given) {
        *dsn = app->opt.dsn;
        *origin = "command line";
        return 0;
    }
    const char *pname = app->opt.profile;
    if (!pname) {
        const char *url = getenv("DATABASE_URL");
        if (url && *url && !getenv("SALONDESK_DEMO_CHILD")) {
            *dsn = url;
            *origin = "DATABASE_URL";
            return 0;
        }
        if (libpq_env_set()) {
            *origin = "libpq environment";
            return 0;
        }
        pname = app->cfg.profile;
    }
    if (pname) {
        app->profile = config_profile(&app->cfg, pname);
        if (!app->profile) {
            say("no profile named '%s' in %s", pname,
                app->cfg.path ? app->cfg.path : "the config (there is no config file)");
            return 2;
        }
        *dsn = app->profile->dsn;
        if (!*dsn && app->profile->nservers)
            *dsn = app->profile->servers[0]; /* the first of its servers */
        *origin = "profile";
    }
    return 0;
}

static struct DbConn *new_conn(struct App *app)
{
    struct DbSession sess = {
        .statement_timeout_ms = app->cfg.statement_timeout_ms,
        .lock_timeout_ms = app->cfg.lock_timeout_ms,
        .idle_tx_timeout_ms = 10000,
        .client_grace_ms = 2000,
        .read_only = true,
        .retry = app->opt.once == NULL,
        .search_path = app->dsn.search_path,
        .origin = app->dsn_origin,
    };
    return db_conn_new(&app->dsn, &sess);
}

/* The pooler's admin console for the DSN in use (src/db/admin.h); false with *err when the
 * profile's pooler_admin cannot be parsed. */
static bool open_admin(struct App *app, char **err)
{
    db_conn_free(&app->admin);
    struct Dsn d;
    const char *conf = app->profile ? app->profile->pooler_admin : NULL;
    if (!admin_pick(&app->dsn, conf, &app->admin_src, &d, err))
        return false;
    if (app->admin_src == ADMIN_CONFIGURED || app->admin_src == ADMIN_DERIVED) {
        app->admin = admin_conn_new(&d, app->opt.once == NULL);
        dsn_free(&d);
    }
    return true;
}

int app_init(struct App *app, const struct Options *opt)
{
    memset(app, 0, sizeof *app);
    fetch_on_conn(&app->fetch, &app->db);
    app->opt = *opt;
    app->message_until = -1;
    for (int v = 0; v < VIEW__COUNT; v++) {
        td_init(&app->views[v]);
        app->models[v] = tab_models[v];
        app->view_ctx[v].app = app;
        app->view_ctx[v].view = (enum ViewId)v;
    }

    config_defaults(&app->cfg);
    char *path = opt->config_path ? xstrdup(opt->config_path) : NULL;
    if (!path) {
        char *dir = paths_config_dir();
        path = xasprintf("%s/config.yaml", dir);
        free(dir);
    }
    char *err = NULL;
    if (!config_load(&app->cfg, path, &err)) {
        say("%s", err);
        free(err);
        free(path);
        return 2;
    }
    if (opt->config_path && !app->cfg.path) {
        say("%s: no such file", path);
        free(path);
        return 2;
    }
    free(path);

    const char *zone = opt->tz ? opt->tz : app->cfg.timezone;
    if (!tz_set(zone)) {
        say("unknown time zone '%s' (use a name such as Europe/Moscow)", zone);
        return 2;
    }
    app->refresh_ms = opt->refresh_s > 0 ? (int)(opt->refresh_s * 1000) : app->cfg.refresh_ms;

    const char *dsn, *origin;
    int rc = pick_dsn(app, &dsn, &origin);
    if (rc)
        return rc;
    app->dsn_origin = strcmp(origin, "profile") == 0 ? "the profile in config.yaml" : origin;
    if (!dsn_parse(dsn, &app->dsn, &err)) {
        say("bad connection string (%s): %s", origin, err);
        free(err);
        return 2;
    }
    for (size_t i = 0; i < app->dsn.nwarnings; i++)
        say("%s: %s", app->dsn_origin, app->dsn.warnings[i]);
    char *red = dsn_redact(dsn ? dsn : "");
    log_msg("connection from %s: %s", origin, red);
    free(red);

    struct StrBuf warn;
    sb_init(&warn);
    load_look(app, &warn);
    for (size_t i = 0; i < app->dsn.nwarnings; i++)
        sb_appendf(&warn, "%s%s", warn.len ? " " : "", app->dsn.warnings[i]);
    if (warn.len)
        app_message(app, MSG_WARN, "%s", warn.s);
    sb_free(&warn);

    app->db = new_conn(app);
    if (!open_admin(app, &err)) {
        say("bad pooler_admin connection string (profile %s): %s", app->profile->name, err);
        free(err);
        return 2;
    }
    if (!fleet_new(app, &app->fleet, &err)) {
        say("bad server list (%s): %s", app->dsn_origin, err);
        free(err);
        return 2;
    }
    return 0;
}

void app_done(struct App *app)
{
    /* Nothing is left running on the server: a pooler would otherwise throw that server
     * connection away. --once can wait; an interactive quit must stay quick. */
    if (app->db)
        db_conn_drain(app->db, app->opt.once ? 3000 : 300);
    db_conn_free(&app->db);
    db_conn_free(&app->admin);
    fleet_free(&app->fleet, true);
    salon_detail_free(app); /* the Salons tab's generic model keeps its detail here */
    for (int v = 0; v < VIEW__COUNT; v++) {
        if (app->models[v] && app->models[v]->done)
            app->models[v]->done(app, (enum ViewId)v);
        td_free(&app->views[v]);
    }
    schema_clear(&app->schema);
    for (int v = 0; v < VIEW__COUNT; v++)
        XFREE(app->filters[v]);
    keymap_free(&app->keymap);
    theme_free(&app->theme);
    dsn_free(&app->dsn);
    config_free(&app->cfg);
    XFREE(app->message);
}

/* --- talking to the server ------------------------------------------------------------------- */

static void on_info(void *ud, struct DbResult *res)
{
    struct App *app = ud;
    if (res->ok)
        schema_set_info(&app->schema, res->rows);
}

static void on_columns(void *ud, struct DbResult *res)
{
    struct App *app = ud;
    app->discovering = false;
    if (!res->ok) {
        if (!res->lost)
            app_message(app, MSG_ERROR, "discovering the schema failed: %s", res->error);
        return;
    }
    schema_set_columns(&app->schema, res->rows);
    app->discovered = true;
    if (app->schema.superuser || app->schema.bypass_rls)
        log_msg("note: connected as a role that bypasses row-level security");
    for (int v = 0; v < VIEW__COUNT; v++)
        app->models[v]->discovered(app, (enum ViewId)v);
    /* The filters the user left on each tab last time, once per run. */
    if (!app->filters_restored && !app->opt.once) {
        app->filters_restored = true;
        for (int v = 0; v < VIEW__COUNT; v++)
            if (app->filters[v] && app->models[v]->set_filter)
                app->models[v]->set_filter(app, (enum ViewId)v, app->filters[v]);
    }
    app->dirty = true;
}

static void on_db_state(void *ud)
{
    struct App *app = ud;
    enum DbState st = db_conn_state(app->db);
    if ((st == DB_READY || st == DB_BUSY) && !app->t_connected)
        app->t_connected = db_now_ms();
    if (st == DB_CONNECTING || st == DB_RETRY_WAIT || st == DB_FAILED) {
        app->discovered = false;
        app->discovering = false;
        /* What is on screen came from a connection that is gone: keep it, marked stale. */
        for (int v = 0; v < VIEW__COUNT; v++)
            app->models[v]->lost(app, (enum ViewId)v);
    }
    app->dirty = true;
}

static void on_notice(void *ud, const char *msg)
{
    struct App *app = ud;
    app_message(app, MSG_NOTICE, "%s", msg);
}

bool app_switch_profile(struct App *app, const char *name, char **err)
{
    const struct Profile *p = config_profile(&app->cfg, name);
    if (!p) {
        *err = xasprintf("no profile named '%s'", name);
        return false;
    }
    struct Dsn dsn;
    if (!dsn_parse(p->dsn ? p->dsn : p->nservers ? p->servers[0] : NULL, &dsn, err))
        return false;
    app->dsn_origin = "the profile in config.yaml";
    app->profile = p;
    app_connect(app, &dsn);
    if (!open_admin(app, err))
        app_message(app, MSG_WARN, "pooler_admin of profile %s: %s", p->name, *err);
    XFREE(*err);
    /* The new profile's servers, each on a connection of its own. */
    fleet_free(&app->fleet, false);
    if (!fleet_new(app, &app->fleet, err))
        app_message(app, MSG_ERROR, "%s", *err);
    XFREE(*err);
    if (app->fleet)
        fleet_start(app->fleet, db_now_ms());
    app->look_changed = true;
    return true;
}

void app_connect(struct App *app, struct Dsn *dsn)
{
    /* The old connection's pending queries complete as closed; its data stays, marked stale. */
    db_conn_free(&app->db);
    for (int v = 0; v < VIEW__COUNT; v++)
        app->models[v]->lost(app, (enum ViewId)v);
    dsn_free(&app->dsn);
    app->dsn = *dsn;
    memset(dsn, 0, sizeof *dsn);
    schema_clear(&app->schema);
    app->discovered = app->discovering = false;
    app->t_connected = 0;
    app->db = new_conn(app);
    db_conn_set_state_cb(app->db, on_db_state, app);
    db_conn_set_notice_cb(app->db, on_notice, app);
    db_conn_start(app->db, db_now_ms());
    app->dirty = true;
}

/* The fleet strip stands in for the Health tab's own figures, which are not fetched then. */
static bool tab_covered(const struct App *app, int v)
{
    return v == VIEW_HEALTH && fleet_showing(app);
}

void app_pump(struct App *app, int64_t now)
{
    if (app->fleet)
        fleet_pump(app->fleet, now);
    enum DbState st = db_conn_state(app->db);
    if (st != DB_READY && st != DB_BUSY)
        return;
    if (!app->discovered && !app->discovering) {
        app->discovering = true;
        db_conn_submit(app->db, "discover_info", schema_info_sql(), 0, NULL, on_info, app);
        db_conn_submit(app->db, "discover_columns", schema_columns_sql(), 0, NULL, on_columns, app);
        return;
    }
    if (!app->discovered || app->paused)
        return;
    for (int v = 0; v < VIEW__COUNT; v++)
        app->models[v]->pump(app, (enum ViewId)v, v == (int)app->tab && !tab_covered(app, v), now);
}

int64_t app_deadline(struct App *app)
{
    int64_t d = app->fleet ? fleet_deadline(app->fleet) : -1;
    /* app_pump does nothing then, so no model's time is due. */
    enum DbState st = db_conn_state(app->db);
    if (!app->discovered || app->paused || (st != DB_READY && st != DB_BUSY))
        return d;
    for (int v = 0; v < VIEW__COUNT; v++)
        if (v != (int)app->tab || !tab_covered(app, v))
            d = loop_min_deadline(d, app->models[v]->deadline(app, (enum ViewId)v));
    return d;
}

/* --- actions --------------------------------------------------------------------------------- */

void app_set_tab(struct App *app, enum ViewId tab)
{
    if (tab >= VIEW__COUNT)
        return;
    app->tab = tab;
    app->dirty = true;
}

void app_open(struct App *app, enum ViewId v, const char *salon_id, const char *key)
{
    if (v >= VIEW__COUNT)
        return;
    app_set_tab(app, v);
    if (app->models[v]->open)
        app->models[v]->open(app, v, salon_id, key);
}

/* Filters are remembered per tab, one "tab<TAB>filter" line each. */
static void save_filters(const struct App *app)
{
    char *path = paths_state_file("filters", true);
    FILE *f = fopen(path, "w");
    free(path);
    if (!f)
        return;
    for (int v = 0; v < VIEW__COUNT; v++)
        if (app->filters[v])
            fprintf(f, "%s\t%s\n", tab_names[v], app->filters[v]);
    fclose(f);
}

static void load_filters(struct App *app)
{
    char *path = paths_state_file("filters", false);
    FILE *f = fopen(path, "r");
    free(path);
    if (!f)
        return;
    char line[512];
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = '\0';
        char *tab = strchr(line, '\t');
        if (!tab || !tab[1])
            continue;
        *tab = '\0';
        for (int v = 0; v < VIEW__COUNT; v++)
            if (strcmp(line, tab_names[v]) == 0) {
                free(app->filters[v]);
                app->filters[v] = xstrdup(tab + 1);
            }
    }
    fclose(f);
}

void app_set_filter(struct App *app, const char *text)
{
    app_set_tab_filter(app, app->tab, text);
}

void app_set_tab_filter(struct App *app, enum ViewId v, const char *text)
{
    if (app->models[v]->set_filter)
        app->models[v]->set_filter(app, v, text);
    free(app->filters[v]);
    app->filters[v] = NULL;
    if (text && *text) {
        app->filters[v] = xstrdup(text);
        app->filters[v][strcspn(app->filters[v], "\t\n")] = '\0';
    }
    save_filters(app);
    app->dirty = true;
}

bool app_action(struct App *app, enum Action a)
{
    int64_t now = db_now_ms();
    switch (a) {
    case ACT_QUIT:
        app->quit = true;
        return true;
    case ACT_HELP:
        app->show_help = !app->show_help;
        app->dirty = true;
        return true;
    case ACT_REFRESH:
        if (app->fleet)
            fleet_refresh(app->fleet, now);
        if (db_conn_state(app->db) == DB_RETRY_WAIT || db_conn_state(app->db) == DB_FAILED)
            db_conn_reconnect(app->db, now);
        else if (app->discovered)
            app->models[app->tab]->refresh(app, app->tab);
        app_message(app, MSG_INFO, "refreshing");
        return true;
    case ACT_PAUSE:
        app->paused = !app->paused;
        app_message(app, MSG_INFO,
                    app->paused ? "live refresh paused (p resumes)" : "live refresh resumed");
        return true;
    case ACT_TAB_SALONS:
    case ACT_TAB_BOOKINGS:
    case ACT_TAB_THREADS:
    case ACT_TAB_HEALTH:
        app_set_tab(app, (enum ViewId)(a - ACT_TAB_SALONS));
        return true;
    case ACT_TAB_NEXT:
        app_set_tab(app, (enum ViewId)((app->tab + 1) % VIEW__COUNT));
        return true;
    case ACT_TAB_PREV:
        app_set_tab(app, (enum ViewId)((app->tab + VIEW__COUNT - 1) % VIEW__COUNT));
        return true;
    case ACT_CANCEL_QUERY:
        if (db_conn_state(app->db) == DB_BUSY && now - app->last_ctrl_c > 2000) {
            db_conn_cancel(app->db);
            app_message(app, MSG_INFO, "cancelling the running query (Ctrl-C again quits)");
        } else if (now - app->last_ctrl_c <= 2000) {
            app->quit = true;
        } else {
            app_message(app, MSG_INFO, "nothing is running; press Ctrl-C again to quit");
        }
        app->last_ctrl_c = now;
        return true;
    default:
        return false;
    }
}

/* --- the loop -------------------------------------------------------------------------------- */

static enum ViewId load_last_tab(void)
{
    char *path = paths_state_file("last_tab", false);
    FILE *f = fopen(path, "r");
    free(path);
    enum ViewId tab = VIEW_SALONS;
    if (!f)
        return tab;
    char buf[32] = "";
    if (fgets(buf, sizeof buf, f)) {
        buf[strcspn(buf, "\n")] = '\0';
        for (int v = 0; v < VIEW__COUNT; v++)
            if (strcmp(buf, tab_names[v]) == 0)
                tab = (enum ViewId)v;
    }
    fclose(f);
    return tab;
}

static void save_last_tab(enum ViewId tab)
{
    char *path = paths_state_file("last_tab", true);
    FILE *f = fopen(path, "w");
    if (f) {
        fprintf(f, "%s\n", tab_names[tab]);
        fclose(f);
    }
    free(path);
}

int app_run(struct App *app, const struct Frontend *fe)
{
    app->fe = fe;
    app->t_start = db_now_ms();
    app->tab = load_last_tab();
    load_filters(app);
    /* Options that name what to look at start on the tab that shows it. */
    if (app->opt.phone)
        app->tab = VIEW_THREADS;
    else if (app->opt.salon || app->opt.date || app->opt.view ||
             (app->profile && str_eq(app->profile->role, "staff")))
        app->tab = VIEW_BOOKINGS;
    char *err = NULL;
    if (!sig_init()) {
        fprintf(stderr, "salondesk: cannot set up signal handling: %s\n", strerror(errno));
        return 1;
    }
    if (!fe->init(app, &err)) {
        say("%s", err);
        free(err);
        return 2;
    }
    db_conn_set_state_cb(app->db, on_db_state, app);
    db_conn_set_notice_cb(app->db, on_notice, app);
    db_conn_start(app->db, db_now_ms());
    if (app->fleet)
        fleet_start(app->fleet, db_now_ms());
    app->dirty = true;

    struct LoopSet ls;
    while (!app->quit) {
        int64_t now = db_now_ms();
        app_pump(app, now);
        if (app->message && app->message_until >= 0 && now >= app->message_until) {
            XFREE(app->message);
            app->dirty = true;
        }
        if (app->dirty) {
            fe->draw(app);
            /* For the benchmarks (--debug-log): how long a key takes to show, and how long
             * until the queries it started have come back and been drawn. */
            if (app->t_key) {
                int64_t t = db_now_ms();
                if (!app->key_drawn) {
                    log_msg("key to first screen: %lld ms", (long long)(t - app->t_key));
                    app->key_drawn = true;
                }
                if (db_conn_queue_len(app->db) == 0 && db_conn_state(app->db) == DB_READY) {
                    log_msg("key to settled screen: %lld ms", (long long)(t - app->t_key));
                    app->t_key = 0;
                }
            }
            if (!app->first_screen_logged && app->views[app->tab].rows) {
                app->first_screen_logged = true;
                int64_t t = db_now_ms();
                log_msg("first full screen: %lld ms after start, %lld ms after connect",
                        (long long)(t - app->t_start), (long long)(t - app->t_connected));
            }
        }

        loop_reset(&ls);
        int i_term = loop_add(&ls, fe->fd(app), POLLIN);
        int i_sig = loop_add(&ls, sig_fd(), POLLIN);
        int i_db = loop_add(&ls, db_conn_fd(app->db), db_conn_events(app->db));
        if (app->fleet)
            fleet_poll_add(app->fleet, &ls);
        int64_t deadline = loop_min_deadline(db_conn_deadline(app->db), app_deadline(app));
        int i_admin = admin_poll_add(app->admin, &ls, &deadline);
        if (app->message && app->message_until >= 0)
            deadline = loop_min_deadline(deadline, app->message_until);
        if (loop_wait(&ls, deadline) < 0) {
            app_message(app, MSG_ERROR, "poll failed: %s", strerror(errno));
            break;
        }

        unsigned bits = loop_revents(&ls, i_sig) ? sig_drain() : 0;
        if (bits & (SIG_F_QUIT | SIG_F_HUP))
            break;
        if (bits & (SIG_F_WINCH | SIG_F_CONT))
            fe->on_signal(app, bits);
        short trev = loop_revents(&ls, i_term);
        if (trev && !fe->on_input(app))
            break; /* the terminal is gone (SSH dropped): leave instead of spinning */
        short drev = loop_revents(&ls, i_db);
        if (drev)
            db_conn_handle(app->db, drev, db_now_ms());
        int64_t d = db_conn_deadline(app->db);
        if (d >= 0 && db_now_ms() >= d)
            db_conn_tick(app->db, db_now_ms());
        admin_poll_serve(app->admin, &ls, i_admin);
        if (app->fleet)
            fleet_poll_done(app->fleet, &ls, db_now_ms());
    }
    save_last_tab(app->tab);
    fe->done(app);
    return 0;
}
