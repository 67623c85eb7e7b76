/* The Threads model and chat layout with plain rows, no server: wrapping and widths in every
 * script, bubbles' placeholders and tokens, thread assembly from pages, the window's bounds, and
 * the conversation list's filters. */
#include "config.h"

#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include <cmocka.h>

#include "src/model/threads.h"
#include "src/queries/threads_sql.h"
#include "src/util/text.h"
#include "src/util/tz.h"
#include "src/util/xalloc.h"

#include "ui/widget_chat.h"

static struct ThreadMsg tmsg(const char *type)
{
    return (struct ThreadMsg){.type = xstrdup(type)};
}

/* The span's width as text.h documents it (what the terminal draws: VS16 wide, a ZWJ sequence
 * in its first member's cells); tests/unit/test_text.c checks that against its own model. */
static int span_width(const char *s, size_t off, size_t len)
{
    char *part = xstrndup(s + off, len);
    int w = text_width(part);
    free(part);
    return w;
}

/* Wraps raw text as a bubble does and checks every line: within cols, widths that agree with
 * text_width(), and nothing lost but the spaces at breaks. Returns the number of lines. */
static size_t check_wrap(const char *raw, int cols)
{
    struct ThreadMsg msg = tmsg("TEXT");
    threads_msg_text(&msg, raw, NULL);
    struct TextSpan *sp = NULL;
    size_t n = text_wrap(msg.text, cols, &sp);
    size_t kept = 0;
    for (size_t i = 0; i < n; i++) {
        assert_true(sp[i].width <= cols || sp[i].len > 0);
        int w = span_width(msg.text, sp[i].off, sp[i].len);
        assert_int_equal(w, sp[i].width);
        if (i + 1 < n)
            assert_true(sp[i].off + sp[i].len <= sp[i + 1].off);
        for (size_t k = 0; k < sp[i].len; k++)
            kept += msg.text[sp[i].off + k] != ' ';
    }
    size_t want = 0;
    for (const char *p = msg.text; *p; p++)
        want += *p != ' ' && *p != '\n';
    assert_int_equal(kept, want);
    free(sp);
    threads_msg_clear(&msg);
    return n;
}

static void test_wrap_scripts(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        int cols;
        size_t min_lines;
    } cases[] = {
        {"Здравствуйте, Дарья! Ваша запись подтверждена на пятницу 17:30", 20, 3},
        {"مرحبا هند! لدينا مواعيد متاحة الساعة 11:00 و 19:00. أيهما يناسبك؟", 16, 4},
        {"👩‍💻 👨‍👩‍👧‍👦 🏳️‍🌈 "
         "👍🏿 🇵🇹🇺🇦🇸🇦 "
         "1️⃣ #️⃣ "
         "💇‍♀️💅🏽",
         6, 4},
        {"Z\u0301\u0302\u0303\u0304 e\u0301 n\u0303o cafe\u0301 nai\u0308ve", 5, 3},
        {"tab\there\tand\tmore", 8, 2},
        {"https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=1000000000007907&ext=1729"
         "100000&hash=ATv0123456789abcdef",
         20, 6},
        {"漢字とかなの混じった長い文章を折り返します", 9, 5},
        {"", 10, 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t n = check_wrap(cases[i].text, cases[i].cols);
        assert_true(n >= cases[i].min_lines);
    }
    /* A wide cluster never splits: each emoji line holds whole sequences. */
    assert_true(
        check_wrap("👨‍👩‍👧‍👦👨‍👩‍👧‍👦👨‍👩‍👧‍👦",
                   1) >= 3);
}

static void test_bubble_text(void **state)
{
    (void)state;
    struct ThreadMsg m = tmsg("IMAGE");
    threads_msg_text(&m, NULL, "https://cdn.example/media/abc.jpg?x=1");
    assert_string_equal(m.text, "[image] abc.jpg");
    threads_msg_clear(&m);
    m = tmsg("DOCUMENT");
    threads_msg_text(&m, "Прайс-лист 2025.pdf", NULL);
    assert_string_equal(m.text, "[document] Прайс-лист 2025.pdf");
    threads_msg_clear(&m);
    m = tmsg("AUDIO");
    threads_msg_text(&m, NULL, NULL);
    assert_string_equal(m.text, "[audio]");
    threads_msg_clear(&m);
    m = tmsg("REACTION"); /* a type no enum had */
    threads_msg_text(&m, "👍", NULL);
    assert_string_equal(m.text, "[REACTION] 👍");
    threads_msg_clear(&m);
    m = tmsg("TEXT");
    threads_msg_text(&m, NULL, NULL);
    assert_string_equal(m.text, "(no text)");
    threads_msg_clear(&m);
    m = tmsg("TEXT");
    threads_msg_text(&m, "", NULL);
    assert_string_equal(m.text, "(empty message)");
    threads_msg_clear(&m);

    /* Hostile text: escapes become tokens, recorded so the pager can mark them. */
    m = tmsg("TEXT");
    threads_msg_text(&m,
                     "a\x1b]0;pwned\x07 \xe2\x80\xae \xc2\x9b"
                     "2J\rb",
                     NULL);
    assert_null(strchr(m.text, 0x1b));
    assert_null(strstr(m.text, "\xe2\x80\xae"));
    assert_null(strstr(m.text, "\xc2\x9b"));
    assert_null(strchr(m.text, '\r'));
    assert_true(m.ntok >= 4);
    assert_memory_equal(m.text + m.tok[0], "^[", 2);
    assert_non_null(strstr(m.text, "<RLO>"));
    threads_msg_clear(&m);
}

