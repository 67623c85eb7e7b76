/* The Threads tab's model: the conversation list of one salon (or all) and the open thread,
 * held as a window of pages around what is on screen. Views read it; they never run SQL.
 *
 * A message in the window has a sequence number (base + its index) that stays the same while
 * older pages are prepended and far pages dropped, so the pane can keep its place by number. */
#ifndef SD_MODEL_THREADS_H
#define SD_MODEL_THREADS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "src/db/rows.h"
#include "src/model/fetch.h"
#include "src/tabmodel.h"
#include "src/util/text.h"

#define THREADS_PAGE 200     /* messages per page */
#define THREADS_PREFETCH 100 /* fetch the next page this many messages before the window ends */
#define THREADS_KEEP 400     /* messages kept beyond the screen on each side */
#define THREADS_LIST_MAX 500 /* conversations in the list */
#define THREADS_FIND_MAX 50  /* hits of :find */

struct ThreadConv {
    char *salon_id, *salon, *phone, *customer, *preview, *last_type, *status;
    char *ai_tokens, *ai_cost;
    time_t last;
    long messages, failed;
    bool approx;     /* messages counts only the salon's recent messages (no conversations row) */
    bool unanswered; /* the last message is inbound */
    bool ai;         /* an AI conversation exists */
};

struct ThreadMsg {
    bool ai;      /* from ai_messages */
    bool inbound; /* direction INBOUND */
    char *id, *created_utc;
    time_t t;
    char *type, *status, *cost, *ai_model, *tokens, *response_ms;
    char *text;    /* what the bubble shows: safe text (kept '\n'), placeholder included */
    bool unfolded; /* a long message is shown whole (the fold key, or a search hit in it) */
    size_t *tok;   /* ntok (offset, length) pairs: the visible tokens inside text */
    int ntok;
    /* The pane's layout cache for one width (text_wrap spans). */
    int lay_width;
    struct TextSpan *spans;
    size_t nspans;
};

/* One hit of :find: a message in some thread. */
struct ThreadHit {
    char *salon_id, *phone, *id, *created_utc;
    char *snippet;  /* raw text around the match on one line (the UI makes it safe) */
    char *customer; /* from the list, when the thread is in it */
    time_t t;
    int thread_hits; /* hits of the same thread among the results */
};

enum ThreadPos { POS_KEEP, POS_BOTTOM, POS_TOP, POS_SEQ };

struct ThreadsModel {
    /* The list. */
    char *salon; /* id or name (--salon, or where the user came from), NULL for all */
    struct ThreadConv *convs;
    int nconvs;
    int *visible;
    int nvisible;
    char *filter;
    bool list_loading, list_loaded;
    struct FetchStatus list_fs; /* the list's error, stale mark, age and round trip */
    char *noaccess;
    int64_t next_due;

    /* The open thread. */
    bool in_thread;
    char *t_salon, *t_phone, *t_customer;
    char *t_salon_name; /* from the list's row of the thread, NULL until it is known */
    struct ThreadMsg *msgs;
    int nmsgs;
    int64_t base;
    bool has_older, has_newer, loading_older, loading_newer, loading_reset;
    unsigned gen; /* moves when the thread or its page set is replaced: late results are dropped */
    bool show_ai;
    bool opened_phone; /* --phone was acted on */
    char *thread_error;
    double page_ms;                /* the last page's server round trip */
    int64_t view_first, view_last; /* the sequence numbers on screen (the pane says) */
    int64_t next_tail;             /* next poll for new messages at the bottom */
    enum ThreadPos pos;            /* where the pane should go when the window was replaced */
    int64_t pos_seq;

    /* Search within the thread. */
    char *search;
    int64_t hit_seq;          /* -1: none */
    bool search_older;        /* the direction of n */
    char *search_none_before; /* "created_utc\nid": no older message matches the search */

    /* --once */
    struct DbRows **pages;
    int npages;
    bool batch_done;

    bool exporting; /* an :export of the thread is fetching */

    /* :find results: shown instead of the list while find_open (a thread opened from them
     * goes back to them). */
    bool find_open;
    char *find_text;
    struct ThreadHit *hits;
    int nhits;
    int find_cursor;
    bool find_more; /* the query's limit was reached */

