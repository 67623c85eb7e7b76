#include "config.h"

#include "src/batch.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "src/loop.h"
#include "src/model/fleet.h"
#include "src/util/text.h"
#include "src/util/xalloc.h"

static char *cell_safe(const struct DbRows *rows, int r, int c, int flags)
{
    const char *v = db_rows_get(rows, r, c);
    return text_safe(v ? v : "", (size_t)-1, flags);
}

/* The cell as people read it (db_rows_display: yes/no, money rounded), made safe. */
static char *cell_display(const struct DbRows *rows, int r, int c)
{
    char *v = db_rows_display(rows, r, c);
    char *s = text_safe(v ? v : "", (size_t)-1, 0);
    free(v);
    return s;
}

void batch_write_text(const struct DbRows *rows, const int *visible, int n, FILE *out)
{
    int *w = xcalloc((size_t)rows->ncols + 1, sizeof *w);
    for (int c = 0; c < rows->ncols; c++) {
        char *h = text_safe(rows->names[c], (size_t)-1, 0);
        w[c] = text_width(h);
        free(h);
        for (int i = 0; i < n; i++) {
            char *s = cell_display(rows, visible[i], c);
            int cw = text_width(s);
            free(s);
            if (cw > w[c])
                w[c] = cw > 60 ? 60 : cw;
        }
    }
    for (int r = -1; r < n; r++) {
        for (int c = 0; c < rows->ncols; c++) {
            char *s = r < 0 ? text_safe(rows->names[c], (size_t)-1, 0)
                            : cell_display(rows, visible[r], c);
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

/* Moves *s past a run of digits; false when there was none. */
static bool skip_digits(const char **s)
{
    const char *p = *s;
    while (isdigit((unsigned char)**s))
        (*s)++;
    return *s > p;
}

/* A plain number: an optional '-', digits, and optionally '.' and digits ("-5", "-1.5"), as
 * the server prints integers, numerics and counts. A spreadsheet reads it as that number and
 * nothing else, so it stays as it is and a numeric column stays numeric. Anything looser
 * ("-1+2", "-1e3", "-.5", "- 5") is not exempt. */
static bool plain_number(const char *s)
{
    if (*s == '-')
        s++;
    if (!skip_digits(&s))
        return false;
    if (*s == '.' && (s++, !skip_digits(&s)))
        return false;
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

/* Code points a JSON string carries as \uXXXX, so that the output is safe on a terminal and
 * still exact: C0, DEL, C1, the bidi controls, zero-width and other invisible characters,
 * variation selectors, line/paragraph separators and tags. */
static bool json_escaped(uint32_t cp)
{
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0xAD || cp == 0x34F || cp == 0x61C ||
           cp == 0x115F || cp == 0x1160 || cp == 0x17B4 || cp == 0x17B5 ||
           (cp >= 0x180B && cp <= 0x180F) || (cp >= 0x200B && cp <= 0x200F) ||
           (cp >= 0x2028 && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x206F) || cp == 0x3164 ||
           (cp >= 0xFE00 && cp <= 0xFE0F) || cp == 0xFEFF || cp == 0xFFA0 ||
           (cp >= 0xFFF0 && cp <= 0xFFFB) || (cp >= 0x1BCA0 && cp <= 0x1BCA3) ||
           (cp >= 0x1D173 && cp <= 0x1D17A) || (cp >= 0xE0000 && cp <= 0xE0FFF);
}

void batch_json_string(const char *s, FILE *out)
{
    size_t len = strnlen(s, (size_t)TEXT_MAX_BYTES * 16), i = 0;
    fputc('"', out);
    while (i < len) {
        uint32_t cp;
        size_t n = text_decode(s + i, len - i, &cp);
        if (n == 0) { /* not UTF-8: JSON cannot hold the byte */
            fputs("\\ufffd", out);
            i++;
            continue;
        }
        if (cp == '"' || cp == '\\') {
            fputc('\\', out);
            fputc((int)cp, out);
        } else if (cp == '\n') {
            fputs("\\n", out);
        } else if (cp == '\t') {
            fputs("\\t", out);
        } else if (cp == '\r') {
            fputs("\\r", out);
        } else if (json_escaped(cp) && cp > 0xFFFF) { /* a surrogate pair */
            uint32_t v = cp - 0x10000;
            fprintf(out, "\\u%04x\\u%04x", (unsigned)(0xD800 + (v >> 10)),
                    (unsigned)(0xDC00 + (v & 0x3FF)));
        } else if (json_escaped(cp)) {
            fprintf(out, "\\u%04x", (unsigned)cp);
        } else {
            fwrite(s + i, 1, n, out);
        }
        i += n;
    }
    fputc('"', out);
}

/* A JSON number: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? (NaN and Infinity are not). */
static bool json_number(const char *s)
{
    if (*s == '-')
        s++;
    if (*s == '0')
        s++;
    else if (*s < '1' || *s > '9' || !skip_digits(&s))
        return false;
    if (*s == '.' && (s++, !skip_digits(&s)))
        return false;
    if (*s == 'e' || *s == 'E') {
        s++;
        if (*s == '+' || *s == '-')
            s++;
        if (!skip_digits(&s))
            return false;
    }
    return *s == '\0';
}

void batch_json_value(enum DbType type, const char *v, FILE *out)
{
    if (!v) {
        fputs("null", out);
        return;
    }
    switch (type) {
    case DB_INT:
    case DB_NUMERIC:
    case DB_FLOAT:
        if (json_number(v)) {
            fputs(v, out);
            return;
        }
        break; /* NaN, Infinity: kept as the server's text */
    case DB_BOOL:
        if (strcmp(v, "t") == 0 || strcmp(v, "f") == 0) {
            fputs(v[0] == 't' ? "true" : "false", out);
            return;
        }
        break;
    default:
        break;
    }
    batch_json_string(v, out);
}

void batch_write_json(const struct DbRows *rows, const int *visible, int n, FILE *out)
{
    fputs("[", out);
    for (int r = 0; r < n; r++) {
        fputs(r ? ",\n {" : "\n {", out);
        for (int c = 0; c < rows->ncols; c++) {
            if (c)
                fputs(", ", out);
            batch_json_string(rows->names[c], out);
            fputs(": ", out);
            batch_json_value(db_rows_type(rows, c), db_rows_get(rows, visible[r], c), out);
        }
        fputs("}", out);
    }
    fputs(n ? "\n]\n" : "]\n", out);
}

void batch_write(const char *fmt, const struct DbRows *rows, const int *visible, int n, FILE *out)
{
    if (strcmp(fmt, "csv") == 0)
        batch_write_csv(rows, visible, n, out);
    else if (strcmp(fmt, "json") == 0)
        batch_write_json(rows, visible, n, out);
    else
        batch_write_text(rows, visible, n, out);
}

int batch_run(struct App *app, FILE *out)
{
    enum ViewId view = VIEW_SALONS;
    for (int v = 0; v < VIEW__COUNT; v++)
        if (strcmp(app->opt.once, app_view_name((enum ViewId)v)) == 0)
            view = (enum ViewId)v;
    app->tab = view;
    if (view == VIEW_HEALTH && app->fleet)
        return fleet_batch_run(app, out); /* every server of the profile */
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
        int i_admin = admin_poll_add(app->admin, &ls, &deadline);
        if (loop_wait(&ls, deadline) < 0)
            return 1;
        if (loop_revents(&ls, i))
            db_conn_handle(app->db, loop_revents(&ls, i), db_now_ms());
        int64_t d = db_conn_deadline(app->db);
        if (d >= 0 && db_now_ms() >= d)
            db_conn_tick(app->db, db_now_ms());
        admin_poll_serve(app->admin, &ls, i_admin);
    }
    int rc = m->batch_write(app, view, out);
    if (fflush(out) != 0)
        rc = 1;
    return rc;
}
