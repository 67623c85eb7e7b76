/* The Threads model's plain data: list rows, the message window, its pages and trimming. No
 * server here (see threads_tab.c), so the unit tests drive it with plain rows. */
#include "config.h"

#include "src/model/threads.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "src/util/fold.h"
#include "src/util/str.h"
#include "src/util/tz.h"
#include "src/util/xalloc.h"

static char *dup_or_null(const char *s)
{
    return s ? xstrdup(s) : NULL;
}

static const char *cell(const struct DbRows *r, int row, const char *name)
{
    return db_rows_get(r, row, db_rows_col(r, name));
}

static void conv_clear(struct ThreadConv *c)
{
    free(c->salon_id);
    free(c->salon);
    free(c->phone);
    free(c->customer);
    free(c->preview);
    free(c->last_type);
    free(c->status);
    free(c->ai_tokens);
    free(c->ai_cost);
    memset(c, 0, sizeof *c);
}

void threads_msg_clear(struct ThreadMsg *msg)
{
    free(msg->id);
    free(msg->created_utc);
    free(msg->type);
    free(msg->status);
    free(msg->cost);
    free(msg->ai_model);
    free(msg->tokens);
    free(msg->response_ms);
    free(msg->text);
    free(msg->tok);
    free(msg->spans);
    memset(msg, 0, sizeof *msg);
}

static void clear_msgs(struct ThreadsModel *m)
{
    for (int i = 0; i < m->nmsgs; i++)
        threads_msg_clear(&m->msgs[i]);
    XFREE(m->msgs);
    m->nmsgs = 0;
}

void threads_model_free(struct ThreadsModel **pm)
{
    struct ThreadsModel *m = *pm;
    if (!m)
        return;
    for (int i = 0; i < m->nconvs; i++)
        conv_clear(&m->convs[i]);
    free(m->convs);
    free(m->visible);
    free(m->filter);
    free(m->salon);
    fetch_status_free(&m->list_fs);
    free(m->noaccess);
    free(m->t_salon);
    free(m->t_phone);
    free(m->t_customer);
    free(m->t_salon_name);
    free(m->thread_error);
    free(m->search);
    free(m->search_none_before);
    threads_clear_hits(m);
    free(m->find_text);
    clear_msgs(m);
    for (int i = 0; i < m->npages; i++)
        db_rows_free(&m->pages[i]);
    free(m->pages);
    free(m);
    *pm = NULL;
}

/* --- the list -------------------------------------------------------------------------------- */

void threads_set_list(struct ThreadsModel *m, const struct DbRows *rows)
{
    for (int i = 0; i < m->nconvs; i++)
        conv_clear(&m->convs[i]);
    XFREE(m->convs);
    m->nconvs = rows ? rows->nrows : 0;
    m->convs = xcalloc((size_t)m->nconvs + 1, sizeof *m->convs);
    for (int r = 0; r < m->nconvs; r++) {
        struct ThreadConv *c = &m->convs[r];
        c->salon_id = dup_or_null(cell(rows, r, "salon_id"));
        c->salon = dup_or_null(cell(rows, r, "salon"));
        c->phone = dup_or_null(cell(rows, r, "phone"));
        c->customer = dup_or_null(cell(rows, r, "customer"));
        c->preview = dup_or_null(cell(rows, r, "preview"));
        c->last_type = dup_or_null(cell(rows, r, "last_type"));
        c->status = dup_or_null(cell(rows, r, "status"));
        c->ai_tokens = dup_or_null(cell(rows, r, "ai_tokens"));
        c->ai_cost = dup_or_null(cell(rows, r, "ai_cost"));
        const char *v = cell(rows, r, "last_utc");
        if (!v || !tz_parse_utc(v, &c->last))
            c->last = 0;
        v = cell(rows, r, "messages");
        c->messages = v ? atol(v) : 0;
        v = cell(rows, r, "approx");
        c->approx = v && strcmp(v, "t") == 0;
        v = cell(rows, r, "failed");
        c->failed = v ? atol(v) : 0;
        v = cell(rows, r, "last_dir");
        c->unanswered = v && strcmp(v, "INBOUND") == 0;
        c->ai = c->ai_tokens != NULL;
    }
    threads_apply_filter(m);
}

