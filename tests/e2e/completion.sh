#!/bin/bash
# Bash completion (completion/salondesk.bash), sourced into bash as bash-completion would: what
# Tab offers for options, --format, --once, --view, and --profile names read from a config file.
set -u
. "$(dirname "$0")/../lib.sh"

tmp=$(mktemp -d) || hard_error "mktemp"
trap 'rm -rf "$tmp"' EXIT
export XDG_CONFIG_HOME=$tmp/config HOME=$tmp
. "$top_srcdir/completion/salondesk.bash" || fail "the script does not source"
complete -p salondesk | grep -q _salondesk || fail "no completion registered for salondesk"

# offers WORD...: what Tab offers after the command line WORD... (the last word is completed);
# prints the candidates on one line, sorted.
offers() {
    COMP_WORDS=(salondesk "$@")
    COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    COMP_LINE="${COMP_WORDS[*]}"
    COMPREPLY=()
    _salondesk salondesk "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
    printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' ' | sed 's/ $//'
}

expect() {
    local want=$1
    shift
    local got
    got=$(offers "$@")
    [ "$got" = "$want" ] || fail "after 'salondesk $*': offered '$got', expected '$want'"
}

# Every long option of src/cli.c except --password (which is always refused) is offered for "--".
opts=$(sed -n '/long_opts\[\] = {/,/^};/s/^ *{"\([a-z-]*\)".*/--\1/p' "$top_srcdir/src/cli.c" |
    grep -vx -- --password | sort | tr '\n' ' ' | sed 's/ $//')
[ -n "$opts" ] || hard_error "no options read from src/cli.c"
expect "$opts" --
expect "--format" --form
expect "--date --debug-log --demo --dsn" --d

expect "csv json text" --format ""
expect "json" --format j
expect "json" --format = j        # bash splits "--format=j" at the "="
expect "csv json text" --once salons --format ""
expect "bookings" --once b
expect "agenda day month week" --view ""
expect "" --dsn ""

# --profile: the names under "profiles:" in the user's config file, and none of their keys.
mkdir -p "$XDG_CONFIG_HOME/salondesk"
cat >"$XDG_CONFIG_HOME/salondesk/config.yaml" <<'EOF'
# staging first
refresh: 2
profile: staging
profiles:
  staging:
    dsn: "postgresql://app@db-staging/whatsapp_saas?schema=public"
    frame: yellow

  "prod-eu":   # quoted
    dsn: "service=prod"
thresholds:
  dead_tuples: [10, 20]
EOF
expect "prod-eu staging" --profile ""
expect "staging" --profile st
# --config given on the line is the file read.
cat >"$tmp/other.yaml" <<'EOF'
profiles:
    lab: {dsn: "service=lab"}
EOF
expect "lab" --config "$tmp/other.yaml" --profile ""
# No config file: nothing, and no error.
expect "" --config "$tmp/none.yaml" --profile ""

# Theme names: the shipped ones and the user's own.
mkdir -p "$XDG_CONFIG_HOME/salondesk/themes"
: >"$XDG_CONFIG_HOME/salondesk/themes/solar.yaml"
offers --theme "" | grep -qw solar || fail "the user's theme is not offered"
offers --theme "" | grep -qw high-contrast || fail "a shipped theme is not offered"
exit 0
