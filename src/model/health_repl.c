/* Replication, both sides: the figures of a replication result, their alert levels, and the
 * standbys seen in this session that have gone. Pure: no server, no curses. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src/model/health.h"
#include "src/util/xalloc.h"

static const char *cell(const struct DbRows *r, int row, const char *col)
{
    return db_rows_get(r, row, db_rows_col(r, col));
}

static bool is(const char *a, const char *b)
{
    return a && strcmp(a, b) == 0;
}

static double num(const struct DbRows *r, int row, const char *col)
{
    const char *v = cell(r, row, col);
    return v ? atof(v) : -1;
}

const char *health_level_name(enum HealthLevel l)
{
    return l == HL_CRIT ? "crit" : l == HL_WARN ? "warn" : "ok";
}

void health_format_bytes(double b, char *buf, size_t size)
{
    static const char *const units[] = {"B", "kB", "MB", "GB", "TB"};
    int u = 0;
    while (b >= 1024 && u < 4) {
        b /= 1024;
        u++;
    }
    snprintf(buf, size, u ? "%.1f %s" : "%.0f %s", b, units[u]);
}

/* The level of one row and, when not OK, what is wrong in words (heap). */
static enum HealthLevel row_level(const struct DbRows *raw, int row, const struct Threshold *lag,
                                  char **why)
{
    const char *kind = cell(raw, row, "kind"), *st = cell(raw, row, "state");
    const char *name = cell(raw, row, "name");
    char b[32];
    *why = NULL;
    if (is(kind, "server") && is(name, "standby")) {
        double l = num(raw, row, "replay_lag_s");
        enum HealthLevel lv = l >= 0 ? health_level(l, lag) : HL_OK;
        if (lv != HL_OK) {
            health_format_bytes(num(raw, row, "replay_bytes"), b, sizeof b);
            *why = xasprintf("replay %.1fs behind (%s received and not replayed%s)", l, b,
                             is(st, "paused") ? ", replay PAUSED" : "");
        }
        return lv;
    }
    if (is(kind, "wal receiver")) {
        if (!st || is(st, "streaming"))
            return HL_OK;
        *why = xasprintf("WAL receiver %s", st);
        return HL_WARN;
    }
    if (is(kind, "standby")) {
        if (!st)
            return HL_OK; /* hidden from the role */
        const char *v = cell(raw, row, "replay_lag_s");
        double l = v ? atof(v) : 0; /* no lag measured: caught up and idle */
        enum HealthLevel lv = health_level(l, lag);
        if (lv != HL_OK)
            *why = xasprintf("standby %s replays %.1fs behind", name ? name : "?", l);
        else if (!is(st, "streaming")) {
            *why = xasprintf("standby %s is %s", name ? name : "?", st);
            lv = HL_WARN;
        }
        return lv;
    }
    if (is(kind, "slot") && is(st, "inactive") && num(raw, row, "retained_bytes") > 0) {
        health_format_bytes(num(raw, row, "retained_bytes"), b, sizeof b);
        *why = xasprintf("inactive slot %s holds %s of WAL", name ? name : "?", b);
        return HL_WARN;
    }
    return HL_OK;
}

static char *standby_key(const struct DbRows *raw, int row)
{
    const char *n = cell(raw, row, "name"), *c = cell(raw, row, "client");
    return xasprintf("%s@%s", n ? n : "", c ? c : "");
}

static int seen_index(const struct HealthRepl *r, const char *key)
{
    for (int k = 0; k < r->nseen; k++)
        if (strcmp(r->seen[k], key) == 0)
            return k;
    return -1;
}

static int gone_index(const struct HealthRepl *r, const char *key)
{
    for (int g = 0; g < r->ngone; g++)
        if (strcmp(r->gone[g].key, key) == 0)
            return g;
    return -1;
}

static void note(struct HealthRepl *r, enum HealthLevel lv, char **why)
{
    if (lv > r->level || (lv != HL_OK && !r->alert)) {
        r->level = lv;
        free(r->alert);
        r->alert = *why;
        *why = NULL;
    }
    XFREE(*why);
}