static bool word_matches(const struct ThreadConv *c, const char *word)
{
    /* "-word": conversations the word does not match. */
    if (word[0] == '-' && word[1])
        return !word_matches(c, word + 1);
    bool ok;
    if (str_starts(word, "phone:"))
        /* +7999 finds 79991234567: numbers are stored with or without the plus. */
        ok = str_icontains(c->phone, word + 6) ||
             (word[6] == '+' && str_icontains(c->phone, word + 7));
    else if (str_starts(word, "name:") || str_starts(word, "customer:"))
        ok = str_icontains(c->customer, strchr(word, ':') + 1);
    else if (str_starts(word, "salon:"))
        ok = str_icontains(c->salon, word + 6) || str_icontains(c->salon_id, word + 6);
    else if (strcmp(word, "is:unanswered") == 0)
        ok = c->unanswered;
    else if (strcmp(word, "is:failed") == 0)
        ok = c->failed > 0;
    else if (strcmp(word, "is:ai") == 0)
        ok = c->ai;
    else if (str_starts(word, "status:"))
        ok = c->status ? strcasecmp(c->status, word + 7) == 0 : strcmp(word + 7, "-") == 0;
    else
        ok = str_icontains(c->phone, word) || str_icontains(c->customer, word);
    return ok;
}

/* Every word of the filter must match: is:unanswered, is:failed, is:ai, status:NAME,
 * phone:DIGITS, name:TEXT, salon:TEXT, -WORD (not), or text found in the phone or the
 * customer's name: the same field:value form as the table views. */
void threads_apply_filter(struct ThreadsModel *m)
{
    free(m->visible);
    m->visible = xcalloc((size_t)m->nconvs + 1, sizeof *m->visible);
    m->nvisible = 0;
    for (int i = 0; i < m->nconvs; i++) {
        bool ok = true;
        char word[256];
        for (const char *p = m->filter; ok && str_next_word(&p, word, sizeof word);)
            ok = word_matches(&m->convs[i], word);
        if (ok)
            m->visible[m->nvisible++] = i;
    }
    m->version++;
}

/* --- messages -------------------------------------------------------------------------------- */

struct TokCollect {
    struct StrBuf sb;
    size_t *tok;
    int ntok, cap;
};

static void collect(void *ud, const char *s, size_t n, bool token)
{
    struct TokCollect *tc = ud;
    if (token) {
        if (tc->ntok == tc->cap) {
            tc->cap = tc->cap ? tc->cap * 2 : 8;
            tc->tok = xreallocarray(tc->tok, (size_t)tc->cap * 2, sizeof *tc->tok);
        }
        tc->tok[tc->ntok * 2] = tc->sb.len;
        tc->tok[tc->ntok * 2 + 1] = n;
        tc->ntok++;
    }
    sb_appendn(&tc->sb, s, n);
}

static const char *placeholder(const char *type)
{
    static const struct {
        const char *type, *label;
    } names[] = {{"IMAGE", "[image]"},       {"DOCUMENT", "[document]"}, {"AUDIO", "[audio]"},
                 {"VIDEO", "[video]"},       {"TEMPLATE", "[template]"}, {"STICKER", "[sticker]"},
                 {"LOCATION", "[location]"}, {"CONTACTS", "[contact]"},  {NULL, NULL}};
    for (int i = 0; type && names[i].type; i++)
        if (strcmp(type, names[i].type) == 0)
            return names[i].label;
    return NULL;
}

void threads_msg_text(struct ThreadMsg *msg, const char *content, const char *media_url)
{
    struct TokCollect tc = {.tok = NULL};
    sb_init(&tc.sb);
    const char *ph = msg->ai ? NULL : placeholder(msg->type);
    if (ph) {
        sb_append(&tc.sb, ph);
        if (content && *content)
            sb_putc(&tc.sb, ' ');
    } else if (msg->type && !msg->ai && strcmp(msg->type, "TEXT") != 0) {
        /* A type no enum had: show its name as it is. */
        sb_putc(&tc.sb, '[');
        text_safe_each(msg->type, (size_t)-1, 0, collect, &tc);
        sb_append(&tc.sb, content && *content ? "] " : "]");
    }
    if (content && *content)
        text_safe_each(content, (size_t)-1, TEXT_KEEP_NEWLINES, collect, &tc);
    else if (!ph && !content)
        sb_append(&tc.sb, "(no text)");
    else if (!ph)
        sb_append(&tc.sb, "(empty message)");
    if (ph && (!content || !*content) && media_url && *media_url) {
        /* No caption: the file's name tells what it is. */
        const char *slash = strrchr(media_url, '/');
        const char *name = slash && slash[1] ? slash + 1 : media_url;
        size_t n = strcspn(name, "?");
        sb_putc(&tc.sb, ' ');
        text_safe_each(name, n > 80 ? 80 : n, 0, collect, &tc);
    }
    msg->text = sb_steal(&tc.sb);
    sb_free(&tc.sb);
    msg->tok = tc.tok;
    msg->ntok = tc.ntok;
}

