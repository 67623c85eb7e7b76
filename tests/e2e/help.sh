#!/bin/bash
# ? shows the current tab's keys and the global ones, from the active keymap (issue 12): a key
# the user's keymap rebinds shows under its new action, a global key a tab takes over is not
# listed as global there, and each action says what it does in that tab.
set -u
. "$(dirname "$0")/../lib.sh"
need_fixture "$@"
. "$top_srcdir/tests/tmux.sh"

# The user's keymap: the shipped one, with r (globally "refresh") toggling AI in Threads.
mkdir -p "$XDG_CONFIG_HOME/salondesk/keymaps"
sed 's/^  toggle-ai: \[A\]$/  toggle-ai: [r]/' "$top_srcdir/keymaps/default.yaml" \
    >"$XDG_CONFIG_HOME/salondesk/keymaps/mine.yaml"
grep -q 'toggle-ai: \[r\]' "$XDG_CONFIG_HOME/salondesk/keymaps/mine.yaml" || hard_error "keymap edit"
printf 'keymap: mine\n' >"$XDG_CONFIG_HOME/salondesk/config.yaml"

# line_of TEXT: the help's line that describes TEXT, squeezed.
line_of() { tm_screen | grep -F -- "$1" | tr -s ' ' | head -n 1; }

tm_start 100 50 "TERM=xterm-256color" -- --refresh 60 --tz UTC
tm_wait_for 'connected' 10
tm_keys 3; tm_wait_for 'conversations' 10
tm_keys '?'; tm_wait_for 'In Threads' 5
tm_wait_for 'Everywhere' 5
l=$(line_of 'Show or hide AI messages')
echo "$l" | grep -Eq '(^| )r Show or hide AI messages' ||
    fail "the rebound r is not shown for the AI toggle: '$l'"
echo "$l" | grep -q ' A ' && fail "A is still shown for the AI toggle: '$l'"
l=$(line_of 'Refresh now')
echo "$l" | grep -q '<F5>' || fail "refresh lost <F5>: '$l'"
echo "$l" | grep -Eq ' r[ ,]' && fail "r is listed as refresh in Threads, where it toggles AI: '$l'"
tm_keys Escape; tm_wait_gone 'In Threads' 5
# Elsewhere r still refreshes, and the help says so.
tm_keys 1; tm_wait_for 'Salon' 10
tm_keys '?'; tm_wait_for 'In Salons' 5
line_of 'Refresh now' | grep -Eq ' r, <F5>' || fail "Salons: r is not refresh: '$(line_of 'Refresh now')'"
l=$(tm_screen | grep -E ' i +[A-Z]' | tr -s ' ')
echo "$l" | grep -q 'salons' || fail "Salons: i does not say it is about salons: '$l'"
echo "$l" | grep -q 'sessions' && fail "Salons: i speaks of sessions: '$l'"
tm_keys Escape
tm_keys 4; tm_wait_for 'PID' 10
tm_keys '?'; tm_wait_for 'In Health' 5
tm_screen | grep -E ' i +[A-Z]' | grep -q 'idle sessions' || fail "Health: i is not the idle sessions"
tm_keys Escape
tm_keys q
[ "$(tm_wait_exit 5)" = 0 ] || fail "exit status"
exit 0