static void test_ticks(void **state)
{
    (void)state;
    assert_string_equal(chat_ticks("SENT", true), "✓");
    assert_string_equal(chat_ticks("DELIVERED", true), "✓✓");
    assert_string_equal(chat_ticks("READ", true), "✓✓");
    assert_string_equal(chat_ticks("FAILED", false), "x failed");
    assert_string_equal(chat_ticks("READ", false), "vv");
    assert_null(chat_ticks("DELETED", true)); /* shown as it is */
    assert_null(chat_ticks(NULL, true));
}

/* Page rows as threads_sql_page returns them: n messages, ids "m<k>", one a minute from k0. */
static struct DbRows *page(int k0, int n, bool newest_first)
{
    static const char *const names[] = {"kind", "id",       "created_utc", "direction",
                                        "type", "content",  "media_url",   "status",
                                        "cost", "ai_model", "tokens",      "response_ms"};
    struct DbRows *r = db_rows_new(n, 12);
    for (int c = 0; c < 12; c++)
        r->names[c] = xstrdup(names[c]);
    for (int i = 0; i < n; i++) {
        int k = newest_first ? k0 + n - 1 - i : k0 + i;
        char **row = r->cells + i * 12;
        row[0] = xstrdup(k % 10 == 0 ? "a" : "m");
        row[1] = xasprintf("m%05d", k);
        row[2] = xasprintf("2025-03-%02d %02d:%02d:00.000", 1 + k / 1440, (k / 60) % 24, k % 60);
        row[3] = xstrdup(k % 2 ? "INBOUND" : "OUTBOUND");
        row[4] = xstrdup("TEXT");
        row[5] = xasprintf("message %d", k);
        row[7] = k % 2 ? NULL : xstrdup("READ");
    }
    return r;
}

static void test_assembly(void **state)
{
    (void)state;
    struct ThreadsModel *m = xcalloc(1, sizeof *m);
    /* The newest page, as the server sends it (newest first): the window holds oldest first. */
    struct DbRows *p = page(1000, THREADS_PAGE, true);
    assert_int_equal(threads_add_page(m, p, THREADS_REPLACE, true), THREADS_PAGE);
    db_rows_free(&p);
    assert_int_equal(m->nmsgs, THREADS_PAGE);
    assert_string_equal(m->msgs[0].id, "m01000");
    assert_string_equal(threads_msg(m, THREADS_PAGE - 1)->id, "m01199");
    assert_true(m->msgs[1].inbound);
    assert_true(m->msgs[0].ai);
    for (int i = 1; i < m->nmsgs; i++)
        assert_true(m->msgs[i - 1].t < m->msgs[i].t);

    /* An older page goes in front; sequence numbers of what was there stay the same. */
    int64_t seq_of_1100 = m->base + 100;
    p = page(800, THREADS_PAGE, true);
    threads_add_page(m, p, THREADS_PREPEND, true);
    db_rows_free(&p);
    assert_int_equal(m->nmsgs, 2 * THREADS_PAGE);
    assert_string_equal(threads_msg(m, seq_of_1100)->id, "m01100");
    assert_string_equal(threads_msg(m, m->base)->id, "m00800");

    /* A newer page (oldest first) goes at the end. */
    p = page(1200, 50, false);
    threads_add_page(m, p, THREADS_APPEND, false);
    db_rows_free(&p);
    assert_string_equal(m->msgs[m->nmsgs - 1].id, "m01249");

    /* Memory stays bounded: far messages are dropped and can be fetched again. */
    p = page(0, 800, true);
    threads_add_page(m, p, THREADS_PREPEND, true);
    db_rows_free(&p);
    assert_int_equal(m->nmsgs, 1250);
    m->has_older = m->has_newer = false;
    threads_trim(m, seq_of_1100, seq_of_1100 + 20);
    assert_true(m->nmsgs <= 2 * THREADS_KEEP + 21);
    assert_string_equal(threads_msg(m, seq_of_1100)->id, "m01100");
    assert_true(m->has_older);
    assert_false(m->has_newer);
    assert_string_equal(threads_msg(m, m->base)->id, "m00700");
    threads_trim(m, m->base, m->base + 1);
    assert_true(m->has_newer);
    assert_int_equal(m->nmsgs, THREADS_KEEP + 2);
    int before = m->nmsgs;
    threads_trim(m, m->base, m->base + m->nmsgs - 1); /* all on screen: nothing to drop */
    assert_int_equal(m->nmsgs, before);
    assert_null(threads_msg(m, m->base - 1));
    threads_model_free(&m);
    assert_null(m);
}

