# shellcheck shell=bash
# A throw-away PostgreSQL server for the backend's tests. Source it after common.sh.
#
#   start_test_postgres   initdb a private cluster in a temp dir, start it on a
#                         free port on 127.0.0.1, create role ledig/ledig with
#                         CREATEDB, check that btree_gist can be created, and
#                         export LEDIG_TEST_POSTGRES_URL.
#   stop_test_postgres    stop it and delete the temp dir.
#
# It never touches Debian's own cluster (/var/lib/postgresql/15/main) and needs
# no root: as root it runs the server as the `postgres` user (PostgreSQL refuses
# to run as root); as a normal user it runs it as that user.
#
# If LEDIG_TEST_POSTGRES_URL is already set, that server is used as it is
# (after the same btree_gist check) and nothing is started.

_pg_dir=''
_pg_bin=''
_pg_started_here=0

# Debian's server binaries, 15 preferred (the version we support), else the newest.
_pg_find_bin() {
    if [[ -x /usr/lib/postgresql/15/bin/postgres ]]; then
        echo /usr/lib/postgresql/15/bin
        return
    fi
    local newest
    newest=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k4 -n | tail -n 1)
    [[ -n $newest && -x $newest/postgres ]] || die "PostgreSQL server binaries not found under /usr/lib/postgresql (apt-get install postgresql)"
    echo "$newest"
}

# Run a command as the cluster's owner.
_pg_as_owner() {
    if [[ $(id -u) -eq 0 ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

# Check that ROLE@URL can create a database and btree_gist in it (the backend's
# exclusion constraint needs it), then drop that database again.
_pg_check_url() {
    local url=$1 db="ledig_setup_check_$$"
    have psql || die "psql not found (apt-get install postgresql-client)"
    psql "$url" -v ON_ERROR_STOP=1 -qAtc "SELECT 1" >/dev/null ||
        die "cannot connect to PostgreSQL at ${url%%:*}://…@${url#*@} (error above)"
    psql "$url" -v ON_ERROR_STOP=1 -qAtc "CREATE DATABASE $db" >/dev/null ||
        die "role in LEDIG_TEST_POSTGRES_URL cannot CREATE DATABASE (it needs CREATEDB)"
    local base=${url%/*}
    if ! psql "$base/$db" -v ON_ERROR_STOP=1 -qAtc "CREATE EXTENSION btree_gist" >/dev/null; then
        psql "$url" -qAtc "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true
        die "CREATE EXTENSION btree_gist failed (needs PostgreSQL >= 13 with its contrib modules)"
    fi
    psql "$url" -v ON_ERROR_STOP=1 -qAtc "DROP DATABASE $db" >/dev/null || die "DROP DATABASE $db failed"
}

start_test_postgres() {
    if [[ -n ${LEDIG_TEST_POSTGRES_URL:-} ]]; then
        _pg_check_url "$LEDIG_TEST_POSTGRES_URL"
        ok "PostgreSQL from LEDIG_TEST_POSTGRES_URL (given)"
        return 0
    fi
    _pg_bin=$(_pg_find_bin)
    local port version
    port=$(free_port)
    version=$("$_pg_bin/postgres" --version | awk '{print $3}')
    note "starting PostgreSQL $version on 127.0.0.1:$port (private throw-away cluster)…"

    _pg_dir=$(mktemp -d "${TMPDIR:-/tmp}/ledig-pg.XXXXXX")
    mkdir -p "$_pg_dir/data" "$_pg_dir/sock"
    if [[ $(id -u) -eq 0 ]]; then
        id postgres >/dev/null 2>&1 || die "no 'postgres' user: apt-get install postgresql creates it"
        chown -R postgres: "$_pg_dir"
    fi
    chmod 700 "$_pg_dir/data"
    _pg_started_here=1

    _pg_as_owner "$_pg_bin/initdb" -D "$_pg_dir/data" -U postgres -E UTF8 --locale=C \
        --auth-local=trust --auth-host=scram-sha-256 >"$_pg_dir/initdb.log" 2>&1 ||
        { cat "$_pg_dir/initdb.log" >&2; die "initdb failed"; }

    # Tuned for throw-away test data: no durability, room for parallel tests.
    _pg_as_owner "$_pg_bin/pg_ctl" -D "$_pg_dir/data" -l "$_pg_dir/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $_pg_dir/sock -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
        start >/dev/null ||
        { tail -n 30 "$_pg_dir/server.log" >&2; die "PostgreSQL did not start (log above)"; }

    _pg_as_owner psql -h "$_pg_dir/sock" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -qc \
        "CREATE ROLE ledig LOGIN PASSWORD 'ledig' CREATEDB" >/dev/null ||
        die "creating role ledig failed"

    export LEDIG_TEST_POSTGRES_URL="postgres://ledig:ledig@127.0.0.1:$port/postgres"
    _pg_check_url "$LEDIG_TEST_POSTGRES_URL"
    ok "PostgreSQL $version at $LEDIG_TEST_POSTGRES_URL (btree_gist works)"
}

stop_test_postgres() {
    if ((_pg_started_here)) && [[ -n $_pg_dir && -d $_pg_dir ]]; then
        _pg_as_owner "$_pg_bin/pg_ctl" -D "$_pg_dir/data" -m immediate -w stop >/dev/null 2>&1 || true
        rm -rf "$_pg_dir"
        _pg_dir=''
        _pg_started_here=0
    fi
}
