#include "config.h"

#include "ui/ui.h"

#include <curses.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include "src/app.h"
#include "src/config/keys.h"
#include "src/config/theme.h"
#include "src/sig.h"
#include "src/util/str.h"
#include "src/util/xalloc.h"

#include "ui/color.h"
#include "ui/draw.h"
#include "ui/help.h"
#include "ui/pane.h"
#include "ui/prompt.h"
#include "ui/statusbar.h"

struct Ui {
    SCREEN *screen;
    struct termios saved;
    struct Pane panes[VIEW__COUNT];
    int help_scroll;
    int idle_wakeups; /* readable terminal but no key: a hung-up terminal if it repeats */
#ifdef SD_TEST_HOOKS
    bool crash_armed; /* SALONDESK_TEST_CRASH (configure --enable-test-hooks only) */
#endif
};

static struct Ui *ui_of(struct App *app)
{
    return app->ui;
}

/* The bytes that undo our terminal modes if we crash: leave the alternate screen, show the
 * cursor, reset attributes. Taken from terminfo so they match the terminal. */
static void arm_crash_restore(struct Ui *ui)
{
    struct StrBuf sb;
    sb_init(&sb);
    static const char *const caps[] = {"rmcup", "cnorm", "sgr0", "rmkx", NULL};
    for (const char *const *c = caps; *c; c++) {
        const char *s = tigetstr(*c);
        if (s && s != (char *)-1)
            sb_append(&sb, s);
    }
    sig_set_restore(&ui->saved, sb.s);
    sb_free(&sb);
}

static int parse_frame_color(const struct App *app)
{
    if (!app->profile || !app->profile->frame)
        return -2;
    int c;
    return theme_parse_color(app->profile->frame, &c) ? c : -2;
}

static char **complete_line(void *ud, char kind, const char *line)
{
    return kind == '/' ? app_complete_filter(ud, line) : app_complete(ud, line);
}

static bool ui_init(struct App *app, char **err)
{
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
        *err = xstrdup("standard input and output must be a terminal (for scripts use --once)");
        return false;
    }
    const char *term = getenv("TERM");
    if (!term || !*term) {
        *err = xstrdup("TERM is not set; set it to your terminal type, e.g. TERM=xterm-256color");
        return false;
    }
    struct Ui *ui = xcalloc(1, sizeof *ui);
    tcgetattr(STDIN_FILENO, &ui->saved);
    ui->screen = newterm(NULL, stdout, stdin);
    if (!ui->screen) {
        *err = xasprintf("terminal type '%s' is unknown here (no terminfo entry); try "
                         "TERM=xterm-256color",
                         term);
        free(ui);
        return false;
    }
    set_term(ui->screen);
    const char *cup = tigetstr("cup");
    if (!cup || cup == (char *)-1 || LINES < 1 || COLS < 1) {
        endwin();
        delscreen(ui->screen);
        tcsetattr(STDIN_FILENO, TCSANOW, &ui->saved);
        *err = xasprintf("terminal type '%s' cannot move the cursor; use a full terminal, or "
                         "--once for plain output",
                         term);
        free(ui);
        return false;
    }
    app->ui = ui;
    arm_crash_restore(ui);
    raw(); /* Ctrl-C and Ctrl-Z arrive as keys: Ctrl-C cancels a query, Ctrl-Z suspends */
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    nodelay(stdscr, TRUE);
    set_escdelay(25);
    curs_set(0);
    leaveok(stdscr, TRUE);
    color_setup(&app->theme, parse_frame_color(app));
    for (int v = 0; v < VIEW__COUNT; v++)
        pane_init(&ui->panes[v], (enum ViewId)v);
    prompt_init();
    prompt_set_completer(complete_line, app);
    if (app->cfg.mouse) {
        mousemask(BUTTON1_PRESSED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
        mouseinterval(0);
    }
#ifdef SD_TEST_HOOKS /* configure --enable-test-hooks only: never in a release build */
    ui->crash_armed = getenv("SALONDESK_TEST_CRASH") != NULL;
#endif
    return true;
}

static void ui_done(struct App *app)
{
    struct Ui *ui = ui_of(app);
    if (!ui)
        return;
    prompt_done();
    for (int v = 0; v < VIEW__COUNT; v++)
        pane_done(&ui->panes[v]);
    curs_set(1);
    endwin();
    delscreen(ui->screen);
    tcsetattr(STDIN_FILENO, TCSANOW, &ui->saved);
    sig_set_restore(NULL, NULL);
    fflush(stdout);
    free(ui);
    app->ui = NULL;
}

