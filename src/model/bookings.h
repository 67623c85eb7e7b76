/* The Bookings tab's model: the salon in scope, the view (day, week, month, agenda) and its
 * anchor date, the bookings of the period on screen (fetched through the (salon_id, start_ts)
 * index, the neighbouring periods fetched ahead into a small cache), filters, conflicts, the
 * selected booking and its detail. Plain data: the pane reads it, actions call the functions
 * below, and the model submits its queries on app->db. */
#ifndef SD_MODEL_BOOKINGS_H
#define SD_MODEL_BOOKINGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "src/db/rows.h"
#include "src/model/fetch.h"
#include "src/tabmodel.h"
#include "src/util/cal.h"

struct App;

/* Where a booking's end comes from. */
enum BkEndSource {
    BK_END_RECORDED, /* end_ts */
    BK_END_SERVICE,  /* start + the service's duration_min */
    BK_END_SLOT,     /* neither: one slot is assumed */
};

/* At most this many side-by-side lanes in one day-view column. */
#define BK_MAX_SUB 8

/* One booking of the period, pointing into the period's rows (valid until the next change).
 * A booking that runs past midnight is an item on each day it covers within the period: the
 * later days' items have cont set. */
struct BkItem {
    int row;             /* in the period's DbRows */
    time_t start, end;   /* end: end_ts, else start + the service's minutes, else one slot */
    struct CalDate day;  /* the day this item is shown on, in the display zone */
    time_t vstart, vend; /* the part of [start, end) that lies on day */
    enum BkEndSource end_src;
    int end_days; /* days from the start's date to the end's (1: "+1") */
    bool cont;    /* began on an earlier day (shown from midnight) */
    const char *id, *salon_id, *salon, *code, *customer, *phone, *service, *master_id, *master;
    const char *status; /* as the server has it (text), or "" */
    bool conflict;      /* overlaps another booking of the same master */
    int lane;           /* day-view column: the index of its group */
    int sub, nsub;      /* its lane within the column, and the column's lanes that day */
};

/* A column of the day view: a master (or a salon when no salon is chosen). */
struct BkGroup {
    const char *key; /* master_id / salon_id, or NULL for "no master" */
    const char *name;
};

/* Free slots of one master on the day shown. */
#define BK_FREE_MAX 32          /* masters listed */
#define BK_FREE_SLOTS (24 * 12) /* slots of a day at 5 minutes */
struct BkFree {
    char name[80];
    int nslots;
    short slot[BK_FREE_SLOTS]; /* each free slot's start, minutes after midnight */
};

/* :find's results: bookings of any date that match the text, nearest to now first. */
struct BkFound {
    bool open; /* the list is on screen */
    char *text;
    struct DbRows *rows; /* bookings_sql_search's rows, or NULL */
    int cursor;
};

struct BkDetail {
    bool open;
    bool loading;
    char *id;
    char *phone;
    char *salon_id;
    struct DbRows *fields; /* column, type, value */
    struct DbRows *others; /* the customer's bookings */
    char *error;
};

struct BookingsModel {
    enum CalView view;
    struct CalDate anchor; /* the day the cursor is on */
    struct CalDate from, to;
    int slot_min;

    /* Salon scope. */
    char *salon_arg; /* what --salon / the profile / open() named, to resolve */
    char *salon_id;  /* resolved, or NULL: every salon the role may read */
    char *salon_name;
    bool locked; /* a staff profile: the salon cannot change */
    bool resolving;
    bool resolved;

    /* The period on screen: its items after filters, sorted by start. */
    struct BkItem *items;
    int nitems;
    int ntotal;   /* before filters */
    int cursor;   /* index into items, or -1 */
    char *sel_id; /* the selected booking's id, kept across refreshes */
    int nlanes;   /* day-view columns (groups: masters, salons, or one of all bookings) */
    struct BkGroup *groups;
    int ngroups;
    bool by_master;
    bool loading; /* the period on screen is being fetched and nothing is cached */
    bool truncated;
    struct FetchStatus fs; /* the period on screen: its error, stale mark and age */

    /* Filters. */
    bool show_cancelled;
    char *master_filter;  /* master_id, or NULL */
    char *service_filter; /* service name, or NULL */
    /* The / filter's words but a date word (status:no_show anna -nails ...), or NULL: each
     * must match the booking; see bookings_item_matches. Cleared when the salon changes. */
    char *field_filter;
    char *search;        /* the last / text */
    bool search_list;    /* it was :find's, whose hits go to a list */
    bool search_pending; /* asked before the schema or the salon was known */

    struct DbRows *masters; /* id, name of the salon's masters, or NULL */
    bool masters_loading;   /* their query is on the wire */

