/* The Threads tab's SQL, built from the discovered schema. A thread is the messages of one salon
 * and one phone number in (created_at, id) order, whether or not a conversations row or a
 * conversation_id exists; pages are fetched by keyset on (created_at, id), never OFFSET. AI
 * messages (ai_messages, matched by salon and phone) can be merged into the same order. */
#ifndef SD_THREADS_SQL_H
#define SD_THREADS_SQL_H

#include <stdbool.h>
#include <time.h>

#include "src/queries/queries.h"
#include "src/schema.h"

/* How many of the salon's messages around a page's cursor are looked at before a thread is
 * read through its phone number instead (see threads_sql_page). */
#define THREADS_SQL_WINDOW 2000

/* How far back the list looks in messages for what conversations rows do not say. */
#define THREADS_SQL_RECENT 2000
#define THREADS_SQL_RECENT_EACH 50
/* The list's customer name comes from the latest booking of that phone in the salon that starts
 * at most this many days before, or before this many days after, the thread's last message. */
#define THREADS_SQL_NAME_DAYS_BEFORE 90
#define THREADS_SQL_NAME_DAYS_AFTER 60

/* Which way a thread page goes from its cursor. */
enum ThreadPageDir {
    PAGE_NEWEST, /* the newest n messages (no cursor) */
    PAGE_OLDEST, /* the oldest n messages (no cursor) */
    PAGE_OLDER,  /* n messages before the cursor, newest first */
    PAGE_AT,     /* the cursor message and n - 1 before it, newest first */
    PAGE_NEWER,  /* n messages after the cursor, oldest first */
};

/* Whether the role can list and read threads at all; false with *why (heap) when not. */
bool threads_sql_usable(const struct Schema *s, char **why);
/* Whether ai_messages can be merged into threads. */
bool threads_sql_has_ai(const struct Schema *s);

/* The conversation list: salon is an id or a name (NULL for all salons), newest activity first,
 * at most `limit` threads. Where the role can read conversations, the list is their rows plus what
 * the salon's latest THREADS_SQL_RECENT messages (THREADS_SQL_RECENT_EACH per salon for all
 * salons) add: threads without a row, fresher last times and the failed marks. Otherwise every
 * thread is grouped from its messages (all salons: those active since `now` - 90 days). Columns:
 * last_utc, salon_id, salon, phone, customer (see THREADS_SQL_NAME_DAYS_BEFORE), last_dir,
 * last_type, preview, messages, approx ("t" when messages counts only the recent window),
 * status, failed, ai_tokens, ai_cost. */
bool threads_sql_list(const struct Schema *s, const char *salon, time_t now, int limit,
                      struct Query *q, char **why);

/* One page of a thread. salon is an id or name (NULL: the phone in every salon); cursor_utc and
 * cursor_id are the keyset cursor for PAGE_OLDER/PAGE_AT/PAGE_NEWER. Columns: kind ('m' or
 * 'a'), id, created_utc, direction, type, content, media_url, status, cost, ai_model, tokens,
 * response_ms. Rows are newest first except for PAGE_OLDEST and PAGE_NEWER. */
bool threads_sql_page(const struct Schema *s, const char *salon, const char *phone, bool with_ai,
                      enum ThreadPageDir dir, const char *cursor_utc, const char *cursor_id, int n,
                      struct Query *q, char **why);

/* The page after `last` (a page of threads_sql_page read oldest first), or the oldest page when
 * last is NULL: how --once and :export walk a whole thread. */
bool threads_sql_page_after(const struct Schema *s, const char *salon, const char *phone,
                            bool with_ai, const struct DbRows *last, int n, struct Query *q,
                            char **why);

/* :find: messages of the salon (or all) whose phone starts with text or whose content contains
 * it, newest first, at most limit. Columns: salon_id, phone, id, created_utc, content. */
bool threads_sql_find(const struct Schema *s, const char *salon, const char *text, int limit,
                      struct Query *q, char **why);

/* The next message of the thread, before (older) or after the cursor, whose content contains
 * text. Columns: id, created_utc. */
bool threads_sql_search(const struct Schema *s, const char *salon, const char *phone,
                        const char *text, bool older, const char *cursor_utc, const char *cursor_id,
                        struct Query *q, char **why);

/* text with LIKE's wildcards and escape character escaped (heap). */
char *threads_like_escape(const char *text);

#endif
