# bash completion for salondesk(1): options, --once tabs, --format and --view values, theme and
# keymap names, and --profile names read from the config file (profiles: in config.yaml).
# Needs nothing but bash; installed where bash-completion loads it on demand.

# The profile names in config file $1: the keys one level under a top-level "profiles:".
_salondesk_profiles()
{
    [ -r "$1" ] || return 0
    awk '
        /^[ \t]*(#|$)/ { next }
        /^[^ \t]/ { inside = ($0 ~ /^profiles:[ \t]*(#.*)?$/); depth = 0; next }
        inside {
            match($0, /^[ \t]+/)
            if (depth == 0) depth = RLENGTH
            if (RLENGTH != depth) next
            key = substr($0, RLENGTH + 1)
            if (key !~ /:/) next
            sub(/[ \t]*:.*$/, "", key)
            gsub(/^["\047]|["\047]$/, "", key)
            print key
        }' "$1" 2>/dev/null
}

# The names of the shipped and the user's YAML files in subfolder $1 (themes, keymaps).
_salondesk_data_names()
{
    local sub=$1 f
    local conf=${XDG_CONFIG_HOME:-$HOME/.config}/salondesk/$sub
    {
        case $sub in
        themes) echo dark light mono high-contrast ;;
        keymaps) echo default emacs ;;
        esac
        for f in "$conf"/*.yaml /usr/share/salondesk/"$sub"/*.yaml; do
            [ -e "$f" ] || continue
            f=${f##*/}
            echo "${f%.yaml}"
        done
    } | tr ' ' '\n' | sort -u
}

# The config file the command line being completed will read (--config FILE, or the default).
_salondesk_config_file()
{
    local i
    for ((i = 1; i < ${#COMP_WORDS[@]} - 1; i++)); do
        case ${COMP_WORDS[i]} in
        --config=*)
            echo "${COMP_WORDS[i]#--config=}"
            return
            ;;
        --config)
            if [ "${COMP_WORDS[i + 1]}" = "=" ]; then
                echo "${COMP_WORDS[i + 2]}"
            else
                echo "${COMP_WORDS[i + 1]}"
            fi
            return
            ;;
        esac
    done
    echo "${XDG_CONFIG_HOME:-$HOME/.config}/salondesk/config.yaml"
}

_salondesk()
{
    local cur=${COMP_WORDS[COMP_CWORD]} opt=""
    local prev=""
    [ "$COMP_CWORD" -gt 0 ] && prev=${COMP_WORDS[COMP_CWORD - 1]}
    COMPREPLY=()

    # The value of an option: "--opt VALUE", "--opt=VALUE" as one word, or split at the "="
    # (bash splits words at "=" by default).
    if [[ $cur == --*=* ]]; then
        opt=${cur%%=*}
        cur=${cur#*=}
    elif [ "$cur" = "=" ]; then
        opt=$prev
        cur=""
    elif [ "$prev" = "=" ] && [ "$COMP_CWORD" -gt 1 ]; then
        opt=${COMP_WORDS[COMP_CWORD - 2]}
    elif [[ $prev == --* ]]; then
        opt=$prev
    fi

    local values="" prefix=""
    [[ ${COMP_WORDS[COMP_CWORD]} == --*=* ]] && prefix=$opt=
    case $opt in
    --once) values="salons bookings threads health" ;;
    --format) values="text csv json" ;;
    --view) values="day week month agenda" ;;
    --date) values="today tomorrow" ;;
    --profile) values=$(_salondesk_profiles "$(_salondesk_config_file)") ;;
    --theme) values=$(_salondesk_data_names themes) ;;
    --keymap) values=$(_salondesk_data_names keymaps) ;;
    --config | --debug-log)
        mapfile -t COMPREPLY < <(compgen -P "$prefix" -f -- "$cur")
        return 0
        ;;
    --tz)
        [ -d /usr/share/zoneinfo ] &&
            values=$(cd /usr/share/zoneinfo && compgen -f -- "$cur" | grep -v '\.tab$')
        ;;
    --dsn | --refresh | --salon | --phone | --password) return 0 ;;
    esac
    if [ -n "$opt" ] && [ -n "$values" ]; then
        mapfile -t COMPREPLY < <(compgen -P "$prefix" -W "$values" -- "$cur")
        return 0
    fi
    if [[ $cur == -* ]]; then
        mapfile -t COMPREPLY < <(compgen -W "--dsn --profile --demo --once --format --refresh
            --theme --keymap --tz --salon --config --debug-log --date --view --phone
            --print-paths --help --version" -- "$cur")
    fi
    return 0
}
complete -F _salondesk salondesk