    /* Free slots on the anchor day, per master (or of the whole column when no booking names
     * a master), in working hours: recorded ones where the deployment has them, else assumed
     * (hours_assumed). A cancelled or no-show booking takes no time; any other status does. */
    int work_start, work_end; /* minutes after midnight */
    bool hours_assumed;
    int rec_start, rec_end; /* the salon's recorded hours (minutes), or -1 */
    bool free_by_master;
    int nfree;
    bool free_more; /* more masters than BK_FREE_MAX */
    struct BkFree free[BK_FREE_MAX];

    struct BkDetail detail;
    struct BkFound found;
    char *noaccess;
    int64_t next_due;
    unsigned version;
    bool batch_failed;
    struct BkCache *cache;
};

extern const struct TabModel bookings_tab_model;

/* The model of app (created on first use). */
struct BookingsModel *bookings_model(struct App *app);
/* Whether a booking matches every word of filter: a field word (status:, master:, service:,
 * customer: or name:, phone:, code:) looks in that field, a free word in any of them, and "-"
 * before a word negates it. Case is folded in every script (str_icontains). */
bool bookings_item_matches(const struct BkItem *it, const char *filter);
/* True for a word the items filter understands. */
bool bookings_is_field_word(const char *word);

void bookings_set_view(struct App *app, enum CalView v);
void bookings_move_days(struct App *app, int days);
void bookings_move_period(struct App *app, int dir);
void bookings_goto(struct App *app, struct CalDate d);
void bookings_today(struct App *app);
/* j/k: the next/previous booking (dir), moving the anchor to its day. */
void bookings_select(struct App *app, int dir);
/* n and N: the next or previous booking the / filter shows, wrapping in the period. */
void bookings_step_match(struct App *app, int dir);
/* Esc: clears the / filter; false when there was none. */
bool bookings_clear_filter(struct App *app);
void bookings_toggle_cancelled(struct App *app);
void bookings_cycle_master(struct App *app);
void bookings_cycle_service(struct App *app);
void bookings_open_detail(struct App *app);
void bookings_close_detail(struct App *app);
void bookings_open_thread(struct App *app);
const struct BkItem *bookings_selected(const struct BookingsModel *m);
/* Items of day d: [*first, *first + n). */
int bookings_day_items(const struct BookingsModel *m, struct CalDate d, int *first);
/* The status's theme class: 0 confirmed/other, 1 cancelled, 2 completed, 3 no-show. */
int bookings_status_class(const char *status);
/* True for a cancelled or no-show booking, which never hides an active one. */
bool bookings_status_inactive(const char *status);
/* The master's name for a master_id, from the salon's masters or the period's rows; NULL when
 * the deployment gives none. */
const char *bookings_master_name(const struct BookingsModel *m, const char *id);
/* "13:30–14:30" into buf: "~" before an end that is not recorded, "+N" after an end N days
 * after the start's day. */
void bookings_format_range(const struct BkItem *it, char *buf, size_t size);
/* Whether the item counts as a booking of the period on screen: one that starts in it, as in
 * --once (a booking across midnight counts once, on its start date). */
bool bookings_item_counts(const struct BookingsModel *m, const struct BkItem *it);

/* The customer's other bookings in the open detail: how many, and the i-th as an item. */
int bookings_other_count(const struct BookingsModel *m);
bool bookings_other_item(const struct BookingsModel *m, int i, struct BkItem *out);
/* Selects the booking with this id on the anchor day (a click on it). */
void bookings_select_id(struct App *app, const char *id);

/* :find's results: how many, and the i-th as an item (false when there is none). */
int bookings_found_count(const struct BookingsModel *m);
bool bookings_found_item(const struct BookingsModel *m, int i, struct BkItem *out);
/* Moves the results' cursor by dir; wrap: past the ends to the other end (n and N). */
void bookings_found_move(struct App *app, int dir, bool wrap);
/* Enter: the day of the result under the cursor, in the day view, with it selected. */
void bookings_found_pick(struct App *app);
/* Esc: closes the results; false when they were not open. */
bool bookings_found_close(struct App *app);

/* Minutes after midnight of a recorded time of day ("09:30", "09:30:00", or a whole hour
 * "9"), or -1 when it is none. */
int bookings_parse_hour(const char *s);
/* Whether slot row minute t lies within the working hours the deployment records. */
bool bookings_in_hours(const struct BookingsModel *m, int minute);

/* True when a booking of this status takes no time: cancelled or no-show, in any case. */
bool bookings_status_frees_time(const char *status);

/* Exposed for the unit tests: builds items, groups and conflicts from period rows. */
void bookings_build_items(struct BookingsModel *m, const struct DbRows *rows);

#endif
