# shellcheck shell=bash
# Idempotent install steps for scripts/run and scripts/test. Source it after
# common.sh. Every ensure_* function checks first and prints exactly one line,
# "ok: X" when X is already there or "installing X…" before installing it.

TRUNK_VERSION=0.21.14

# cargo's bin directory on PATH (rustup normally does this in ~/.profile,
# which a non-login shell may not have read).
ensure_cargo_path() {
    local bin="${CARGO_HOME:-$HOME/.cargo}/bin"
    case ":$PATH:" in *":$bin:"*) ;; *) [[ -d $bin ]] && export PATH="$bin:$PATH" ;; esac
    have cargo || die "cargo not found: install the Rust toolchain with rustup first (https://rustup.rs)"
}

# A C compiler and linker: rustc needs `cc` to link, some crates build C.
ensure_cc() {
    if have cc; then
        ok "C compiler (cc)"
    else
        installing "C compiler (build-essential)"
        apt_install build-essential pkg-config
    fi
    # webauthn-rs (passkeys) links OpenSSL.
    if dpkg-query -W -f='${Status}' libssl-dev 2>/dev/null | grep -q 'install ok installed' && have pkg-config; then
        ok "OpenSSL headers (libssl-dev) and pkg-config"
    else
        installing "OpenSSL headers and pkg-config (libssl-dev pkg-config)"
        apt_install libssl-dev pkg-config
    fi
}

ensure_wasm_target() {
    if rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
        ok "rust target wasm32-unknown-unknown"
    else
        installing "rust target wasm32-unknown-unknown"
        rustup target add wasm32-unknown-unknown || die "rustup target add wasm32-unknown-unknown failed"
    fi
}

ensure_trunk() {
    if have trunk && trunk --version 2>/dev/null | grep -q "\b${TRUNK_VERSION//./\\.}\b"; then
        ok "trunk $TRUNK_VERSION"
    else
        installing "trunk $TRUNK_VERSION (cargo install, takes several minutes)"
        cargo install --locked trunk --version "$TRUNK_VERSION" ||
            die "cargo install trunk $TRUNK_VERSION failed"
    fi
}

