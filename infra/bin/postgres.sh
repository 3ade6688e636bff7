# PostgreSQL part of infra/bin/infra (sourced by it; uses its DIR, LOGS, say, die, alive).
#
# A cluster of its own, never Debian's `main` one: initialised once (initdb) with the binaries
# of the newest PostgreSQL under /usr/lib/postgresql (or PG_BINDIR), listening on
# 127.0.0.1:$PG_PORT only. Roles:
#   postgres  superuser, reachable only through the cluster's Unix socket, whose directory is
#             private (mode 700) to the OS user running the cluster; used here to bootstrap.
#   onestop   LOGIN CREATEDB, password `onestop` (scram-sha-256; development only), owner of the
#             databases `onestop` (the services' event stores, a schema each) and `ferretdb`
#             (FerretDB's documents).
#
# PostgreSQL refuses to run as root. A non-root developer runs it as themselves with the data in
# $DIR/postgres. Root (CI, containers) runs it as PG_OS_USER [postgres, Debian's package user],
# with the data in /var/lib/onestop/postgres-<hash of $DIR>: a clone under /root is not
# traversable by that user, and one directory per checkout keeps clones apart.
# ONESTOP_PG_DIR overrides the location (it must be reachable by the user running the cluster).

PG_PORT=${PG_PORT:-5432}
PG_DEV_URL="postgres://onestop:onestop@127.0.0.1:$PG_PORT/onestop"
PG_FERRET_URL="postgres://onestop:onestop@127.0.0.1:$PG_PORT/ferretdb"

pg_external() { [ -n "${PG_URL:-}" ]; }

key_of() { printf '%s' "$1" | sha256sum | cut -c1-12; }

if [ "$(id -u)" = 0 ]; then
  PG_OS_USER=${PG_OS_USER:-postgres}
  PG_BASE=${ONESTOP_PG_DIR:-/var/lib/onestop/postgres-$(key_of "$DIR")}
else
  PG_OS_USER=$(id -un)
  PG_BASE=${ONESTOP_PG_DIR:-$DIR/postgres}
