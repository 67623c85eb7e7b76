#!/bin/bash
# Text that lines up (issue 12): salon names in Japanese and Chinese, clipped at the Salons
# table's edge where a wide character straddles it, and emoji with VS16 and ZWJ. In tmux (what
# the terminal drew, not what ncurses thinks) every row's next column starts where the header's
# does, and --once text lines up by the width text.h documents. Under LANG=C the token mask's
# "…" reads "...".
set -u
. "$(dirname "$0")/../lib.sh"
need_fixture "$@"
. "$top_srcdir/tests/tmux.sh"

sch="sd_text_$$"
trap 'tm_cleanup; psql_fixture "drop schema if exists $sch cascade" >/dev/null 2>&1' EXIT
han=$(printf '漢%.0s' $(seq 20))   # 40 columns: the 36-column Salon cell cuts it on a boundary
psql_fixture "create schema $sch" \
    "create table $sch.salons (like public.salons including all)" \
    "insert into $sch.salons (id, name, phone_number_id, access_token, updated_at) values
        ('t1', 'A1 $han', '1', 'tok1', now()),
        ('t2', 'A2 x$han', '2', 'tok2', now()),
        ('t3', 'A3 山田花子ビューティーサロン東京銀座本店プレミアム', '3', 'tok3', now()),
        ('t4', 'A4 ✂️ cut ✂️ and 👨‍👩‍👧 family', '4', 'tok4', now()),
        ('t5', 'A5 plain', '5', 'tok5', now())" >/dev/null || hard_error "cannot create schema $sch"
url="postgresql://postgres@127.0.0.1:$SALONDESK_FIXTURE_PORT/whatsapp_saas?schema=$sch"

# check_columns FILE MODE: in every line holding an "A<n> " row, the text at the display column
# where the header's HEADING starts begins with WANT. MODE tmux counts as tmux 3.3a draws (VS16
# adds nothing, a character after ZWJ adds nothing); MODE doc as text.h says (VS16 widens).
check_columns() {
    python3 - "$@" <<'PY'
import sys, unicodedata
path, mode, heading, want = sys.argv[1:5]
def cells(line):
    out, prev, base, widened = [], None, 0, False
    for ch in line:
        cp = ord(ch)
        w = 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        if unicodedata.category(ch) in ("Mn", "Me", "Cf") or cp == 0xFE0F:
            w = 0
        if prev == "\u200d":
            w = 0
        if cp == 0xFE0F and mode == "doc" and base == 1 and not widened:
            w, widened = 1, True
        elif w > 0:
            base, widened = w, False
        out.extend([ch] + [""] * (w - 1) if w else [])
        if w == 0 and out:
            out[-1] += ch
        prev = ch
    return out
lines = open(path, encoding="utf-8").read().split("\n")
head = next(l for l in lines if heading in l)
col = len(cells(head[: head.index(heading)]))
bad = 0
for l in lines:
    if "A" in l and any(f"A{n} " in l for n in range(1, 6)):
        c = cells(l)
        got = "".join(c[col : col + len(want)])
        if got != want:
            print(f"{mode}: column {col} holds {got!r}, not {want!r}: {l}")
            bad += 1
sys.exit(1 if bad else 0)
PY
}

tm_start 100 12 "TERM=xterm-256color" -- --dsn "$url" --refresh 0.5
tm_wait_for 'A5 plain' 10
tm_screen >"$TM_DIR/screen"
check_columns "$TM_DIR/screen" tmux Active yes || fail "the Salons table is out of line: $(cat "$TM_DIR/screen")"
grep -q "A1 漢漢" "$TM_DIR/screen" || fail "the Japanese name is missing"
grep -Eq "漢 …" "$TM_DIR/screen" || fail "a wide character cut at the edge is not a space and …"
grep -q "👨‍👩‍👧 family" "$TM_DIR/screen" || fail "the family emoji lost a member"
tm_keys q
[ "$(tm_wait_exit 5)" = 0 ] || fail "exit status"
tm kill-server

# --once text: the same rows line up by the documented width (VS16 is wide).
"$top_builddir/salondesk" --once salons --dsn "$url" >"$TM_DIR/once" || fail "--once exited $?"
check_columns "$TM_DIR/once" doc active yes || fail "--once text is out of line: $(cat "$TM_DIR/once")"

# LANG=C: the token mask's "…" is "...", never "?".
tm_start 150 12 "LC_ALL=C" "LANG=C" "TERM=xterm-256color" -- --dsn "$url" --refresh 0.5
tm_wait_for 'A5 plain' 10
tm_screen | grep -q '\.\.\.tok5' || fail "LANG=C: the token mask: $(tm_screen)"
tm_keys q
[ "$(tm_wait_exit 5)" = 0 ] || fail "exit status under LANG=C"
exit 0
