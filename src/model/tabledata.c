#include "config.h"

#include "src/model/tabledata.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "src/util/str.h"
#include "src/util/tz.h"
#include "src/util/xalloc.h"

void td_init(struct TableData *td)
{
    memset(td, 0, sizeof *td);
    td->sort_col = -1;
}

void td_free(struct TableData *td)
{
    db_rows_free(&td->rows);
    db_rows_free(&td->extra);
    XFREE(td->extra_error);
    XFREE(td->error);
    XFREE(td->noaccess);
    XFREE(td->filter);
    XFREE(td->hide_col);
    XFREE(td->hide_value);
    XFREE(td->visible);
    td->nvisible = 0;
}

/* qsort has no context argument: the table being sorted. Sorting happens on the UI thread only. */
static const struct TableData *sorting;

static int compare_rows(const void *a, const void *b)
{
    const char *x = db_rows_get(sorting->rows, *(const int *)a, sorting->sort_col);
    const char *y = db_rows_get(sorting->rows, *(const int *)b, sorting->sort_col);
    int r;
    if (!x || !y) {
        r = x ? -1 : y ? 1 : 0; /* NULLs last either way */
        return r ? r : *(const int *)a - *(const int *)b;
    }
    char *ex, *ey;
    double dx = strtod(x, &ex), dy = strtod(y, &ey);
    if (*x && *y && !*ex && !*ey)
        r = dx < dy ? -1 : dx > dy;
    else
        r = strcoll(x, y);
    if (sorting->sort_desc)
        r = -r;
    return r ? r : *(const int *)a - *(const int *)b; /* stable */
}

/* The column a "field:" filter word names: the column with that name, else the only one that
 * starts with it (so "app:" finds "application"). -1 when none or several do. */
static int filter_column(const struct DbRows *rows, const char *name, size_t len)
{
    int hit = -1, hits = 0;
    for (int c = 0; c < rows->ncols; c++) {
        if (strncasecmp(rows->names[c], name, len) != 0)
            continue;
        if (rows->names[c][len] == '\0')
            return c;
        hit = c;
        hits++;
    }
    return hits == 1 ? hit : -1;
}

/* One filter word against one row: "field:value" looks in that column, "-word" must not
 * appear, anything else must appear in some column. Case-insensitive. */
static bool word_matches(const struct DbRows *rows, int r, const char *word)
{
    bool negate = word[0] == '-' && word[1];
    if (negate)
        word++;
    const char *colon = strchr(word, ':');
    bool found = false;
    int col = colon && colon > word ? filter_column(rows, word, (size_t)(colon - word)) : -1;
    if (col >= 0) {
        const char *v = db_rows_get(rows, r, col);
        found = colon[1] ? str_icontains(v, colon + 1) : v == NULL || !*v;
        if (!found && colon[1] && db_rows_type(rows, col) == DB_BOOL) { /* "active:no" too */
            char *shown = db_rows_display(rows, r, col);
            found = str_icontains(shown, colon + 1);
            free(shown);
        }
    } else {
        for (int c = 0; !found && c < rows->ncols; c++)
            found = str_icontains(db_rows_get(rows, r, c), word);
    }
    return found != negate;
}

/* Every word of the filter must match (words are separated by spaces). */
static bool row_matches(const struct DbRows *rows, int r, const char *filter)
{
    char word[256];
    for (const char *p = filter; str_next_word(&p, word, sizeof word);)
        if (!word_matches(rows, r, word))
            return false;
    return true;
}

static void refilter(struct TableData *td)
{
    XFREE(td->visible);
    td->nvisible = 0;
    if (!td->rows)
        return;
    td->visible = xcalloc((size_t)td->rows->nrows + 1, sizeof *td->visible);
    int hide = td->hide_col ? db_rows_col(td->rows, td->hide_col) : -1;
    for (int r = 0; r < td->rows->nrows; r++) {
        if (hide >= 0 && str_eq(db_rows_get(td->rows, r, hide), td->hide_value))
            continue;
        if (!td->filter || row_matches(td->rows, r, td->filter))
            td->visible[td->nvisible++] = r;
    }
    if (td->sort_col >= 0 && td->sort_col < td->rows->ncols) {
        sorting = td;
        qsort(td->visible, (size_t)td->nvisible, sizeof *td->visible, compare_rows);
        sorting = NULL;
    }
}

static void localize(struct DbRows *rows)
{
    for (int c = 0; c < rows->ncols; c++) {
        char *name = rows->names[c];
        size_t len = strlen(name);
        if (len <= 4 || strcmp(name + len - 4, "_utc") != 0)
            continue;
        name[len - 4] = '\0';
        for (int r = 0; r < rows->nrows; r++) {
            char **cell = &rows->cells[(size_t)r * (size_t)rows->ncols + (size_t)c];
            time_t t;
            if (!*cell || !tz_parse_utc(*cell, &t))
                continue;
            char buf[32];
            tz_format_local(t, "%Y-%m-%d %H:%M", buf, sizeof buf);
            free(*cell);
            *cell = xstrdup(buf);
        }
    }
}

