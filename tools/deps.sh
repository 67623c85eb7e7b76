# Sourced by tools/demo and tools/check: the Debian packages salondesk needs, and installing the
# missing ones (as root) or saying exactly what to run (as anyone else).

SD_BUILD_PACKAGES="autoconf automake make gcc pkg-config libncurses-dev libpq-dev libyaml-dev libreadline-dev libcmocka-dev"
SD_RUN_PACKAGES="postgresql postgresql-contrib"
# libclang-rt-14-dev: the ASan/UBSan runtime the sanitizer build links (a bare Debian 12 lacks it)
# git: the whitespace check; procps: pgrep/pkill/ps; python3: width and JSON checks in the tests;
# perl: tests/tools/slowproxy.pl; nodejs, npm: tools/pg-major (npm pack of PostgreSQL 16-18).
# tools/check-deps fails when a command the tests use is not here.
SD_TEST_PACKAGES="tmux clang libclang-rt-14-dev clang-format clang-tidy cppcheck git procps openssl pgbouncer python3 perl nodejs npm"
# tools/package: the .deb (debhelper with dh-autoreconf, lintian; dpkg-buildpackage also
# requires build-essential, which a bare Debian 12 lacks) and bash-completion's pkg-config file,
# which tells `make install` where completions go.
SD_PACKAGE_PACKAGES="dpkg-dev build-essential debhelper dh-autoreconf lintian bash-completion"

sd_missing_packages() {
    for p in "$@"; do
        [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" = "install ok installed" ] ||
            sd_provided "$p" || printf '%s ' "$p"
    done
}

# sd_provided NAME: an installed package provides NAME (NodeSource's nodejs provides npm and
# conflicts with Debian's: installing npm there would replace node). No grep -q at the end of a
# pipe: under pipefail, its early exit would fail the pipe with the writer's SIGPIPE.
sd_provided() {
    local provided
    provided=$(dpkg-query -W -f='${Status}|${Provides}\n' 2>/dev/null |
        sed -n 's/^install ok installed|//p' | tr ',' '\n' | sed 's/^ *//; s/ .*//')
    grep -qx -- "$1" <<<"$provided"
}

sd_ensure_packages() {
    missing=$(sd_missing_packages "$@")
    [ -z "$missing" ] && return 0
    if [ "$(id -u)" -ne 0 ]; then
        echo "salondesk: these Debian packages are missing; as root, run:" >&2
        echo "  apt-get install $missing" >&2
        exit 1
    fi
    echo "salondesk: installing $missing" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    # shellcheck disable=SC2086
    apt-get install -y -qq --no-install-recommends $missing >/dev/null
}

# Configures and builds in $1 (a build directory beside the sources) with extra configure flags.
sd_build() {
    dir=$1
    shift
    [ -x ./configure ] || ./autogen.sh >/dev/null
    mkdir -p "$dir"
    # Configure again when an existing build lacks an option asked for (--enable-test-hooks).
    conf=no
    [ -f "$dir/Makefile" ] || conf=yes
    for o in "$@"; do
        [ $conf = yes ] || grep -qF -- "'$o'" <<<"$(cd "$dir" && ./config.status --config)" || conf=yes
    done
    if [ $conf = yes ]; then
        (cd "$dir" && ../configure --enable-werror "$@" >/dev/null)
    fi
    make -C "$dir" -j"$(nproc)" >/dev/null
}