static int ui_fd(struct App *app)
{
    (void)app;
    return STDIN_FILENO;
}

static void resize_from_tty(void)
{
    struct winsize ws;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0)
        resizeterm(ws.ws_row, ws.ws_col);
}

static void suspend(struct App *app)
{
    struct Ui *ui = ui_of(app);
    def_prog_mode();
    endwin();
    tcsetattr(STDIN_FILENO, TCSANOW, &ui->saved);
    struct sigaction sa, old;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = SIG_DFL;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTSTP, &sa, &old);
    raise(SIGTSTP);
    /* Resumed. */
    sigaction(SIGTSTP, &old, NULL);
    reset_prog_mode();
    resize_from_tty();
    clearok(curscr, TRUE);
    app->dirty = true;
}

static void ui_on_signal(struct App *app, unsigned bits)
{
    if (bits & SIG_F_WINCH)
        resize_from_tty();
    if (bits & SIG_F_CONT)
        clearok(curscr, TRUE);
    app->dirty = true;
}

static int translate(int r, wint_t ch)
{
    if (r == KEY_CODE_YES) {
        switch (ch) {
        case KEY_UP:
            return SDK_UP;
        case KEY_DOWN:
            return SDK_DOWN;
        case KEY_LEFT:
            return SDK_LEFT;
        case KEY_RIGHT:
            return SDK_RIGHT;
        case KEY_PPAGE:
            return SDK_PGUP;
        case KEY_NPAGE:
            return SDK_PGDN;
        case KEY_HOME:
            return SDK_HOME;
        case KEY_END:
            return SDK_END;
        case KEY_ENTER:
            return SDK_ENTER;
        case KEY_BTAB:
            return SDK_BTAB;
        case KEY_BACKSPACE:
            return SDK_BACKSPACE;
        case KEY_DC:
            return SDK_DELETE;
        case KEY_IC:
            return SDK_INSERT;
        case KEY_RESIZE:
            return -1;
        case KEY_MOUSE:
            return -2;
        default:
            if (ch >= KEY_F(1) && ch <= KEY_F(12))
                return SDK_F1 + (int)(ch - KEY_F(1));
            return SDK_NONE;
        }
    }
    switch (ch) {
    case '\r':
    case '\n':
        return SDK_ENTER;
    case 27:
        return SDK_ESC;
    case '\t':
        return SDK_TAB;
    case 127:
    case 8:
        return SDK_BACKSPACE;
    case ' ':
        return SDK_SPACE;
    default:
        return (int)ch;
    }
}

static void on_prompt_key(struct App *app, int key)
{
    char kind = prompt_kind();
    char *line = NULL;
    enum PromptResult r = prompt_feed(key, &line);
    if (r == PROMPT_EDITING) {
        app->dirty = true;
        return;
    }
    curs_set(0);
    if (r == PROMPT_ACCEPTED) {
        if (kind == '/')
            app_set_filter(app, line);
        else
            app_command(app, line);
    }
    free(line);
    app->dirty = true;
}

static void on_key(struct App *app, int key)
{
    struct Ui *ui = ui_of(app);
    if (prompt_active()) {
        on_prompt_key(app, key);
        return;
    }
    if (app->show_help) {
        enum Action a = keymap_lookup(app->keymap, KCTX_HELP, key);
        if (a == ACT_DOWN)
            ui->help_scroll++;
        else if (a == ACT_UP && ui->help_scroll > 0)
            ui->help_scroll--;
        else if (a == ACT_BACK || a == ACT_HELP || a == ACT_QUIT)
            app->show_help = false;
        else if (a == ACT_CANCEL_QUERY)
            app_action(app, a);
        app->dirty = true;
        return;
    }
    struct Pane *p = &ui->panes[app->tab];
    enum Action a = keymap_lookup(app->keymap, pane_context(p), key);
    int page = LINES - 5;
    switch (a) {
    case ACT_NONE:
        return;
    case ACT_SEARCH: {
        const char *f = app->views[app->tab].filter;
        prompt_start('/', f ? f : "");
        curs_set(1);
        break;
    }
    case ACT_COMMAND:
        prompt_start(':', "");
        curs_set(1);
        break;
    case ACT_REDRAW:
        clearok(curscr, TRUE);
        break;
    case ACT_SUSPEND:
        suspend(app);
        break;
    case ACT_HELP:
        ui->help_scroll = 0;
        app_action(app, a);
        break;
    default:
        if (!pane_action(p, app, a, page))
            app_action(app, a);
        break;
    }
    app->dirty = true;
}

