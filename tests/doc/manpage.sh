#!/bin/bash
# The man page documents every option the program accepts: each long option of src/cli.c's
# option table (and each short one of its getopt string) has an entry of its own in the
# OPTIONS section of doc/salondesk.1, and the page has the sections a user looks for.
set -u
. "$(dirname "$0")/../lib.sh"

cli=$top_srcdir/src/cli.c
man=$top_srcdir/doc/salondesk.1
long=$(sed -n '/long_opts\[\] = {/,/^};/s/^ *{"\([a-z-]*\)".*/\1/p' "$cli")
[ "$(echo "$long" | wc -w)" -ge 10 ] || hard_error "could not read the option table of $cli"
short=$(sed -n 's/.*getopt_long([^"]*"\([^"]*\)".*/\1/p' "$cli" | tr -d ':')
[ -n "$short" ] || hard_error "could not read the getopt string of $cli"

# The entries of OPTIONS: the line after each .TP, with roff's \- and \fX undone.
entries=$(sed -n '/^\.SH OPTIONS/,/^\.SH /p' "$man" | sed -n '/^\.TP/{n;p}' |
    sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g')
missing=""
for o in $long; do
    grep -qE -- "(^|[ \"])--$o([ \"=,]|$)" <<<"$entries" || missing="$missing --$o"
done
for ((i = 0; i < ${#short}; i++)); do
    o=${short:i:1}
    grep -qE -- "(^|[ \"])-$o([ \",]|$)" <<<"$entries" || missing="$missing -$o"
done
[ -z "$missing" ] || fail "doc/salondesk.1 has no OPTIONS entry for:$missing"

for section in SYNOPSIS OPTIONS "BATCH MODE" "AUDIT LOG" "EXIT STATUS" FILES ENVIRONMENT; do
    grep -qx "\.SH \"\{0,1\}$section\"\{0,1\}" "$man" || fail "doc/salondesk.1 has no $section section"
done
exit 0