void health_repl_update(struct HealthRepl *r, const struct DbRows *raw, const struct Threshold *lag,
                        time_t now)
{
    r->valid = r->tried = true;
    XFREE(r->pause);
    XFREE(r->receiver);
    XFREE(r->alert);
    r->standby = r->receiver_hidden = false;
    r->behind_bytes = -1;
    r->lag_s = r->last_msg_s = r->worst_lag_s = -1;
    r->standbys = r->hidden = r->slots_idle = 0;
    r->level = HL_OK;
    bool *present = xcalloc((size_t)r->nseen + 1, sizeof *present);
    bool receiver = false;
    for (int i = 0; i < raw->nrows; i++) {
        const char *kind = cell(raw, i, "kind"), *st = cell(raw, i, "state");
        char *why = NULL;
        enum HealthLevel lv = row_level(raw, i, lag, &why);
        note(r, lv, &why);
        if (is(kind, "server") && is(cell(raw, i, "name"), "standby")) {
            r->standby = true;
            r->pause = st ? xstrdup(st) : NULL;
            r->behind_bytes = (long long)num(raw, i, "replay_bytes");
            r->lag_s = num(raw, i, "replay_lag_s");
        } else if (is(kind, "wal receiver")) {
            receiver = true;
            r->receiver = st ? xstrdup(st) : NULL;
            r->receiver_hidden = !st;
            r->last_msg_s = num(raw, i, "last_msg_s");
        } else if (is(kind, "standby")) {
            r->standbys++;
            if (!st)
                r->hidden++;
            const char *v = cell(raw, i, "replay_lag_s");
            double l = st ? (v ? atof(v) : 0) : -1;
            if (l > r->worst_lag_s)
                r->worst_lag_s = l;
            char *key = standby_key(raw, i);
            int k = seen_index(r, key);
            if (k < 0) {
                k = r->nseen;
                r->seen = xreallocarray(r->seen, (size_t)r->nseen + 1, sizeof *r->seen);
                r->seen[r->nseen++] = key;
                present = xreallocarray(present, (size_t)r->nseen + 1, sizeof *present);
            } else {
                free(key);
            }
            present[k] = true;
        } else if (is(kind, "slot") && is(st, "inactive") && num(raw, i, "retained_bytes") > 0) {
            r->slots_idle++;
        }
    }
    if (r->standby && !receiver) {
        char *why = xstrdup("no WAL receiver: this standby receives nothing from its primary");
        note(r, HL_CRIT, &why);
    }
    /* A standby back again is no longer gone. */
    int kept = 0;
    for (int g = 0; g < r->ngone; g++) {
        int k = seen_index(r, r->gone[g].key);
        if (k >= 0 && present[k]) {
            free(r->gone[g].key);
            free(r->gone[g].name);
        } else {
            r->gone[kept++] = r->gone[g];
        }
    }
    r->ngone = kept;
    /* One seen before and missing now is gone, until acknowledged. */
    for (int k = 0; k < r->nseen; k++) {
        if (present[k] || gone_index(r, r->seen[k]) >= 0)
            continue;
        r->gone = xreallocarray(r->gone, (size_t)r->ngone + 1, sizeof *r->gone);
        const char *at = strrchr(r->seen[k], '@');
        char *name = xstrndup(r->seen[k], (size_t)(at - r->seen[k]));
        if (!*name) {
            free(name);
            name = xstrdup(at + 1);
        }
        r->gone[r->ngone++] = (struct HealthGone){xstrdup(r->seen[k]), name, now};
    }
    for (int g = 0; g < r->ngone; g++) {
        char *why = xasprintf("standby %s is gone", r->gone[g].name);
        note(r, HL_CRIT, &why);
    }
    free(present);
}

int health_repl_ack(struct HealthRepl *r)
{
    int n = r->ngone;
    /* Forgotten as seen too: it is gone again only after it comes back and goes. */
    int kept = 0;
    for (int k = 0; k < r->nseen; k++) {
        if (gone_index(r, r->seen[k]) >= 0)
            free(r->seen[k]);
        else
            r->seen[kept++] = r->seen[k];
    }
    r->nseen = kept;
    for (int g = 0; g < r->ngone; g++) {
        free(r->gone[g].key);
        free(r->gone[g].name);
    }
    XFREE(r->gone);
    r->ngone = 0;
    /* The worst alert may have been a gone standby: the next refresh says what is left. */
    if (n && r->alert && strstr(r->alert, " is gone")) {
        XFREE(r->alert);
        r->level = HL_OK;
    }
    return n;
}

void health_repl_free(struct HealthRepl *r)
{
    health_repl_ack(r);
    for (int k = 0; k < r->nseen; k++)
        free(r->seen[k]);
    free(r->seen);
    free(r->pause);
    free(r->receiver);
    free(r->alert);
    memset(r, 0, sizeof *r);
}

