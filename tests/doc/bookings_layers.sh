#!/bin/bash
# The Bookings pane keeps to the layers (issue 13): ui/ reads bookings through the model
# (struct BkItem and the accessors of src/model/bookings.h), never through the query's column
# indexes or the model-internal header; the pane has no file-level draw context, and its draw
# functions take the pane's state read-only (the scroll is settled before drawing).
set -u
. "$(dirname "$0")/../lib.sh"

cd "$top_srcdir" || hard_error "no source tree"
ls ui/pane_bookings.c >/dev/null || hard_error "no ui/pane_bookings.c"
bad=$(grep -ln 'bookings_int\.h\|bookings_sql\.h' ui/*.c ui/*.h)
[ -z "$bad" ] || fail "ui/ includes a model-internal or SQL header: $bad"
bad=$(grep -nE '\bBK_(ID|SALON_ID|SALON|START|END|DURATION|CODE|CUSTOMER|PHONE|SERVICE|MASTER_ID|MASTER|STATUS)\b' ui/*.c)
[ -z "$bad" ] || fail "ui/ indexes the query's columns: $bad"
bad=$(grep -nE '^static [a-z ]*struct [A-Za-z]+ *\*[a-z_]+;' ui/pane_bookings*.c ui/widget_calendar.c)
[ -z "$bad" ] || fail "file-level state in the Bookings pane: $bad"
for f in draw_day draw_agenda bk_draw_views; do
    grep -qE "^static void $f\(.*const struct BkPaneState \*st" ui/pane_bookings.c ||
        grep -A1 -E "^static void $f\(" ui/pane_bookings.c | grep -q 'const struct BkPaneState \*st' ||
        fail "$f may change the pane's state"
done
grep -q '\.layout = bk_layout' ui/pane_bookings.c || fail "no settle-before-draw step"
grep -qE 'void calendar_draw_week\(.*int \*' ui/widget_calendar.h && fail "the week draw writes its scroll"
grep -qE 'int \*top\);' ui/pane_bookings.h && fail "the detail draw writes its scroll"
exit 0