static const char *const *key_rows_base; /* for key_cmp: cells of the rows, and */
static int key_rows_ncols, key_rows_col; /* their width and the key column */

static int key_cmp(const void *a, const void *b)
{
    const char *x = key_rows_base[*(const int *)a * key_rows_ncols + key_rows_col];
    const char *y = key_rows_base[*(const int *)b * key_rows_ncols + key_rows_col];
    return strcmp(x ? x : "", y ? y : "");
}

/* Copies the extra columns into the rows whose key matches. */
static void merge_extra(struct TableData *td)
{
    const struct DbRows *e = td->extra;
    struct DbRows *r = td->rows;
    if (!e || !r || e->ncols < 2 || r->nrows == 0)
        return;
    int key = db_rows_col(r, e->names[0]);
    if (key < 0)
        return;
    int *to = xcalloc((size_t)e->ncols, sizeof *to);
    for (int c = 1; c < e->ncols; c++)
        to[c] = db_rows_col(r, e->names[c]);
    int *order = xcalloc((size_t)r->nrows, sizeof *order);
    for (int i = 0; i < r->nrows; i++)
        order[i] = i;
    key_rows_base = (const char *const *)r->cells;
    key_rows_ncols = r->ncols;
    key_rows_col = key;
    qsort(order, (size_t)r->nrows, sizeof *order, key_cmp);
    for (int i = 0; i < e->nrows; i++) {
        const char *k = e->cells[i * e->ncols];
        if (!k)
            continue;
        int lo = 0, hi = r->nrows - 1, found = -1;
        while (lo <= hi && found < 0) {
            int mid = (lo + hi) / 2;
            const char *m = r->cells[order[mid] * r->ncols + key];
            int c = strcmp(k, m ? m : "");
            if (c == 0)
                found = order[mid];
            else if (c < 0)
                hi = mid - 1;
            else
                lo = mid + 1;
        }
        for (int c = 1; found >= 0 && c < e->ncols; c++) {
            if (to[c] < 0)
                continue;
            char **cell = &r->cells[found * r->ncols + to[c]];
            free(*cell);
            const char *v = e->cells[i * e->ncols + c];
            *cell = v ? xstrdup(v) : NULL;
        }
    }
    free(order);
    free(to);
}

void td_set_extra(struct TableData *td, struct DbRows **extra, const char *error)
{
    td->extra_loading = false;
    XFREE(td->extra_error);
    if (extra && *extra) {
        db_rows_free(&td->extra);
        td->extra = *extra;
        *extra = NULL;
    } else {
        td->extra_error = xstrdup(error ? error : "unknown error");
    }
    merge_extra(td);
    refilter(td);
    td->version++;
}

void td_set_rows(struct TableData *td, struct DbRows **rows, double latency_ms, time_t now)
{
    db_rows_free(&td->rows);
    td->rows = *rows;
    *rows = NULL;
    if (td->rows)
        localize(td->rows);
    td->loading = false;
    td->stale = false;
    XFREE(td->error);
    XFREE(td->noaccess);
    td->updated = now;
    td->latency_ms = latency_ms;
    merge_extra(td);
    refilter(td);
    td->version++;
}

void td_set_error(struct TableData *td, const char *error, bool lost)
{
    td->loading = false;
    if (lost) {
        td->stale = td->rows != NULL;
    } else {
        free(td->error);
        td->error = xstrdup(error ? error : "unknown error");
    }
    td->version++;
}

void td_set_loading(struct TableData *td, bool loading)
{
    if (td->loading != loading) {
        td->loading = loading;
        td->version++;
    }
}

void td_set_noaccess(struct TableData *td, const char *why)
{
    free(td->noaccess);
    td->noaccess = why ? xstrdup(why) : NULL;
    td->version++;
}

void td_set_filter(struct TableData *td, const char *text)
{
    free(td->filter);
    td->filter = text && *text ? xstrdup(text) : NULL;
    refilter(td);
    td->version++;
}

void td_set_sort(struct TableData *td, int col, bool desc)
{
    td->sort_col = col;
    td->sort_desc = desc;
    refilter(td);
    td->version++;
}

void td_set_hide(struct TableData *td, const char *col, const char *value)
{
    XFREE(td->hide_col);
    XFREE(td->hide_value);
    if (col) {
        td->hide_col = xstrdup(col);
        td->hide_value = xstrdup(value ? value : "");
    }
    refilter(td);
    td->version++;
}

int td_visible_row(const struct TableData *td, int n)
{
    return n >= 0 && n < td->nvisible ? td->visible[n] : -1;
}