/* --- presenting ---------------------------------------------------------------------------- */

static const char *const cols[] = {
    "alert",       "kind",         "name",           "client",      "pid",          "state",
    "sync",        "sent_bytes",   "write_bytes",    "flush_bytes", "replay_bytes", "write_lag_s",
    "flush_lag_s", "replay_lag_s", "retained_bytes", "last_msg_s",  "detail",
};
#define NCOLS ((int)(sizeof cols / sizeof cols[0]))

static bool ends(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

static bool bytes_col(const char *c)
{
    return ends(c, "_bytes");
}

/* Figures a role without pg_monitor does not see on a standby or WAL receiver row. */
static bool hidden_col(const char *kind, const char *c)
{
    if (is(kind, "wal receiver"))
        return is(c, "name") || is(c, "last_msg_s") || is(c, "detail");
    return is(c, "client") || is(c, "sync") || bytes_col(c) || ends(c, "_lag_s") ||
           is(c, "last_msg_s");
}

struct DbRows *health_repl_present(const struct HealthRepl *r, const struct DbRows *raw,
                                   const struct Threshold *lag, bool pretty)
{
    int n = 0;
    bool receiver = false;
    for (int i = 0; i < raw->nrows; i++) {
        const char *kind = cell(raw, i, "kind");
        receiver = receiver || is(kind, "wal receiver");
        if (!is(kind, "server") || is(cell(raw, i, "name"), "standby"))
            n++;
    }
    bool no_receiver = r->standby && !receiver;
    struct DbRows *out = db_rows_new(n + r->ngone + no_receiver, NCOLS);
    for (int c = 0; c < NCOLS; c++)
        out->names[c] = xstrdup(cols[c]);
    int o = 0;
    for (int i = 0; i < raw->nrows; i++) {
        const char *kind = cell(raw, i, "kind"), *st = cell(raw, i, "state");
        bool server = is(kind, "server");
        if (server && !is(cell(raw, i, "name"), "standby"))
            continue;
        char **row = out->cells + (size_t)o++ * NCOLS;
        char *why = NULL;
        enum HealthLevel lv = row_level(raw, i, lag, &why);
        free(why);
        row[0] = lv != HL_OK ? xstrdup(lv == HL_CRIT ? "CRIT" : "WARN") : NULL;
        bool hidden = !st && (is(kind, "standby") || is(kind, "wal receiver"));
        for (int c = 1; c < NCOLS; c++) {
            const char *v = cell(raw, i, cols[c]);
            if (server && c == 1)
                v = "replay";
            else if (server && is(cols[c], "name"))
                v = "this standby";
            else if (server && is(cols[c], "state"))
                v = is(st, "paused") ? "PAUSED" : is(st, "not paused") ? "replaying" : st;
            if (hidden && (is(cols[c], "state") || hidden_col(kind, cols[c]))) {
                row[c] = xstrdup("hidden");
            } else if (!v && is(kind, "standby") && ends(cols[c], "_lag_s")) {
                row[c] = xstrdup("0.0"); /* nothing measured: caught up, and idle */
            } else if (v && pretty && bytes_col(cols[c])) {
                char b[32];
                health_format_bytes(atof(v), b, sizeof b);
                row[c] = xstrdup(b);
            } else {
                row[c] = v ? xstrdup(v) : NULL;
            }
        }
    }
    if (no_receiver) {
        char **row = out->cells + (size_t)o++ * NCOLS;
        row[0] = xstrdup("CRIT");
        row[1] = xstrdup("wal receiver");
        row[5] = xstrdup("none");
        row[NCOLS - 1] = xstrdup("no WAL receiver: this standby receives nothing from its primary");
    }
    for (int g = 0; g < r->ngone; g++) {
        char **row = out->cells + (size_t)o++ * NCOLS;
        char t[16];
        struct tm tm;
        strftime(t, sizeof t, "%H:%M:%S", localtime_r(&r->gone[g].since, &tm));
        const char *at = strrchr(r->gone[g].key, '@');
        row[0] = xstrdup("CRIT");
        row[1] = xstrdup("standby");
        row[2] = xstrdup(r->gone[g].name);
        row[3] = at && at[1] ? xstrdup(at + 1) : NULL;
        row[5] = xstrdup("GONE");
        row[NCOLS - 1] = xasprintf("streamed earlier, gone since %s (not acknowledged)", t);
    }
    return out;
}
