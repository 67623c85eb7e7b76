#include "config.h"

#include "src/batch.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "src/loop.h"
#include "src/util/text.h"
#include "src/util/xalloc.h"

static char *cell_safe(const struct DbRows *rows, int r, int c, int flags)
{
    const char *v = db_rows_get(rows, r, c);
    return text_safe(v ? v : "", (size_t)-1, flags);
}

void batch_write_text(const struct DbRows *rows, const int *visible, int n, FILE *out)
{
    int *w = xcalloc((size_t)rows->ncols + 1, sizeof *w);
    for (int c = 0; c < rows->ncols; c++) {
        char *h = text_safe(rows->names[c], (size_t)-1, 0);
        w[c] = text_width(h);
        free(h);
        for (int i = 0; i < n; i++) {
            char *s = cell_safe(rows, visible[i], c, 0);
            int cw = text_width(s);
            free(s);
            if (cw > w[c])
                w[c] = cw > 60 ? 60 : cw;
        }
    }
    for (int r = -1; r < n; r++) {
        for (int c = 0; c < rows->ncols; c++) {
            char *s = r < 0 ? text_safe(rows->names[c], (size_t)-1, 0)
                            : cell_safe(rows, visible[r], c, 0);
            bool last = c == rows->ncols - 1;
            if (last && text_width(s) <= w[c]) {
                fputs(s, out);
            } else {
                char *p = text_pad(s, w[c], false);
                fputs(p, out);
                free(p);
            }
            free(s);
            if (!last)
                fputs("  ", out);
        }
        fputc('\n', out);
    }
    free(w);
}

/* A plain number: an optional '-', digits, and optionally '.' and digits ("-5", "-1.5"), as
 * the server prints integers, numerics and counts. A spreadsheet reads it as that number and
 * nothing else, so it stays as it is and a numeric column stays numeric. Anything looser
 * ("-1+2", "-1e3", "-.5", "- 5") is not exempt. */
static bool plain_number(const char *s)
{
    if (*s == '-')
        s++;
    if (!isdigit((unsigned char)*s))
        return false;
    while (isdigit((unsigned char)*s))
        s++;
    if (*s == '.') {
        s++;
        if (!isdigit((unsigned char)*s))
            return false;
        while (isdigit((unsigned char)*s))
            s++;
    }
    return *s == '\0';
}

void batch_write_csv_cell(const char *s, FILE *out)
{
    /* Formula injection (OWASP "CSV Injection"): names come from WhatsApp, and a spreadsheet
     * runs a cell that begins with = + - @ TAB or CR as a formula (=HYPERLINK(...)). Such a
     * cell gets a leading ', which the spreadsheet shows as text; plain numbers are exempt. */
    bool formula = *s && strchr("=+-@\t\r", *s) && !plain_number(s);
    if (!strpbrk(s, ",\"\r\n")) {
        if (formula)
            fputc('\'', out);
        fputs(s, out);
        return;
    }
    fputc('"', out);
    if (formula)
        fputc('\'', out);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', out);
        fputc(*s, out);
    }
    fputc('"', out);
}

void batch_write_csv(const struct DbRows *rows, const int *visible, int n, FILE *out)
{
    for (int r = -1; r < n; r++) {
        for (int c = 0; c < rows->ncols; c++) {
            if (c)
                fputc(',', out);
            if (r >= 0 && !db_rows_get(rows, visible[r], c))
                continue; /* NULL is an empty field */
            char *s = r < 0 ? text_safe(rows->names[c], (size_t)-1, 0)
                            : cell_safe(rows, visible[r], c, TEXT_KEEP_NEWLINES);
            batch_write_csv_cell(s, out);
            free(s);
        }
        fputs("\r\n", out);
    }
}

static void json_string(const char *s, FILE *out)
{
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"':
            fputs("\\\"", out);
            break;
        case '\\':
            fputs("\\\\", out);
            break;
        case '\n':
            fputs("\\n", out);
            break;
        default:
            if (*p < 0x20 || *p == 0x7f)
                fprintf(out, "\\u%04x", *p);
            else
                fputc(*p, out);
        }
    }
    fputc('"', out);
}

void batch_write_json(const struct DbRows *rows, const int *visible, int n, FILE *out)
{
    fputs("[", out);
    for (int r = 0; r < n; r++) {
        fputs(r ? ",\n {" : "\n {", out);
        for (int c = 0; c < rows->ncols; c++) {
            if (c)
                fputs(", ", out);
            char *name = text_safe(rows->names[c], (size_t)-1, 0);
            json_string(name, out);
            free(name);
            fputs(": ", out);
            if (!db_rows_get(rows, visible[r], c)) {
                fputs("null", out);
                continue;
            }
            char *s = cell_safe(rows, visible[r], c, TEXT_KEEP_NEWLINES);
            json_string(s, out);
            free(s);
        }
        fputs("}", out);
    }
    fputs(n ? "\n]\n" : "]\n", out);
}

int batch_run(struct App *app, FILE *out)
{
    enum ViewId view = VIEW_SALONS;
    for (int v = 0; v < VIEW__COUNT; v++)
        if (strcmp(app->opt.once, app_view_name((enum ViewId)v)) == 0)
            view = (enum ViewId)v;
    app->tab = view;
    const struct TabModel *m = app->models[view];
    db_conn_start(app->db, db_now_ms());
    /* Whatever happens, a script gets an answer: connect, discovery and the view's queries
     * each have their own timeouts, and this bounds them all. */
    int64_t give_up = db_now_ms() + 15000 + 3 * (int64_t)app->cfg.statement_timeout_ms;
    struct LoopSet ls;
    for (;;) {
        if (db_now_ms() >= give_up) {
            fprintf(stderr, "salondesk: %s: no complete answer from the server in time\n",
                    app->opt.once);
            return 1;
        }
        app_pump(app, db_now_ms());
        if (db_conn_state(app->db) == DB_FAILED) {
            const char *e = db_conn_last_error(app->db);
            char *s = text_safe(e ? e : "unknown error", (size_t)-1, 0);
            fprintf(stderr, "salondesk: cannot connect: %s\n", s);
            free(s);
            return 1;
        }
        if (app->discovered && m->batch_state(app, view) != 0)
            break;
        loop_reset(&ls);
        int i = loop_add(&ls, db_conn_fd(app->db), db_conn_events(app->db));
        int64_t deadline = loop_min_deadline(db_conn_deadline(app->db), app_deadline(app));
        deadline = loop_min_deadline(deadline, give_up);
        if (loop_wait(&ls, deadline) < 0)
            return 1;
        if (loop_revents(&ls, i))
            db_conn_handle(app->db, loop_revents(&ls, i), db_now_ms());
        int64_t d = db_conn_deadline(app->db);
        if (d >= 0 && db_now_ms() >= d)
            db_conn_tick(app->db, db_now_ms());
    }
    int rc = m->batch_write(app, view, out);
    if (fflush(out) != 0)
        rc = 1;
    return rc;
}
