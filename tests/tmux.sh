# Sourced by end-to-end tests after tests/lib.sh: drive the real binary in a private tmux server
# (its own socket, no user config), type with send-keys and read the screen with capture-pane.

command -v tmux >/dev/null || { echo "FAIL: tmux is not installed (apt-get install tmux)"; exit 1; }

SD_BIN=${SD_BIN:-$top_builddir/salondesk}
TM_SOCK="sd-e2e-$$"
TM_DIR=$(mktemp -d "${TMPDIR:-/tmp}/sd-e2e.XXXXXX")
export XDG_CONFIG_HOME="$TM_DIR/config" XDG_STATE_HOME="$TM_DIR/state"
mkdir -p "$XDG_CONFIG_HOME" "$XDG_STATE_HOME"

# The server's only setting: an application's OSC 52 lands in tmux's paste buffer, so that a test
# can see whether anything was copied (tmux's default, "external", drops it silently).
printf 'set -g set-clipboard on\n' >"$TM_DIR/tmux.conf"
tm() { tmux -L "$TM_SOCK" -f "$TM_DIR/tmux.conf" "$@"; }

tm_cleanup() {
    tm kill-server 2>/dev/null || true
    sleep 0.2 # let a salondesk that got SIGHUP write its state before the folder goes
    rm -rf "$TM_DIR" 2>/dev/null || true
}
trap tm_cleanup EXIT

# tm_new_session NAME COLS ROWS COMMAND: a session on a fresh server. A server killed a moment
# ago may still be going away: wait for it, and retry.
tm_new_session() {
    for i in $(seq 20); do tm has-session 2>/dev/null || break; tm kill-server 2>/dev/null; sleep 0.05; done
    for i in $(seq 10); do
        tm new-session -d -s "$1" -x "$2" -y "$3" "$4" 2>/dev/null && break
        sleep 0.2
    done
    tm has-session -t "$1" 2>/dev/null || fail "could not start a tmux session"
}

# tm_start COLS ROWS [ENV=VALUE ...] -- ARGS...: runs salondesk in a shell that records the
# terminal settings before and after, and its exit status, in $TM_DIR.
tm_start() {
    cols=$1 rows=$2
    shift 2
    envs=""
    while [ $# -gt 0 ] && [ "$1" != "--" ]; do
        envs="$envs $(printf '%q' "$1")"
        shift
    done
    [ "${1:-}" = "--" ] && shift
    args=""
    for a in "$@"; do args="$args $(printf '%q' "$a")"; done
    rm -f "$TM_DIR/rc" "$TM_DIR/stty.before" "$TM_DIR/stty.after"
    cat >"$TM_DIR/run.sh" <<SCRIPT
stty -g >"$TM_DIR/stty.before"
env $envs "$SD_BIN" $args 2>"$TM_DIR/stderr"
echo \$? >"$TM_DIR/rc.tmp"
stty -g >"$TM_DIR/stty.after"
mv "$TM_DIR/rc.tmp" "$TM_DIR/rc"
echo "salondesk exited"
exec sleep 600
SCRIPT
    tm_new_session main "$cols" "$rows" "sh $TM_DIR/run.sh"
    tm set-option -g window-size manual >/dev/null
}

tm_keys() { tm send-keys -t main "$@"; }
tm_screen() { tm capture-pane -p -t main; }

# tm_wait_for PATTERN [SECONDS]: waits until the screen matches (grep -E).
tm_wait_for() {
    pat=$1 limit=${2:-10}
    end=$(( $(date +%s%N) / 1000000 + limit * 1000 ))
    while [ $(( $(date +%s%N) / 1000000 )) -lt $end ]; do
        tm_screen | grep -Eq -- "$pat" && return 0
        sleep 0.1
    done
    echo "--- screen while waiting for /$pat/:"
    tm_screen
    [ -s "$TM_DIR/stderr" ] && { echo "--- stderr:"; cat "$TM_DIR/stderr"; }
    fail "timed out after ${limit}s waiting for /$pat/"
}

tm_wait_gone() {
    pat=$1 limit=${2:-10}
    end=$(( $(date +%s%N) / 1000000 + limit * 1000 ))
    while [ $(( $(date +%s%N) / 1000000 )) -lt $end ]; do
        tm_screen | grep -Eq -- "$pat" || return 0
        sleep 0.1
    done
    tm_screen
    fail "timed out after ${limit}s waiting for /$pat/ to go away"
}

# The pid of salondesk itself (the child of the pane's shell).
tm_app_pid() {
    shpid=$(tm display-message -p -t main '#{pane_pid}')
    for i in $(seq 50); do
        p=$(pgrep -P "$shpid" -x salondesk || true)
        [ -n "$p" ] && { echo "$p"; return 0; }
        sleep 0.1
    done
    fail "salondesk is not running"
}

# Waits for salondesk to exit and prints its exit status.
tm_wait_exit() {
    limit=${1:-5}
    for i in $(seq $(( limit * 10 ))); do
        [ -f "$TM_DIR/rc" ] && { cat "$TM_DIR/rc"; return 0; }
        sleep 0.1
    done
    tm_screen
    fail "salondesk did not exit within ${limit}s"
}

# tm_quit_within MS WHEN: q ends salondesk with status 0 within MS milliseconds, leaving the
# terminal as it was; WHEN says when, in failure messages.
tm_quit_within() {
    local t0 ms
    t0=$(date +%s%N)
    tm_keys q
    [ "$(tm_wait_exit 3)" = 0 ] || fail "exit status $2"
    ms=$(( ($(date +%s%N) - t0) / 1000000 ))
    [ "$ms" -lt "$1" ] || fail "q took $ms ms $2"
    tm_check_stty
}

# The terminal must be exactly as it was before salondesk started.
tm_check_stty() {
    cmp -s "$TM_DIR/stty.before" "$TM_DIR/stty.after" ||
        fail "terminal settings changed: $(cat "$TM_DIR/stty.before") -> $(cat "$TM_DIR/stty.after")"
}

# CPU time (user + system, in clock ticks) a process has used.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