fi
case $PG_BASE in /*) ;; *) PG_BASE=$PWD/$PG_BASE ;; esac
PG_DATA=$PG_BASE/data
PG_SOCK=$PG_BASE/run
# A Unix socket path has at most 107 bytes; a deep checkout gets a short private one in /tmp.
[ ${#PG_SOCK} -le 90 ] || PG_SOCK=/tmp/onestop-pg-$(key_of "$PG_BASE")
PG_PIDF=$DIR/postgres.pid

# Runs a command as the cluster's OS user (setpriv execs, so a started server keeps our pid).
PG_AS=()
if [ "$(id -u)" = 0 ]; then
  PG_AS=(setpriv --reuid="$PG_OS_USER" --regid="$PG_OS_USER" --init-groups --)
fi

pg_bindir() {
  if [ -n "${PG_BINDIR:-}" ]; then echo "$PG_BINDIR"; return; fi
  if [ -f "$PG_DATA/PG_VERSION" ]; then
    # An existing cluster needs the binaries of the major version that made it.
    local v; v=$(cat "$PG_DATA/PG_VERSION")
    [ -x "/usr/lib/postgresql/$v/bin/postgres" ] \
      || die "the cluster in $PG_DATA was made by PostgreSQL $v, whose binaries are missing: apt-get install postgresql-$v, or 'infra reset' to start empty"
    echo "/usr/lib/postgresql/$v/bin"; return
  fi
  local v; v=$(ls /usr/lib/postgresql 2>/dev/null | sort -V | tail -1)
  if [ -n "$v" ] && [ -x "/usr/lib/postgresql/$v/bin/initdb" ]; then echo "/usr/lib/postgresql/$v/bin"; return; fi
  if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then pg_config --bindir; return; fi
  die "PostgreSQL is not installed; run .ci/install-prereqs (as root) or: apt-get install postgresql"
}

# Creates a directory owned by and private to the cluster's OS user.
pg_private_dir() {
  mkdir -p "$1"
  if [ "$(id -u)" = 0 ]; then chown "$PG_OS_USER:" "$1"; fi
  chmod 700 "$1"
}

pg_prepare() {
  if [ "$(id -u)" = 0 ]; then
    id -u "$PG_OS_USER" >/dev/null 2>&1 \
      || die "PostgreSQL refuses to run as root and user '$PG_OS_USER' does not exist; install postgresql (it creates 'postgres') or set PG_OS_USER"
    mkdir -p "$(dirname "$PG_BASE")"
  fi
  pg_private_dir "$PG_BASE"
  pg_private_dir "$PG_SOCK"
  (cd / && "${PG_AS[@]}" test -w "$PG_BASE") \
    || die "$PG_BASE is not writable for '$PG_OS_USER' (is a parent directory private?); set ONESTOP_PG_DIR"
  [ -f "$PG_DATA/PG_VERSION" ] && return
  local bin; bin=$(pg_bindir)
  say "PostgreSQL: initialising a cluster in $PG_DATA ($("$bin/postgres" --version | awk '{print $3}'), OS user $PG_OS_USER)"
  rm -rf "$PG_DATA"
  (cd / && "${PG_AS[@]}" "$bin/initdb" -D "$PG_DATA" -U postgres -E UTF8 --no-locale \
      --auth-local=trust --auth-host=scram-sha-256) >"$LOGS/postgres-initdb.log" 2>&1 \
    || { rm -rf "$PG_DATA"; die "initdb failed; see $LOGS/postgres-initdb.log"; }
}

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

start_postgres() {
  if pg_external; then say "PostgreSQL: external (PG_URL)"; return; fi
  if alive "$PG_PIDF"; then say "PostgreSQL: already running on 127.0.0.1:$PG_PORT"; return; fi
  port_busy "$PG_PORT" && die "port $PG_PORT is taken by another server (Debian's 'main' cluster?); set PG_PORT, or PG_URL to use that server"
  pg_prepare
  local bin; bin=$(pg_bindir)
  (cd /; setsid nohup "${PG_AS[@]}" "$bin/postgres" -D "$PG_DATA" -p "$PG_PORT" -k "$PG_SOCK" \
      -c listen_addresses=127.0.0.1 -c max_connections=200 >"$LOGS/postgres.log" 2>&1 &
    echo $! >"$PG_PIDF")
  say "PostgreSQL: starting on 127.0.0.1:$PG_PORT (data $PG_DATA, log $LOGS/postgres.log)"
}

# Polls pg_isready (no fixed sleep) until the server we started accepts connections.
wait_postgres() {
  pg_external && return
  local bin; bin=$(pg_bindir)
  local deadline=$((SECONDS + ${INFRA_READY_TIMEOUT_MS:-180000} / 1000)) delay=0.1
  until "$bin/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -d postgres; do
    alive "$PG_PIDF" || die "PostgreSQL exited during start-up; see $LOGS/postgres.log"
    [ $SECONDS -lt $deadline ] || die "PostgreSQL not ready in time; see $LOGS/postgres.log"
    sleep "$delay"
    case $delay in 0.1) delay=0.2 ;; 0.2) delay=0.5 ;; *) delay=1 ;; esac
  done
  say "postgres ready"
}

pg_admin() {
  (cd / && "${PG_AS[@]}" "$(pg_bindir)/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG_SOCK" -p "$PG_PORT" -U postgres -d postgres "$@")
}

# Idempotent: the application role and its two databases.
bootstrap_postgres() {
  pg_external && return
  pg_admin >>"$LOGS/postgres-bootstrap.log" 2>&1 <<'SQL' || die "creating the onestop role and databases failed; see $LOGS/postgres-bootstrap.log"
SELECT 'CREATE ROLE onestop LOGIN CREATEDB' WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'onestop') \gexec
ALTER ROLE onestop PASSWORD 'onestop';
SELECT 'CREATE DATABASE onestop OWNER onestop' WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'onestop') \gexec
SELECT 'CREATE DATABASE ferretdb OWNER onestop' WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'ferretdb') \gexec
SQL
  # FerretDB's reads and writes by _id through an index (infra/ferretdb/id-index.sql says why).
  pg_admin -d ferretdb <"$ROOT/infra/ferretdb/id-index.sql" >>"$LOGS/postgres-bootstrap.log" 2>&1 \
    || die "indexing FerretDB's _id in database 'ferretdb' failed; see $LOGS/postgres-bootstrap.log"
}

# The PostgreSQL database FerretDB keeps its documents in.
ferretdb_backend_url() {
  if [ -n "${FERRETDB_POSTGRESQL_URL:-}" ]; then echo "$FERRETDB_POSTGRESQL_URL"; return; fi
  if ! pg_external; then echo "$PG_FERRET_URL"; return; fi
  # External server: a database `ferretdb` next to PG_URL's, created when missing.
  local url=${PG_URL%%\?*}; url="${url%/*}/ferretdb"
  local psql; psql=$(command -v psql || echo "$(pg_bindir)/psql")
  if ! "$psql" -X -qAt "$url" -c 'SELECT 1' >/dev/null 2>&1; then
    "$psql" -X -q "$PG_URL" -c 'CREATE DATABASE ferretdb' >>"$LOGS/postgres-bootstrap.log" 2>&1 \
      || die "FerretDB needs a database on the PG_URL server: could not create 'ferretdb' there; set FERRETDB_POSTGRESQL_URL or MONGO_URL"
  fi
  echo "$url"
}

# Like Kafka and FerretDB: stops what this directory's pid file names, whatever PG_URL says (the
# test setup exports PG_URL for the local cluster it started).
stop_postgres() {
  # SIGINT is PostgreSQL's fast shutdown: clients are disconnected, data is flushed.
  stop_one PostgreSQL "$PG_PIDF" INT
}

status_postgres() {
  if pg_external; then echo "postgres  external  (PG_URL)"
  elif alive "$PG_PIDF"; then echo "postgres  running   $PG_DEV_URL (pid $(cat "$PG_PIDF"), data $PG_DATA, log $LOGS/postgres.log)"
  else echo "postgres  stopped"; fi
}

reset_postgres() {
  rm -rf "$PG_BASE"
  [ "${PG_SOCK#/tmp/}" = "$PG_SOCK" ] || rm -rf "$PG_SOCK"
}