static void msg_from_row(struct ThreadMsg *msg, const struct DbRows *rows, int r)
{
    memset(msg, 0, sizeof *msg);
    const char *kind = cell(rows, r, "kind");
    msg->ai = kind && strcmp(kind, "a") == 0;
    const char *dir = cell(rows, r, "direction");
    msg->inbound = dir && strcmp(dir, "INBOUND") == 0;
    msg->id = xstrdup(cell(rows, r, "id") ? cell(rows, r, "id") : "");
    msg->created_utc = xstrdup(cell(rows, r, "created_utc") ? cell(rows, r, "created_utc") : "");
    if (!tz_parse_utc(msg->created_utc, &msg->t))
        msg->t = 0;
    msg->type = dup_or_null(cell(rows, r, "type"));
    msg->status = dup_or_null(cell(rows, r, "status"));
    msg->cost = dup_or_null(cell(rows, r, "cost"));
    msg->ai_model = dup_or_null(cell(rows, r, "ai_model"));
    msg->tokens = dup_or_null(cell(rows, r, "tokens"));
    msg->response_ms = dup_or_null(cell(rows, r, "response_ms"));
    threads_msg_text(msg, cell(rows, r, "content"), cell(rows, r, "media_url"));
}

int threads_add_page(struct ThreadsModel *m, const struct DbRows *rows, int where,
                     bool newest_first)
{
    int n = rows ? rows->nrows : 0;
    if (where == THREADS_REPLACE) {
        clear_msgs(m);
        m->base = 0;
    }
    if (n == 0)
        return 0;
    m->msgs = xreallocarray(m->msgs, (size_t)(m->nmsgs + n), sizeof *m->msgs);
    int at = 0;
    if (where == THREADS_PREPEND) {
        memmove(m->msgs + n, m->msgs, (size_t)m->nmsgs * sizeof *m->msgs);
        m->base -= n;
    } else {
        at = m->nmsgs;
    }
    for (int i = 0; i < n; i++) {
        int r = newest_first ? n - 1 - i : i; /* the window holds oldest first */
        msg_from_row(&m->msgs[at + i], rows, r);
    }
    m->nmsgs += n;
    m->version++;
    return n;
}

void threads_trim(struct ThreadsModel *m, int64_t first, int64_t last)
{
    int64_t lo = first - THREADS_KEEP, hi = last + THREADS_KEEP;
    int drop_front = lo > m->base ? (int)(lo - m->base) : 0;
    if (drop_front > m->nmsgs)
        drop_front = m->nmsgs;
    int64_t end = m->base + m->nmsgs - 1;
    int drop_back = end > hi ? (int)(end - hi) : 0;
    if (drop_back > m->nmsgs - drop_front)
        drop_back = m->nmsgs - drop_front;
    if (!drop_front && !drop_back)
        return;
    for (int i = 0; i < drop_front; i++)
        threads_msg_clear(&m->msgs[i]);
    for (int i = m->nmsgs - drop_back; i < m->nmsgs; i++)
        threads_msg_clear(&m->msgs[i]);
    int keep = m->nmsgs - drop_front - drop_back;
    memmove(m->msgs, m->msgs + drop_front, (size_t)keep * sizeof *m->msgs);
    m->nmsgs = keep;
    m->base += drop_front;
    if (drop_front)
        m->has_older = true;
    if (drop_back)
        m->has_newer = true;
    m->version++;
}

