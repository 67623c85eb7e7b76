#include "config.h"

#include "ui/prompt.h"

#include <readline/history.h>
#include <readline/readline.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src/config/keys.h"
#include "src/paths.h"
#include "src/util/xalloc.h"

#include "ui/color.h"
#include "ui/draw.h"

static bool active;
static char kind;
static unsigned char inbuf[64];
static size_t in_head, in_len;
static bool done;
static char *accepted;
static bool got_eof;
static FILE *devnull;
static char *history_path;
static const char *initial_text;
static prompt_complete_fn completer;
static void *completer_ud;

static int feed_getc(FILE *f)
{
    (void)f;
    if (in_head >= in_len)
        return EOF;
    return inbuf[in_head++];
}

/* readline peeks for typeahead after inserting a character; without this hook it calls getc on
 * an empty buffer, takes our EOF for the end of input and accepts the line half typed. */
static int input_available(void)
{
    return in_head < in_len;
}

static void redisplay(void)
{
    /* We draw rl_line_buffer ourselves in prompt_draw. */
}

static void prep_noop(int meta)
{
    (void)meta;
}

static void deprep_noop(void)
{
}

static void on_line(char *line)
{
    done = true;
    if (!line) {
        got_eof = true;
        return;
    }
    accepted = xstrdup(line);
    if (*line)
        add_history(line);
    free(line);
    rl_callback_handler_remove();
}

static int insert_initial(void)
{
    if (initial_text && *initial_text)
        rl_insert_text(initial_text);
    return 0;
}

void prompt_set_completer(prompt_complete_fn fn, void *ud)
{
    completer = fn;
    completer_ud = ud;
}

/* The whole line up to the cursor is the "word": candidates are whole lines. */
static char *no_word_breaks(void)
{
    static char none[] = "";
    return none;
}

static char **attempt_completion(const char *text, int start, int end)
{
    (void)text;
    (void)start;
    (void)end;
    rl_attempted_completion_over = 1; /* never fall back to file names */
    rl_completion_suppress_append = 1;
    if (!completer)
        return NULL;
    char *line = xstrndup(rl_line_buffer, (size_t)rl_point);
    char **cands = completer(completer_ud, kind, line);
    free(line);
    if (!cands)
        return NULL;
    /* readline wants the common prefix first, then the candidates. */
    size_t n = 0, lcp = strlen(cands[0]);
    while (cands[n]) {
        size_t k = 0;
        while (k < lcp && cands[n][k] == cands[0][k])
            k++;
        lcp = k;
        n++;
    }
    char **m = xcalloc(n + 2, sizeof *m);
    if (n == 1) {
        m[0] = cands[0]; /* the one answer replaces the line */
    } else {
        m[0] = xstrndup(cands[0], lcp);
        for (size_t i = 0; i < n; i++)
            m[i + 1] = cands[i];
    }
    free(cands);
    return m;
}

void prompt_init(void)
{
    devnull = fopen("/dev/null", "w");
    rl_readline_name = "salondesk";
    rl_catch_signals = 0;
    rl_catch_sigwinch = 0;
    rl_change_environment = 0;
    rl_getc_function = feed_getc;
    rl_input_available_hook = input_available;
    rl_redisplay_function = redisplay;
    rl_prep_term_function = prep_noop;
    rl_deprep_term_function = deprep_noop;
    rl_outstream = devnull;
    rl_instream = NULL;
    rl_attempted_completion_function = attempt_completion;
    rl_completion_word_break_hook = no_word_breaks;
    rl_completion_query_items = 0;
    using_history();
    stifle_history(1000);
    history_path = paths_state_file("history", true);
    read_history(history_path);
}

void prompt_done(void)
{
    if (active)
        rl_callback_handler_remove();
    active = false;
    if (history_path) {
        write_history(history_path);
        XFREE(history_path);
    }
    if (devnull)
        fclose(devnull);
    devnull = NULL;
}

bool prompt_active(void)
{
    return active;
}

char prompt_kind(void)
{
    return kind;
}