    unsigned version; /* moves on every change */
};

extern const struct TabModel threads_tab_model;

/* The model of tab v (allocated on first use). */
struct ThreadsModel *threads_model(struct App *app, enum ViewId v);

/* --- for the pane ---------------------------------------------------------------------------- */
void threads_open_conv(struct App *app, int visible_index);
void threads_close(struct App *app);
/* The pane reports which messages are on screen; the model fetches or drops pages. */
void threads_viewport(struct App *app, int64_t first_seq, int64_t last_seq);
void threads_go_newest(struct App *app);
void threads_go_oldest(struct App *app);
void threads_toggle_ai(struct App *app);
/* Folds or unfolds the message with sequence number seq (the pane says which). */
void threads_toggle_fold(struct App *app, int64_t seq);
/* :find results: move the cursor, open the thread at the hit under it, or close them. */
void threads_find_move(struct App *app, int delta);
void threads_find_open(struct App *app);
void threads_find_close(struct App *app);
/* n (older = the search's direction) and N. */
void threads_search_step(struct App *app, bool reverse);
/* The message with sequence number seq, or NULL outside the window. */
struct ThreadMsg *threads_msg(struct ThreadsModel *m, int64_t seq);

/* --- --once (threads_batch.c) ----------------------------------------------------------------- */
void threads_batch_pump(struct App *app, enum ViewId v);
int threads_batch_state(struct App *app, enum ViewId v);
int threads_batch_write(struct App *app, enum ViewId v, FILE *out);
/* Pages of threads_sql_page rows, oldest first, as the rows --once prints (time, direction,
 * type, status, cost, text, id). */
struct DbRows *threads_page_rows(struct DbRows *const *pages, int npages);

/* --- :export of the open thread (threads_export.c) ------------------------------------------- */
/* Fetches every message of the open thread (and its AI messages when they are shown), oldest
 * first, page by page, then writes them to path as csv or json and says so in the status line.
 * False when no thread is open (the list is exported instead). */
bool threads_export(struct App *app, enum ViewId v, const char *fmt, const char *path);

/* --- plain functions, exposed for the unit tests ------------------------------------------- */
void threads_model_free(struct ThreadsModel **m);
/* Parses list rows (the columns of threads_sql_list) into m->convs. */
void threads_set_list(struct ThreadsModel *m, const struct DbRows *rows);
void threads_apply_filter(struct ThreadsModel *m);
/* Merges a page (the columns of threads_sql_page) into the window: prepend (older pages, rows
 * newest first), append (newer, oldest first) or replace (rows in the order newest_first says).
 * Returns the number of messages added. */
int threads_add_page(struct ThreadsModel *m, const struct DbRows *rows, int where,
                     bool newest_first);
#define THREADS_PREPEND (-1)
#define THREADS_REPLACE 0
#define THREADS_APPEND 1
/* Drops messages further than THREADS_KEEP from [first, last]. */
void threads_trim(struct ThreadsModel *m, int64_t first, int64_t last);
/* view_first and view_last before the pane reported a screen (sequence numbers go negative as
 * older pages are prepended, so no number in range can mean "none"). */
#define THREADS_NO_VIEW INT64_MIN
/* Trims to what the pane last showed, unless nothing was shown yet or a page is on its way. */
void threads_settle(struct ThreadsModel *m);
/* Builds the bubble text for one message: content made safe, or a placeholder with caption. */
void threads_msg_text(struct ThreadMsg *msg, const char *content, const char *media_url);
void threads_msg_clear(struct ThreadMsg *msg);
/* Parses :find rows (the columns of threads_sql_find) into m->hits, for text; frees old ones. */
void threads_set_hits(struct ThreadsModel *m, const struct DbRows *rows, const char *text);
void threads_clear_hits(struct ThreadsModel *m);
/* A one-line snippet of content around the last place text (case folded) occurs, at most
 * about max bytes; the start of content when text is not in it. Heap string. */
char *threads_snippet(const char *content, const char *text, size_t max);

#endif
