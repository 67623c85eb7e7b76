#!/bin/bash
# The terminal is always given back: on q, SIGTERM, SIGINT, a dropped session (SIGHUP) and a
# crash; unusable TERM values get a one-line message; NO_COLOR turns colour off. A server that
# refuses connections shows in the status line. No database is needed.
set -u
. "$(dirname "$0")/../lib.sh"
. "$top_srcdir/tests/tmux.sh"

refused="host=127.0.0.1 port=1 connect_timeout=2"

# Unusable terminals: a message, exit status 2, the terminal untouched, within a second.
for term in dumb nonexistent-terminal ""; do
    t0=$(date +%s%N)
    tm_start 80 24 "TERM=$term" -- --dsn "$refused"
    rc=$(tm_wait_exit 4)
    [ "$rc" = 2 ] || fail "TERM='$term': exit status $rc, want 2"
    grep -Eq 'cannot move the cursor|unknown here|TERM is not set' "$TM_DIR/stderr" ||
        fail "TERM='$term': message was '$(cat "$TM_DIR/stderr")'"
    [ "$(wc -l <"$TM_DIR/stderr")" = 1 ] || fail "TERM='$term': more than one line"
    [ $(( ($(date +%s%N) - t0) / 1000000 )) -lt 2000 ] || fail "TERM='$term' took too long"
    tm_check_stty
    tm kill-server
done

# The terminals people really have: each draws the frame and quits cleanly.
for term in xterm-256color xterm linux screen; do
    tm_start 100 24 "TERM=$term" -- --dsn "$refused"
    tm_wait_for '1 Salons.*4 Health' 5
    tm_keys q
    [ "$(tm_wait_exit 3)" = 0 ] || fail "TERM=$term: exit status"
    tm_check_stty
    tm kill-server
done

# A theme or keymap that cannot be used: the built-in one, and a message that says why.
mkdir -p "$XDG_CONFIG_HOME/salondesk/keymaps"
printf 'global:\n  quit: [q]\n  help: [q]\n' >"$XDG_CONFIG_HOME/salondesk/keymaps/broken.yaml"
tm_start 160 24 -- --dsn "$refused" --theme nosuch
tm_wait_for "theme 'nosuch' not found; using the built-in theme" 5
tm_keys q
[ "$(tm_wait_exit 3)" = 0 ] || fail "exit status with a missing theme"
tm kill-server
tm_start 160 24 -- --dsn "$refused" --keymap broken
tm_wait_for 'broken.yaml:3:[0-9]+: key q is bound twice' 5
tm_keys q
[ "$(tm_wait_exit 3)" = 0 ] || fail "the built-in keymap does not quit on q"
tm kill-server

# Not a terminal at all.
out=$("$SD_BIN" --dsn "$refused" </dev/null 2>&1 >/dev/null); rc=$?
[ $rc = 2 ] && echo "$out" | grep -q 'must be a terminal' || fail "no tty: rc $rc, '$out'"

# A refused connection shows in the status line and the keys still work.
tm_start 100 24 -- --dsn "$refused"
tm_wait_for 'refused|reconnecting' 5
tm_keys 4; tm_wait_for '4 Health'
tm_keys q
[ "$(tm_wait_exit 3)" = 0 ] || fail "q while disconnected"
tm_check_stty
tm kill-server

# Ctrl-Z from an interactive shell with job control, as a user has it: the shell gets the
# terminal back in cooked mode, and fg brings the screen back whole.
tm_new_session job 100 24 \
    "env -i PATH=$PATH HOME=$HOME TERM=xterm-256color LANG=${LANG:-C.UTF-8} XDG_CONFIG_HOME=$XDG_CONFIG_HOME XDG_STATE_HOME=$XDG_STATE_HOME PS1='job\$ ' bash --norc --noprofile -i"
