/* The Bookings tab's SQL, built from the discovered schema. Every query names its columns, takes
 * values as parameters and reads a period through the (salon_id, start_ts) index. Statuses are
 * read as text, whatever the deployment's type. Columns the deployment lacks become NULL. */
#ifndef SD_BOOKINGS_SQL_H
#define SD_BOOKINGS_SQL_H

#include <stdbool.h>

#include "src/queries/queries.h"
#include "src/schema.h"

/* Result columns of bookings_sql_period() and bookings_sql_search(), in this order. */
enum BkCol {
    BK_ID,
    BK_SALON_ID,
    BK_SALON,
    BK_START,    /* UTC "YYYY-MM-DD HH:MM:SS" */
    BK_END,      /* UTC, or NULL where the deployment has no end_ts */
    BK_DURATION, /* the service's minutes, or NULL */
    BK_CODE,
    BK_CUSTOMER,
    BK_PHONE,
    BK_SERVICE,
    BK_MASTER_ID,
    BK_MASTER,
    BK_STATUS,
    BK__NCOLS,
};

/* NULL when the role may read the bookings it needs, else why not (heap). */
char *bookings_sql_noaccess(const struct Schema *s);
/* The bookings of salon_id (NULL: every salon the role may read) with start_ts in
 * [from_utc, to_utc), and those of the day before that end after from_utc, by start. */
bool bookings_sql_period(const struct Schema *s, const char *salon_id, const char *from_utc,
                         const char *to_utc, struct Query *q);
/* A regular expression (PostgreSQL's) that matches text as fold_contains() does: each letter a
 * class of the letters that fold to it, written as \u escapes. Heap. */
char *bookings_fold_regex(const char *text);
/* Finds bookings whose code, customer name or phone contains text, nearest to now_utc first. */
bool bookings_sql_search(const struct Schema *s, const char *salon_id, const char *text,
                         const char *now_utc, struct Query *q);
/* One booking with every column the role may read ("column", "value" rows; JSON pretty). */
bool bookings_sql_detail(const struct Schema *s, const char *id, struct Query *q);
/* The customer's other bookings (same salon when salon_id is given), newest first. */
bool bookings_sql_customer(const struct Schema *s, const char *salon_id, const char *phone,
                           struct Query *q);
/* id, name, work_start, work_end, slot_min of the salon named by id or (case-insensitive) name:
 * the last three as text where the deployment records them (working_hours_start/end or opening
 * and closing times; slot_duration_minutes), else NULL. */
bool bookings_sql_salon(const struct Schema *s, const char *id_or_name, struct Query *q);
/* id, name of the salon's masters (when the deployment has them). */
bool bookings_sql_masters(const struct Schema *s, const char *salon_id, struct Query *q);
/* The slot length in minutes the schema gives, else 30. */
int bookings_slot_minutes(const struct Schema *s);

#endif