/* Scrolling up through 10,000 messages: each older page lands while the screen is at the top of
 * the window, where sequence numbers are negative, and the window stays the same size. */
static void test_scroll_bounded(void **state)
{
    (void)state;
    struct ThreadsModel *m = xcalloc(1, sizeof *m);
    m->view_first = m->view_last = THREADS_NO_VIEW;
    struct DbRows *p = page(20000, THREADS_PAGE, true);
    threads_add_page(m, p, THREADS_REPLACE, true);
    db_rows_free(&p);
    threads_settle(m); /* nothing shown yet: nothing dropped */
    assert_int_equal(m->nmsgs, THREADS_PAGE);
    int most = 0;
    for (int k = 20000 - THREADS_PAGE; k >= 10000; k -= THREADS_PAGE) {
        m->view_first = m->base + THREADS_PREFETCH / 2; /* the pane asked for the next page */
        m->view_last = m->view_first + 40;
        m->loading_older = true;
        threads_settle(m); /* a page on its way: the window is left alone */
        p = page(k, THREADS_PAGE, true);
        threads_add_page(m, p, THREADS_PREPEND, true);
        db_rows_free(&p);
        m->loading_older = false;
        threads_settle(m);
        if (m->nmsgs > most)
            most = m->nmsgs;
    }
    assert_true(m->base < 0);
    assert_true(most <= THREADS_PAGE + THREADS_PREFETCH / 2 + 41 + THREADS_KEEP);
    assert_true(m->has_newer); /* the newest messages were dropped and can come back */
    char want[16];
    snprintf(want, sizeof want, "m%05d", 10000);
    assert_string_equal(m->msgs[0].id, want);
    threads_model_free(&m);
}

static void test_chat_lines(void **state)
{
    (void)state;
    struct ThreadsModel *m = xcalloc(1, sizeof *m);
    struct DbRows *p = page(1, 3, false); /* no AI message among them */
    threads_add_page(m, p, THREADS_REPLACE, false);
    db_rows_free(&p);
    /* First message of the window: a day separator, the text, the time. */
    assert_int_equal(chat_msg_lines(&m->msgs[0], NULL, 80), 3);
    /* Same day as the one before: no separator. */
    assert_int_equal(chat_msg_lines(&m->msgs[1], &m->msgs[0], 80), 2);
    /* Narrow: one column, wrapped. */
    assert_true(chat_msg_lines(&m->msgs[1], &m->msgs[0], 8) >= 3);
    threads_model_free(&m);
}

/* A message longer than CHAT_FOLD_LINES lines folds to CHAT_FOLD_KEEP lines and one line
 * saying how many are hidden; unfolded it takes all its lines. */
static void test_fold_lines(void **state)
{
    (void)state;
    struct ThreadsModel *m = xcalloc(1, sizeof *m);
    struct DbRows *p = page(1, 2, false);
    threads_add_page(m, p, THREADS_REPLACE, false);
    db_rows_free(&p);
    struct ThreadMsg *msg = &m->msgs[1];
    free(msg->text);
    msg->text = xstrdup("1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15\n16\n17\n18\n19\n20");
    msg->lay_width = 0;
    assert_true(chat_msg_foldable(msg, 80));
    assert_int_equal(chat_msg_lines(msg, &m->msgs[0], 80), CHAT_FOLD_KEEP + 1 + 1);
    msg->unfolded = true;
    assert_int_equal(chat_msg_lines(msg, &m->msgs[0], 80), 20 + 1);
    /* Twelve lines are not folded. */
    free(msg->text);
    msg->text = xstrdup("1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12");
    msg->lay_width = 0;
    msg->unfolded = false;
    assert_false(chat_msg_foldable(msg, 80));
    assert_int_equal(chat_msg_lines(msg, &m->msgs[0], 80), 12 + 1);
    threads_model_free(&m);
}