tm send-keys -t job "stty -g >$TM_DIR/job.before; $SD_BIN --dsn '$refused'" Enter
for i in $(seq 50); do tm capture-pane -p -t job | grep -q '1 Salons' && break; sleep 0.1; done
tm send-keys -t job C-z
for i in $(seq 30); do tm capture-pane -p -t job | grep -q 'Stopped' && break; sleep 0.1; done
tm capture-pane -p -t job | grep -q 'Stopped' || fail "Ctrl-Z did not suspend: $(tm capture-pane -p -t job)"
tm send-keys -t job "stty -a | tr ' ' '\\n' | grep -x -e icanon -e echo | tr '\\n' ' '; echo" Enter
for i in $(seq 30); do tm capture-pane -p -t job | grep -q '^icanon echo' && break; sleep 0.1; done
tm capture-pane -p -t job | grep -q '^icanon echo' || fail "not cooked while suspended: $(tm capture-pane -p -t job)"
tm send-keys -t job fg Enter
for i in $(seq 30); do tm capture-pane -p -t job | grep -q '1 Salons.*4 Health' && break; sleep 0.1; done
tm capture-pane -p -t job | grep -q '1 Salons.*4 Health' || fail "fg did not redraw the screen"
tm send-keys -t job 4
for i in $(seq 30); do tm capture-pane -p -t job | grep -q '4 Health' && break; sleep 0.1; done
tm send-keys -t job q
tm send-keys -t job "echo rc=\$?; stty -g >$TM_DIR/job.after" Enter
for i in $(seq 30); do tm capture-pane -p -t job | grep -q '^rc=' && break; sleep 0.1; done
tm capture-pane -p -t job | grep -q '^rc=0' || fail "exit status after Ctrl-Z and fg: $(tm capture-pane -p -t job)"
sleep 0.2
cmp -s "$TM_DIR/job.before" "$TM_DIR/job.after" || fail "terminal settings changed around Ctrl-Z"
tm kill-session -t job

# Signals: each exits, restoring the terminal.
for sig in TERM INT; do
    tm_start 100 24 -- --dsn "$refused"
    tm_wait_for '1 Salons'
    kill -s "$sig" "$(tm_app_pid)"
    rc=$(tm_wait_exit 3)
    [ "$rc" = 0 ] || fail "SIG$sig: exit status $rc"
    tm_check_stty
    tm_wait_for 'salondesk exited'
    tm kill-server
done

# A dropped session: the pty goes away (SIGHUP); the process must end, not spin.
tm_start 100 24 -- --dsn "$refused"
tm_wait_for '1 Salons'
pid=$(tm_app_pid)
tm kill-server
for i in $(seq 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
kill -0 "$pid" 2>/dev/null && { kill -9 "$pid"; fail "still running 2 s after the terminal went away"; }

# A crash re-raises the signal after restoring the terminal. The crash comes from a hook that
# only a build configured with --enable-test-hooks has (tools/check's builds): without it this
# test cannot crash the console, and says so instead of passing.
"$SD_BIN" --version | grep -q '(test hooks)' ||
    fail "$SD_BIN was built without test hooks: configure with --enable-test-hooks to run this test"
for how in segv:139 abort:134; do
    tm_start 100 24 "SALONDESK_TEST_CRASH=${how%%:*}" -- --dsn "$refused"
    rc=$(tm_wait_exit 5)
    [ "$rc" = "${how##*:}" ] || fail "crash ${how%%:*}: exit status $rc"
    tm_check_stty
    tm_wait_for 'salondesk exited'
    tm kill-server
done

# NO_COLOR: no colour escapes at all in what the program wrote; colour without it.
for nc in 1 ""; do
    tm_start 100 24 "NO_COLOR=$nc" "TERM=xterm-256color" -- --dsn "$refused"
    tm pipe-pane -o -t main "cat >>$TM_DIR/raw.$nc"
    tm_wait_for '1 Salons'
    tm_keys 2; tm_wait_for 'Bookings'; tm_keys 1; sleep 0.3
    tm_keys q
    tm_wait_exit 3 >/dev/null
    tm kill-server
done
LC_ALL=C grep -aEq $'\e\\[(3[0-9]|4[0-9]|38;|48;)' "$TM_DIR/raw.1" && fail "colour codes with NO_COLOR=1"
LC_ALL=C grep -aEq $'\e\\[[0-9;]*(3[0-7]|4[0-7]|38;5;[0-9]+)m' "$TM_DIR/raw." ||
    fail "no colour without NO_COLOR"
exit 0