/* A click on a tab switches to it, a click on a row selects it, the wheel scrolls. */
static void on_mouse(struct App *app)
{
    struct Ui *ui = ui_of(app);
    MEVENT ev;
    if (getmouse(&ev) != OK || prompt_active())
        return;
    struct Pane *p = &ui->panes[app->tab];
    if (ev.bstate & (BUTTON4_PRESSED | BUTTON5_PRESSED)) {
        enum Action a = (ev.bstate & BUTTON4_PRESSED) ? ACT_UP : ACT_DOWN;
        for (int i = 0; i < 3; i++)
            pane_action(p, app, a, LINES - 5);
    } else if (ev.bstate & BUTTON1_PRESSED) {
        if (app->show_help) {
            app->show_help = false;
        } else if (ev.y == 0) {
            int t = tabbar_hit(app, ev.x);
            if (t >= 0)
                app_set_tab(app, (enum ViewId)t);
        } else {
            pane_click(p, app, ev.y - 1, ev.x);
        }
    }
    app->dirty = true;
}

static bool ui_on_input(struct App *app)
{
    struct Ui *ui = ui_of(app);
    int keys = 0;
    for (;;) {
        wint_t ch;
        int r = wget_wch(stdscr, &ch);
        if (r == ERR)
            break;
        keys++;
        int key = translate(r, ch);
        if (key == -2) {
            app_key_seen(app);
            on_mouse(app);
            continue;
        }
        if (key < 0) { /* KEY_RESIZE */
            app->dirty = true;
            continue;
        }
        if (key != SDK_NONE) {
            if (!app->t_key) {
                app->t_key = db_now_ms();
                app->key_drawn = false;
            }
            app_key_seen(app);
            on_key(app, key);
        }
        if (app->quit)
            return true;
    }
    /* poll() said readable but there was nothing: after a few of those in a row the terminal
     * is gone (EOF or EIO), and looping on it would spin at 100 % CPU. */
    if (keys == 0) {
        if (++ui->idle_wakeups >= 3)
            return false;
    } else {
        ui->idle_wakeups = 0;
    }
    return true;
}

static void draw_too_small(int rows, int cols)
{
    erase();
    char msg[64];
    snprintf(msg, sizeof msg, "terminal too small (%dx%d); need %dx%d", cols, rows, UI_MIN_COLS,
             UI_MIN_ROWS);
    int y = rows / 2;
    draw_text(stdscr, y < rows ? y : 0, 0, cols, msg, A_NORMAL);
}

static void ui_draw(struct App *app)
{
    struct Ui *ui = ui_of(app);
    int rows = LINES, cols = COLS;
    app->dirty = false;
    if (app->look_changed) {
        app->look_changed = false;
        color_setup(&app->theme, parse_frame_color(app));
        clearok(curscr, TRUE);
    }
    if (rows < UI_MIN_ROWS || cols < UI_MIN_COLS) {
        draw_too_small(rows, cols);
        wnoutrefresh(stdscr);
        doupdate();
        return;
    }
    pane_layout(&ui->panes[app->tab], app, rows - 2, cols);
    tabbar_draw(app, stdscr, cols);
    pane_draw(&ui->panes[app->tab], app, stdscr, 1, rows - 2, cols);
    if (app->show_help)
        help_draw(app, stdscr, rows, cols, ui->help_scroll);
#ifdef SD_TEST_HOOKS
    if (ui->crash_armed) {
        const char *how = getenv("SALONDESK_TEST_CRASH");
        if (how && strcmp(how, "abort") == 0)
            abort();
        raise(SIGSEGV);
    }
#endif
    if (prompt_active()) {
        leaveok(stdscr, FALSE);
        prompt_draw(stdscr, rows - 1, cols);
    } else {
        leaveok(stdscr, TRUE);
        statusbar_draw(app, stdscr, rows - 1, cols);
    }
    wnoutrefresh(stdscr);
    doupdate();
}

const struct Frontend curses_frontend = {
    .init = ui_init,
    .done = ui_done,
    .fd = ui_fd,
    .on_input = ui_on_input,
    .on_signal = ui_on_signal,
    .draw = ui_draw,
};