/* :find's snippet: the text around the last match, case folded, on one line. */
static void test_snippet(void **state)
{
    (void)state;
    char *s = threads_snippet("Hello\nthere, dear Zoë: your booking is CONFIRMED", "zoë", 200);
    assert_string_equal(s, "Hello there, dear Zoë: your booking is CONFIRMED");
    free(s);
    s = threads_snippet("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa Ёжик here",
                        "ёжик", 200);
    assert_string_equal(s, "Ёжик here"); /* from the word before it, whole */
    free(s);
    s = threads_snippet("one two three four five six seven eight nine ten Ёжик", "ёжик", 200);
    assert_string_equal(s, "seven eight nine ten Ёжик");
    free(s);
    s = threads_snippet("ÄÄÄÄÄÄÄÄÄÄÄÄÄÄÄÄÄÄÄÄÄÄÄÄÄÄÄÄÄÄx", "x", 200);
    assert_true(strlen(s) > 0 && s[strlen(s) - 1] == 'x');
    assert_int_equal((unsigned char)s[0], 0xC3); /* never starts inside a character */
    free(s);
    s = threads_snippet("no match at all", "qqq", 5);
    assert_string_equal(s, "no ma");
    free(s);
    s = threads_snippet(NULL, "x", 5);
    assert_string_equal(s, "");
    free(s);
}

static void test_list_filters(void **state)
{
    (void)state;
    static const char *const names[] = {"last_utc", "salon_id",  "salon",   "phone",    "customer",
                                        "last_dir", "last_type", "preview", "messages", "status",
                                        "failed",   "ai_tokens", "ai_cost"};
    static const char *const cells[][13] = {
        {"2025-03-01 10:00:00", "s1", "Salon", "351900000001", "Ana Gonçalves", "INBOUND", "TEXT",
         "Olá", "10", "ACTIVE", "0", NULL, NULL},
        {"2025-03-01 09:00:00", "s1", "Salon", "79001234567", "Анна Лебедева", "OUTBOUND", "TEXT",
         "Да", "4", "EXPIRED", "2", "120", "0.001"},
        {"2025-03-01 08:00:00", "s1", "Salon", "971500000000", NULL, "OUTBOUND", "IMAGE", NULL, "1",
         NULL, "0", NULL, NULL},
    };
    struct DbRows *r = db_rows_new(3, 13);
    for (int c = 0; c < 13; c++)
        r->names[c] = xstrdup(names[c]);
    for (int i = 0; i < 3; i++)
        for (int c = 0; c < 13; c++)
            r->cells[i * 13 + c] = cells[i][c] ? xstrdup(cells[i][c]) : NULL;
    struct ThreadsModel *m = xcalloc(1, sizeof *m);
    threads_set_list(m, r);
    db_rows_free(&r);
    assert_int_equal(m->nvisible, 3);
    assert_true(m->convs[0].unanswered);
    assert_false(m->convs[1].unanswered);
    assert_true(m->convs[1].ai);
    static const struct {
        const char *filter;
        int n;
    } f[] = {{"is:unanswered", 1},
             {"is:failed", 1},
             {"is:ai", 1},
             {"status:expired", 1},
             {"status:-", 1},
             {"3519", 1},
             {"ana", 1},
             {"is:failed 790", 1},
             {"is:failed 351", 0},
             {"nobody here", 0},
             {"", 3},
             /* the field:value form shared with the other tabs */
             {"phone:+7900", 1},
             {"phone:7900", 1},
             {"name:анна", 1}, /* folded in every script */
             {"name:Анна", 1},
             {"customer:ana", 1},
             {"salon:salon", 3},
             {"-is:ai", 2},
             {"-3519 -7900", 1}};
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
        free(m->filter);
        m->filter = *f[i].filter ? xstrdup(f[i].filter) : NULL;
        threads_apply_filter(m);
        assert_int_equal(m->nvisible, f[i].n);
    }
    threads_model_free(&m);
}

static void test_like_escape(void **state)
{
    (void)state;
    char *s = threads_like_escape("50%_off\\");
    assert_string_equal(s, "50\\%\\_off\\\\");
    free(s);
}

int main(void)
{
    if (!setlocale(LC_ALL, "C.UTF-8")) {
        fprintf(stderr, "test_threads: locale C.UTF-8 is missing\n");
        return 1;
    }
    text_init();
    tz_set("UTC");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_wrap_scripts),   cmocka_unit_test(test_bubble_text),
        cmocka_unit_test(test_ticks),          cmocka_unit_test(test_assembly),
        cmocka_unit_test(test_scroll_bounded), cmocka_unit_test(test_chat_lines),
        cmocka_unit_test(test_list_filters),   cmocka_unit_test(test_like_escape),
        cmocka_unit_test(test_fold_lines),     cmocka_unit_test(test_snippet),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