void prompt_start(char k, const char *initial)
{
    kind = k;
    active = true;
    done = false;
    got_eof = false;
    XFREE(accepted);
    in_head = in_len = 0;
    initial_text = initial;
    rl_startup_hook = insert_initial;
    rl_callback_handler_install("", on_line);
    initial_text = NULL;
}

static void push(const char *bytes, size_t n)
{
    if (in_head >= in_len)
        in_head = in_len = 0;
    if (in_len + n > sizeof inbuf)
        return;
    memcpy(inbuf + in_len, bytes, n);
    in_len += n;
}

/* Our keys as the bytes readline's emacs mode expects. */
static void push_key(int key)
{
    char b[8];
    switch (key) {
    case SDK_ENTER:
        push("\n", 1);
        return;
    case SDK_LEFT:
        push("\002", 1); /* C-b */
        return;
    case SDK_RIGHT:
        push("\006", 1); /* C-f */
        return;
    case SDK_UP:
        push("\020", 1); /* C-p: previous history */
        return;
    case SDK_DOWN:
        push("\016", 1); /* C-n */
        return;
    case SDK_HOME:
        push("\001", 1);
        return;
    case SDK_END:
        push("\005", 1);
        return;
    case SDK_BACKSPACE:
        push("\177", 1);
        return;
    case SDK_DELETE:
        if (rl_end > 0)
            push("\004", 1); /* C-d deletes; on an empty line it would mean EOF */
        return;
    case SDK_SPACE:
        push(" ", 1);
        return;
    case SDK_TAB:
        push("\t", 1);
        return;
    default:
        break;
    }
    if (key <= 0 || key >= SDK_BASE)
        return;
    if (key == 4 && rl_end == 0)
        return;
    /* A code point as UTF-8. */
    size_t n = 0;
    unsigned c = (unsigned)key;
    if (c < 0x80) {
        b[n++] = (char)c;
    } else if (c < 0x800) {
        b[n++] = (char)(0xc0 | (c >> 6));
        b[n++] = (char)(0x80 | (c & 0x3f));
    } else if (c < 0x10000) {
        b[n++] = (char)(0xe0 | (c >> 12));
        b[n++] = (char)(0x80 | ((c >> 6) & 0x3f));
        b[n++] = (char)(0x80 | (c & 0x3f));
    } else {
        b[n++] = (char)(0xf0 | (c >> 18));
        b[n++] = (char)(0x80 | ((c >> 12) & 0x3f));
        b[n++] = (char)(0x80 | ((c >> 6) & 0x3f));
        b[n++] = (char)(0x80 | (c & 0x3f));
    }
    push(b, n);
}

enum PromptResult prompt_feed(int key, char **line)
{
    *line = NULL;
    if (!active)
        return PROMPT_CANCELLED;
    if (key == SDK_ESC || key == 3 /* C-c */ || key == 7 /* C-g */) {
        rl_callback_handler_remove();
        active = false;
        return PROMPT_CANCELLED;
    }
    push_key(key);
    while (in_head < in_len && !done)
        rl_callback_read_char();
    in_head = in_len = 0;
    if (!done)
        return PROMPT_EDITING;
    active = false;
    if (got_eof || !accepted)
        return PROMPT_CANCELLED;
    *line = accepted;
    accepted = NULL;
    return PROMPT_ACCEPTED;
}

void prompt_draw(WINDOW *w, int y, int width)
{
    attr_t a = color_attr(ROLE_PROMPT);
    char k[2] = {kind, '\0'};
    draw_fill(w, y, 0, width, a);
    draw_text(w, y, 0, 1, k, a | A_BOLD);
    const char *buf = rl_line_buffer ? rl_line_buffer : "";
    /* Scroll so the cursor stays visible. */
    int point = rl_point;
    char *before = xstrndup(buf, (size_t)point);
    int cx = draw_text(w, y, 1, width - 2, before, a);
    free(before);
    draw_text(w, y, 1, width - 2, buf, a);
    if (cx < width - 1) {
        wmove(w, y, 1 + cx);
        curs_set(1);
    }
}
