#include "config.h"

#include "ui/widget_meter.h"

#include "src/util/text.h"

#include "ui/draw.h"

void meter_bar(WINDOW *w, int y, int x, int width, const struct MeterSeg *segs, int n, double total,
               attr_t frame)
{
    if (width < 3)
        return;
    int inner = width - 2, col = 0;
    wattrset(w, frame);
    mvwaddch(w, y, x, '[');
    double acc = 0;
    for (int i = 0; i < n && total > 0; i++) {
        acc += segs[i].value;
        int upto = (int)(acc / total * inner + 0.5);
        if (segs[i].value > 0 && upto <= col && col < inner)
            upto = col + 1; /* a segment that exists is never invisible */
        if (upto > inner)
            upto = inner;
        wattrset(w, segs[i].attr);
        for (; col < upto; col++)
            mvwaddch(w, y, x + 1 + col, '|');
    }
    wattrset(w, frame);
    for (; col < inner; col++)
        mvwaddch(w, y, x + 1 + col, ' ');
    mvwaddch(w, y, x + width - 1, ']');
}

void meter_spark(WINDOW *w, int y, int x, int width, const double *v, int n, attr_t attr)
{
    static const char *const blocks[] = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
    static const char ascii[] = "_.-:=+*#";
    bool utf8 = text_is_utf8();
    int start = n > width ? n - width : 0;
    double max = 0;
    for (int i = start; i < n; i++)
        if (v[i] > max)
            max = v[i];
    wattrset(w, attr);
    for (int i = 0; i < width; i++) {
        int k = start + i;
        if (k >= n) {
            mvwaddch(w, y, x + i, ' ');
            continue;
        }
        int level = max > 0 ? (int)(v[k] / max * 7 + 0.5) : 0;
        if (level < 0)
            level = 0;
        if (level > 7)
            level = 7;
        if (utf8)
            mvwaddstr(w, y, x + i, blocks[level]);
        else
            mvwaddch(w, y, x + i, (chtype)ascii[level]);
    }
}
