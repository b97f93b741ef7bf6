# shellcheck shell=bash
# Shared helpers for scripts/run and scripts/test. Source it; don't run it.

# The repository's top level, whatever the caller's working directory.
LEDIG_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export LEDIG_ROOT

if [[ -t 1 && -z "${NO_COLOR:-}" ]]; then
    _bold=$'\e[1m' _red=$'\e[31m' _green=$'\e[32m' _reset=$'\e[0m'
else
    _bold='' _red='' _green='' _reset=''
fi

# A heading for a long step.
step() { printf '\n%s==> %s%s\n' "$_bold" "$*" "$_reset"; }
# One line per dependency: "ok: X" when present, "installing X…" when not.
ok() { printf '%sok:%s %s\n' "$_green" "$_reset" "$*"; }
installing() { printf 'installing %s…\n' "$*"; }
note() { printf '%s\n' "$*"; }
warn() { printf '%swarning:%s %s\n' "$_red" "$_reset" "$*" >&2; }
# Stop with a clear message.
die() {
    printf '\n%serror:%s %s\n' "$_red$_bold" "$_reset" "$*" >&2
    exit 1
}

have() { command -v "$1" >/dev/null 2>&1; }

# Run a command as root: directly when we are root, through sudo otherwise.
as_root() {
    if [[ $(id -u) -eq 0 ]]; then
        "$@"
    elif have sudo; then
        sudo "$@"
    else
        die "need root for: $* (run as root or install sudo)"
    fi
}

# apt-get install the Debian packages that are not installed yet; runs
# `apt-get update` at most once per script run, and only when something is missing.
_apt_updated=0
apt_install() {
    local missing=() pkg
    for pkg in "$@"; do
        if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
            missing+=("$pkg")
        fi
    done
    ((${#missing[@]} == 0)) && return 0
    have apt-get || die "missing packages ${missing[*]} and no apt-get: install them by hand"
    if ((_apt_updated == 0)); then
        note "apt-get update (once)…"
        as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null ||
            die "apt-get update failed"
        _apt_updated=1
    fi
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" ||
        die "apt-get install ${missing[*]} failed"
}

# Is a Debian package installed?
deb_installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

# A TCP port on 127.0.0.1 that nothing listens on right now.
free_port() {
    local port i
    for i in $(seq 1 200); do
        port=$((20000 + RANDOM % 40000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return 0
        fi
    done
    die "found no free TCP port on 127.0.0.1"
}

# Is something listening on 127.0.0.1:PORT?
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# HTTP GET that succeeds only on a 2xx answer (curl when there, else node).
http_ok() {
    local url=$1
    if have curl; then
        curl -fsS -o /dev/null --max-time 5 "$url" 2>/dev/null
    elif have node; then
        node -e 'fetch(process.argv[1],{signal:AbortSignal.timeout(5000)}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))' "$url"
    else
        die "need curl or node to check $url"
    fi
}

# Wait until URL answers 2xx, or die after SECONDS. Optionally watch a PID:
# if it exits first, show LOG's tail and die.
wait_for_http() {
    local url=$1 seconds=$2 pid=${3:-} log=${4:-} i
    for ((i = 0; i < seconds * 4; i++)); do
        if http_ok "$url"; then return 0; fi
        if [[ -n $pid ]] && ! kill -0 "$pid" 2>/dev/null; then
            [[ -n $log && -f $log ]] && { echo "--- last lines of $log ---" >&2; tail -n 40 "$log" >&2; }
            die "the server exited before $url answered"
        fi
        sleep 0.25
    done
    [[ -n $log && -f $log ]] && { echo "--- last lines of $log ---" >&2; tail -n 40 "$log" >&2; }
    die "$url did not answer within ${seconds}s"
}
