#include "config.h"

#include "ui/widget_calendar.h"

#include <stdio.h>
#include <string.h>

#include "src/util/tz.h"

#include "ui/color.h"
#include "ui/draw.h"

attr_t calendar_status_attr(const char *status)
{
    switch (bookings_status_class(status)) {
    case 0:
        return color_attr(ROLE_BOOKING_CONFIRMED);
    case 1:
        return color_attr(ROLE_BOOKING_CANCELLED);
    case 2:
        return color_attr(ROLE_BOOKING_COMPLETED);
    case 3:
        return color_attr(ROLE_BOOKING_NO_SHOW);
    default:
        return color_attr(ROLE_NORMAL);
    }
}

static const char *const wd_short[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

static int local_hour(time_t t)
{
    char b[4];
    tz_format_local(t, "%H", b, sizeof b);
    return (b[0] - '0') * 10 + (b[1] - '0');
}

/* The hours the week shows: 08-20 unless bookings lie outside. */
static void week_hours(const struct BookingsModel *m, int *lo, int *hi)
{
    *lo = 8;
    *hi = 20;
    for (int i = 0; i < m->nitems; i++) {
        int hr = local_hour(m->items[i].vstart);
        *lo = hr < *lo ? hr : *lo;
        *hi = hr > *hi ? hr : *hi;
    }
}

void calendar_week_settle(const struct BookingsModel *m, int h, int *top_hour)
{
    int lo, hi;
    week_hours(m, &lo, &hi);
    const struct BkItem *sel = bookings_selected(m);
    int rows = h - 1;
    if (*top_hour < lo || *top_hour > hi)
        *top_hour = lo;
    if (sel) {
        int sh = local_hour(sel->vstart);
        if (sh < *top_hour)
            *top_hour = sh;
        if (sh >= *top_hour + rows)
            *top_hour = sh - rows + 1;
    }
    if (*top_hour + rows > hi + 1)
        *top_hour = hi + 1 - rows > lo ? hi + 1 - rows : lo;
}

void calendar_draw_week(WINDOW *w, int y, int h, int width, const struct BookingsModel *m, int top)
{
    int colw = (width - 6) / 7;
    if (colw < 4 || h < 3)
        return;
    int lo, hi;
    week_hours(m, &lo, &hi);
    const struct BkItem *sel = bookings_selected(m);
    int rows = h - 1, nh = hi - lo + 1;
    struct CalDate today = cal_from_time(time(NULL));
    attr_t head = color_attr(ROLE_LIST_HEADER);
    draw_text(w, y, 0, 6, "", head);
    for (int d = 0; d < 7; d++) {
        struct CalDate day = cal_add_days(m->from, d);
        char t[32];
        snprintf(t, sizeof t, " %s %02d%s", wd_short[d], day.d,
                 cal_cmp(day, today) == 0 ? " •" : "");
        attr_t a = head | (cal_cmp(day, m->anchor) == 0 ? A_REVERSE : 0);
        draw_text(w, y, 6 + d * colw, colw, t, a);
    }
    for (int r = 0; r < rows && r < nh; r++) {
        int hour = top + r;
        if (hour > hi)
            break;
        char lab[16];
        snprintf(lab, sizeof lab, "%02d:00", hour % 100);
        draw_text(w, y + 1 + r, 0, 6, lab, color_attr(ROLE_LIST_DIM));
        for (int d = 0; d < 7; d++) {
            struct CalDate day = cal_add_days(m->from, d);
            int first, n = bookings_day_items(m, day, &first), cnt = 0, pick = -1;
            for (int i = first; i < first + n; i++) {
                if (local_hour(m->items[i].vstart) != hour)
                    continue;
                if (pick < 0 || &m->items[i] == sel)
                    pick = i;
                cnt++;
            }
            int x = 6 + d * colw;
            if (cnt == 0) {
                draw_text(w, y + 1 + r, x, colw, " ·", color_attr(ROLE_LIST_DIM));
                continue;
            }
            const struct BkItem *it = &m->items[pick];
            char tm[8];
            tz_format_local(it->start, "%H:%M", tm, sizeof tm);
            attr_t a = calendar_status_attr(it->status);
            if (it == sel)
                a = color_attr(ROLE_LIST_CURSOR);
            char pre[24];
            if (cnt > 1 && colw < 16)
                snprintf(pre, sizeof pre, " %d bookings", cnt);
            else if (cnt > 1)
                snprintf(pre, sizeof pre, " +%d %s%s ", cnt - 1, it->conflict ? "!" : "", tm);
            else
                snprintf(pre, sizeof pre, " %s%s ", it->conflict ? "!" : "", tm);
            int used = draw_text(w, y + 1 + r, x, colw, pre, a);
            if (!(cnt > 1 && colw < 16))
                draw_text(w, y + 1 + r, x + used, colw - used, it->customer, a);
        }
    }
}

void calendar_draw_month(WINDOW *w, int y, int h, int width, const struct BookingsModel *m)
{
    struct CalDate cells[42];
    int weeks = cal_month_grid(m->anchor, cells);
    int colw = width / 7, ch = (h - 1) / weeks;
    if (colw < 4 || ch < 1)
        return;
    attr_t head = color_attr(ROLE_LIST_HEADER);
    for (int d = 0; d < 7; d++)
        draw_text(w, y, d * colw, colw, wd_short[d], head);
    struct CalDate today = cal_from_time(time(NULL));
    for (int i = 0; i < weeks * 7; i++) {
        int cy = y + 1 + (i / 7) * ch, cx = (i % 7) * colw;
        struct CalDate day = cells[i];
        bool inside = day.m == m->anchor.m;
        int first, n = bookings_day_items(m, day, &first);
        char t[48];
        attr_t a = inside ? color_attr(ROLE_NORMAL) : color_attr(ROLE_LIST_DIM);
        if (cal_cmp(day, m->anchor) == 0)
            a = color_attr(ROLE_LIST_CURSOR);
        int live = 0;
        for (int k = first; k < first + n; k++)
            live += bookings_status_class(m->items[k].status) != 1;
        if (!inside)
            n = 0;
        snprintf(t, sizeof t, "%2d%s", day.d, cal_cmp(day, today) == 0 ? "•" : "");
        int used = draw_text(w, cy, cx, colw, t, a | A_BOLD);
        if (n > 0) {
            /* Load: up to 8 active bookings is light, up to 16 busy, more is full. */
            enum ThemeRole load = live <= 8    ? ROLE_HEALTH_OK
                                  : live <= 16 ? ROLE_HEALTH_WARN
                                               : ROLE_HEALTH_CRIT;
            snprintf(t, sizeof t, " %d", n);
            draw_text(w, cy, cx + used, colw - used, t, color_attr(load) | A_BOLD);
        }
        /* One line per status, as the server names it, most frequent first. */
        const char *seen[8];
        int count[8], ns = 0;
        for (int k = first; inside && k < first + n; k++) {
            const char *st = m->items[k].status;
            int j = 0;
            while (j < ns && strcmp(seen[j], st) != 0)
                j++;
            if (j == ns && ns < 8) {
                seen[ns] = st;
                count[ns++] = 0;
            }
            if (j < ns)
                count[j]++;
        }
        for (int line = 1; line < ch; line++) {
            int best = -1;
            for (int j = 0; j < ns; j++)
                if (count[j] > 0 && (best < 0 || count[j] > count[best]))
                    best = j;
            if (best < 0) {
                draw_text(w, cy + line, cx, colw, "", color_attr(ROLE_NORMAL));
                continue;
            }
            snprintf(t, sizeof t, "%d ", count[best]);
            int u = draw_text(w, cy + line, cx, colw, t, calendar_status_attr(seen[best]));
            draw_text(w, cy + line, cx + u, colw - u - 1, seen[best][0] ? seen[best] : "?",
                      calendar_status_attr(seen[best]));
            count[best] = 0;
        }
    }
}