# The version of the `wasm-bindgen` crate that Cargo.lock pins; the CLI must match it exactly.
wasm_bindgen_lock_version() {
    awk '
        /^\[\[package\]\]/ { in_pkg = 1; name = ""; next }
        in_pkg && /^name = / { name = $3; gsub(/"/, "", name); next }
        in_pkg && /^version = / && name == "wasm-bindgen" { v = $3; gsub(/"/, "", v); print v; exit }
    ' "$LEDIG_ROOT/Cargo.lock"
}

ensure_wasm_bindgen() {
    local want
    want=$(wasm_bindgen_lock_version)
    [[ -n $want ]] || die "no wasm-bindgen package in Cargo.lock: cannot tell which wasm-bindgen-cli to install"
    if have wasm-bindgen && [[ $(wasm-bindgen --version 2>/dev/null | awk '{print $2}') == "$want" ]]; then
        ok "wasm-bindgen-cli $want"
    else
        installing "wasm-bindgen-cli $want (matches Cargo.lock; cargo install, takes several minutes)"
        # Not --locked: the CLI's own lock file pins crates that may no longer build.
        cargo install wasm-bindgen-cli --version "$want" ||
            die "cargo install wasm-bindgen-cli $want failed"
    fi
}

ensure_node() {
    if have node && have npm; then
        ok "Node.js $(node --version) and npm $(npm --version)"
    else
        installing "Node.js and npm (Debian packages)"
        local pkgs=()
        have node || pkgs+=(nodejs)
        have npm || pkgs+=(npm)
        apt_install "${pkgs[@]}"
        have node && have npm || die "Node.js/npm still missing after apt-get install"
    fi
    local major
    major=$(node -p 'process.versions.node.split(".")[0]')
    ((major >= 18)) || die "Node.js $(node --version) is too old: the build and the browser tests need 18 or newer"
}

# `npm ci` in DIR when it has a package-lock.json and node_modules is missing
# or older than the lock file.
npm_ci_in() {
    local dir=$1 what=$2
    if [[ ! -f $dir/package-lock.json ]]; then
        if [[ -f $dir/package.json ]]; then
            die "$dir/package.json has no package-lock.json beside it: run npm install there and commit the lock file"
        fi
        ok "$what (no package-lock.json in ${dir#"$LEDIG_ROOT"/}, nothing to install)"
        return 0
    fi
    # npm writes node_modules/.package-lock.json on every install.
    if [[ -f $dir/node_modules/.package-lock.json && ! $dir/package-lock.json -nt $dir/node_modules/.package-lock.json ]]; then
        ok "$what"
    else
        installing "$what (npm ci in ${dir#"$LEDIG_ROOT"/})"
        (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error) || die "npm ci in $dir failed"
        touch "$dir/node_modules/.package-lock.json"
    fi
}

# The frontend's npm packages (leaflet, binaryen's wasm-opt), and their
# binaries on PATH so that Trunk finds npm's wasm-opt. Debian's binaryen is too
# old for today's wasm: never install it from apt.
ensure_frontend_npm() {
    npm_ci_in "$LEDIG_ROOT/frontend" "frontend npm packages"
    if [[ -d $LEDIG_ROOT/frontend/node_modules/.bin ]]; then
        export PATH="$LEDIG_ROOT/frontend/node_modules/.bin:$PATH"
    fi
}

ensure_e2e_npm() {
    npm_ci_in "$LEDIG_ROOT/e2e" "e2e npm packages"
}

# Debian's Chromium + ChromeDriver for the browser tests, PostgreSQL for the
# backend's PostgreSQL tests, nginx for the test behind a reverse proxy
# (backend/tests/api/nginx.rs), sqlite3 for the browser test that reads the
# push the server queued (e2e/tests/watch.test.mjs).
ensure_test_packages() {
    local pkg
    for pkg in chromium chromium-driver postgresql nginx sqlite3; do
        if deb_installed "$pkg"; then
            ok "$pkg (Debian package)"
        else
            installing "$pkg (Debian package)"
            apt_install "$pkg"
        fi
    done
}

# Every crate the workspace needs, downloaded, so `trunk build --offline`
# (which runs cargo --offline) can build.
cargo_fetch() {
    note "cargo fetch…"
    (cd "$LEDIG_ROOT" && cargo fetch --quiet) || die "cargo fetch failed"
}

# Everything scripts/run needs.
ensure_build_tools() {
    ensure_cargo_path
    ensure_cc
    ensure_wasm_target
    ensure_trunk
    ensure_wasm_bindgen
    ensure_node
    ensure_frontend_npm
}

# Build the frontend into dist/ (release, no downloads): the players' app
# (frontend/index.html) into dist/, then the operator pages' build
# (frontend/operator.html, the `operator` feature) into dist/operator/. In
# this order: Trunk empties its dist/ first, so the players' build would
# take the operator build with it.
build_frontend() {
    [[ -f $LEDIG_ROOT/Trunk.toml && -f $LEDIG_ROOT/frontend/index.html ]] ||
        die "no Trunk.toml or frontend/index.html: the frontend is missing from this checkout"
    cargo_fetch
    step "Building the frontend (trunk build --release --offline): the players' app"
    (cd "$LEDIG_ROOT" && trunk build --release --offline) || die "trunk build failed"
    step "Building the frontend: the operator pages (dist/operator/)"
    (cd "$LEDIG_ROOT" && trunk build --release --offline --dist dist/operator \
        --public-url /operator/ frontend/operator.html) || die "trunk build of the operator pages failed"
}

# Python tools from PyPI, pinned, in a virtualenv of their own under the
# user's cache (Debian's python3 with python3-venv; pip never touches the
# system's Python): schemathesis, the property-based fuzzer the OpenAPI
# document is run through, and http_ece, Mozilla's implementation of Web
# Push encryption, which a backend test decrypts the server's pushes with
# (backend/tests/api/push.rs). Bump the directory's number when the list
# changes, so every machine gets the new set.
SCHEMATHESIS_VERSION=4.32.5
HTTP_ECE_VERSION=1.2.1
PROMETHEUS_CLIENT_VERSION=0.21.1
py_tools_venv="${XDG_CACHE_HOME:-$HOME/.cache}/ledig/py-tools-2"
schemathesis_venv=$py_tools_venv
ensure_python_tools() {
    if [[ -x $py_tools_venv/bin/schemathesis ]] &&
        "$py_tools_venv/bin/python" -c 'import http_ece, prometheus_client' 2>/dev/null; then
        ok "schemathesis $SCHEMATHESIS_VERSION, http_ece $HTTP_ECE_VERSION and prometheus_client $PROMETHEUS_CLIENT_VERSION (PyPI)"
        return 0
    fi
    installing "schemathesis $SCHEMATHESIS_VERSION, http_ece $HTTP_ECE_VERSION and prometheus_client $PROMETHEUS_CLIENT_VERSION (PyPI, into $py_tools_venv)"
    apt_install python3 python3-venv
    rm -rf "$py_tools_venv"
    /usr/bin/python3 -m venv "$py_tools_venv" || die "python3 -m venv failed (apt-get install python3-venv)"
    "$py_tools_venv/bin/pip" install --quiet --disable-pip-version-check \
        "schemathesis==$SCHEMATHESIS_VERSION" "http_ece==$HTTP_ECE_VERSION" \
        "prometheus_client==$PROMETHEUS_CLIENT_VERSION" ||
        die "pip install schemathesis==$SCHEMATHESIS_VERSION http_ece==$HTTP_ECE_VERSION prometheus_client==$PROMETHEUS_CLIENT_VERSION failed (is PyPI reachable?)"
    [[ -x $py_tools_venv/bin/schemathesis ]] || die "schemathesis missing after pip install"
    "$py_tools_venv/bin/python" -c 'import http_ece, prometheus_client' || die "http_ece or prometheus_client missing after pip install"
}