void threads_settle(struct ThreadsModel *m)
{
    if (m->view_first != THREADS_NO_VIEW && !m->loading_older && !m->loading_newer)
        threads_trim(m, m->view_first, m->view_last);
}

struct ThreadMsg *threads_msg(struct ThreadsModel *m, int64_t seq)
{
    if (!m || seq < m->base || seq >= m->base + m->nmsgs)
        return NULL;
    return &m->msgs[seq - m->base];
}

/* --- :find results ---------------------------------------------------------------------------- */

void threads_clear_hits(struct ThreadsModel *m)
{
    for (int i = 0; i < m->nhits; i++) {
        struct ThreadHit *h = &m->hits[i];
        free(h->salon_id);
        free(h->phone);
        free(h->id);
        free(h->created_utc);
        free(h->snippet);
        free(h->customer);
    }
    XFREE(m->hits);
    m->nhits = 0;
    m->find_cursor = 0;
}

/* The start of the UTF-8 character that holds byte i of s. */
static size_t char_start(const char *s, size_t i)
{
    while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80)
        i--;
    return i;
}

char *threads_snippet(const char *content, const char *text, size_t max)
{
    if (!content)
        return xstrdup("");
    size_t n = strlen(content), at = 0;
    if (text && *text && fold_contains(content, text)) {
        /* Whether the rest of content from i holds text only gets false as i grows: find the
         * last i where it does, the start of the last match. */
        size_t lo = 0, hi = n;
        while (hi - lo > 1) {
            size_t mid = char_start(content, lo + (hi - lo) / 2);
            if (mid <= lo)
                mid = lo + 1;
            while (mid < hi && ((unsigned char)content[mid] & 0xC0) == 0x80)
                mid++;
            if (mid >= hi)
                break;
            if (fold_contains(content + mid, text))
                lo = mid;
            else
                hi = mid;
        }
        at = lo;
    }
    size_t from = at > 24 ? char_start(content, at - 24) : 0;
    for (size_t i = from; from > 0 && i < at; i++) /* start at a word where there is one */
        if (content[i] == ' ' || content[i] == '\n') {
            from = i + 1;
            break;
        }
    size_t len = n - from > max ? char_start(content, from + max) - from : n - from;
    char *r = xmalloc(len + 1);
    memcpy(r, content + from, len);
    r[len] = '\0';
    for (char *p = r; *p; p++)
        if (*p == '\n' || *p == '\r' || *p == '\t')
            *p = ' ';
    return r;
}

static const char *hit_cell(const struct DbRows *rows, int r, int c)
{
    return db_rows_get(rows, r, c);
}

void threads_set_hits(struct ThreadsModel *m, const struct DbRows *rows, const char *text)
{
    threads_clear_hits(m);
    m->hits = xcalloc(rows->nrows > 0 ? (size_t)rows->nrows : 1, sizeof *m->hits);
    for (int r = 0; r < rows->nrows; r++) {
        struct ThreadHit *h = &m->hits[m->nhits];
        const char *salon = hit_cell(rows, r, 0), *phone = hit_cell(rows, r, 1);
        const char *id = hit_cell(rows, r, 2), *ts = hit_cell(rows, r, 3);
        if (!phone || !id || !ts || !tz_parse_utc(ts, &h->t))
            continue;
        h->salon_id = salon ? xstrdup(salon) : NULL;
        h->phone = xstrdup(phone);
        h->id = xstrdup(id);
        h->created_utc = xstrdup(ts);
        h->snippet = threads_snippet(hit_cell(rows, r, 4), text, 400);
        for (int i = 0; i < m->nconvs && !h->customer; i++) {
            const struct ThreadConv *cv = &m->convs[i];
            if (cv->customer && cv->phone && strcmp(cv->phone, phone) == 0 && salon &&
                cv->salon_id && strcmp(cv->salon_id, salon) == 0)
                h->customer = xstrdup(cv->customer);
        }
        m->nhits++;
    }
    for (int i = 0; i < m->nhits; i++) {
        struct ThreadHit *h = &m->hits[i];
        for (int j = 0; j < m->nhits; j++)
            if (strcmp(m->hits[j].phone, h->phone) == 0 &&
                (!h->salon_id || !m->hits[j].salon_id ||
                 strcmp(m->hits[j].salon_id, h->salon_id) == 0))
                h->thread_hits++;
    }
}
