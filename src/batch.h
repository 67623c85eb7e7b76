/* --once: print what a pane shows as text, CSV or JSON, and exit. */
#ifndef SD_BATCH_H
#define SD_BATCH_H

#include <stdio.h>

#include "src/app.h"

/* Connects (no retry), fetches the pane's view and prints it to out. Returns the exit code:
 * 0, or 1 with "salondesk: cannot connect: <libpq's message>" (or the query's error) on
 * stderr. */
int batch_run(struct App *app, FILE *out);

/* Writers, exposed for the unit tests. */
void batch_write_text(const struct DbRows *rows, const int *visible, int n, FILE *out);
void batch_write_csv(const struct DbRows *rows, const int *visible, int n, FILE *out);
/* One CSV field, the only writer of one: quoted as RFC 4180 requires, and with a leading ' when
 * it begins with = + - @ TAB or CR and is not a plain number (see batch.c). */
void batch_write_csv_cell(const char *s, FILE *out);
/* JSON: numbers and booleans from the column types (DB_INT, DB_NUMERIC, DB_FLOAT, DB_BOOL),
 * NULL as null, and the exact text otherwise; control, bidi and invisible characters are
 * \uXXXX escapes (lossless, and safe on a terminal); an invalid UTF-8 byte becomes \ufffd. */
void batch_write_json(const struct DbRows *rows, const int *visible, int n, FILE *out);
/* The rows in format fmt, as --format names it: "csv", "json", else text. */
void batch_write(const char *fmt, const struct DbRows *rows, const int *visible, int n, FILE *out);
void batch_json_string(const char *s, FILE *out);
void batch_json_value(enum DbType type, const char *v, FILE *out);

#endif
