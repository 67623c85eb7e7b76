#include "config.h"

#include "src/model/tabledata.h"

#include <stdlib.h>
#include <string.h>

#include "src/util/str.h"
#include "src/util/tz.h"
#include "src/util/xalloc.h"

void td_init(struct TableData *td)
{
    memset(td, 0, sizeof *td);
}

void td_free(struct TableData *td)
{
    db_rows_free(&td->rows);
    XFREE(td->error);
    XFREE(td->noaccess);
    XFREE(td->filter);
    XFREE(td->visible);
    td->nvisible = 0;
}

static void refilter(struct TableData *td)
{
    XFREE(td->visible);
    td->nvisible = 0;
    if (!td->rows)
        return;
    td->visible = xcalloc((size_t)td->rows->nrows + 1, sizeof *td->visible);
    for (int r = 0; r < td->rows->nrows; r++) {
        bool keep = !td->filter || !*td->filter;
        for (int c = 0; !keep && c < td->rows->ncols; c++)
            keep = str_icontains(db_rows_get(td->rows, r, c), td->filter);
        if (keep)
            td->visible[td->nvisible++] = r;
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

int td_visible_row(const struct TableData *td, int n)
{
    return n >= 0 && n < td->nvisible ? td->visible[n] : -1;
}
