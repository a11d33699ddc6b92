# Starts and stops a throwaway PostgreSQL server on a free 127.0.0.1 port, from the machine's
# PostgreSQL binaries. Source this file, then:
#   throwaway_pg_start DIR   # initdb + start; exports THROWAWAY_PG (an Npgsql connection string);
#                            # on failure sets THROWAWAY_PG_ERROR to one line saying why
#   throwaway_pg_stop DIR    # stop the server and remove DIR
#   throwaway_pg_pause DIR   # stop the server, keep its data (a database outage)
#   throwaway_pg_resume DIR  # start it again on the same port
# When run as root, the server runs as the unprivileged 'postgres' user. THROWAWAY_PG_LISTEN (an
# address, default 127.0.0.1) and THROWAWAY_PG_NETNS (a network namespace to run the server in, for
# tests that make their own network) change where it listens.

throwaway_pg_bindir() {
  local dir
  if [ -n "${PG_BINDIR:-}" ] && [ -x "$PG_BINDIR/initdb" ]; then echo "$PG_BINDIR"; return 0; fi
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then echo "$dir"; return 0; fi
  done
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(command -v initdb)"; return 0
  fi
  return 1
}

throwaway_pg_free_port() {
  local port
  for _ in $(seq 1 200); do
    port=$(( 20000 + RANDOM % 20000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return 0; fi
  done
  return 1
}

throwaway_pg_as_owner() {
  if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

throwaway_pg_start() {
  local dir="$1" bindir port
  THROWAWAY_PG_ERROR=""
  bindir=$(throwaway_pg_bindir) || { THROWAWAY_PG_ERROR="no PostgreSQL binaries (looked in PG_BINDIR, /usr/lib/postgresql/*/bin and PATH)"; return 1; }
  port=$(throwaway_pg_free_port) || { THROWAWAY_PG_ERROR="no free loopback port found"; return 1; }
  rm -rf "$dir"; mkdir -p "$dir" || { THROWAWAY_PG_ERROR="cannot create $dir"; return 1; }
  if [ "$(id -u)" = "0" ]; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    chown postgres "$dir"
  fi
  if ! throwaway_pg_as_owner "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --no-locale >"$dir/initdb.log" 2>&1; then
    THROWAWAY_PG_ERROR="$(throwaway_pg_last_error "$dir/initdb.log") (initdb as $(throwaway_pg_owner_name) in $dir)"
    return 1
  fi
  if [ "${THROWAWAY_PG_LISTEN:-127.0.0.1}" != "127.0.0.1" ]; then
    # Clients on the listening address's own subnet (a test's private network) may connect too.
    echo "host all all samenet trust" >> "$dir/data/pg_hba.conf"
  fi
  echo "$bindir" > "$dir/bindir"
  echo "$port" > "$dir/port"
  echo "${THROWAWAY_PG_LISTEN:-127.0.0.1}" > "$dir/listen"
  echo "${THROWAWAY_PG_NETNS:-}" > "$dir/netns"
  if ! throwaway_pg_server "$dir" start >/dev/null 2>&1; then
    THROWAWAY_PG_ERROR="$(throwaway_pg_last_error "$dir/data/server.log") (pg_ctl start on $(cat "$dir/listen"):$port)"
    return 1
  fi
  export THROWAWAY_PG="Host=$(cat "$dir/listen");Port=$port;Username=postgres;Database=postgres"
  echo "PostgreSQL ($bindir) running on $(cat "$dir/listen"):$port, data in $dir" >&2
}

# pg_ctl start of the server in DIR, where it was first started (address, port, namespace).
throwaway_pg_server() {
  local dir="$1" netns owner=()
  netns=$(cat "$dir/netns")
  if [ "$(id -u)" = "0" ]; then owner=(runuser -u postgres --); fi
  ${netns:+ip netns exec "$netns"} "${owner[@]}" "$(cat "$dir/bindir")/pg_ctl" -D "$dir/data" -l "$dir/data/server.log" -w -t 60 \
    -o "-h $(cat "$dir/listen") -p $(cat "$dir/port") -k $dir -c shared_buffers=128MB" "$2"
}

# The line of a PostgreSQL log that says why it failed (the last error, else the last line).
throwaway_pg_last_error() {
  local line
  line=$(grep -E "error|FATAL|ERROR|denied" "$1" 2>/dev/null | tail -n 1)
  [ -n "$line" ] || line=$(tail -n 1 "$1" 2>/dev/null)
  echo "${line:-no log written}"
}

throwaway_pg_owner_name() {
  if [ "$(id -u)" = "0" ]; then echo postgres; else id -un; fi
}

throwaway_pg_stop() {
  local dir="$1" bindir
  [ -d "$dir/data" ] || { rm -rf "$dir"; return 0; }
  bindir=$(cat "$dir/bindir" 2>/dev/null || throwaway_pg_bindir)
  throwaway_pg_as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}

throwaway_pg_pause() {
  local dir="$1"
  throwaway_pg_as_owner "$(cat "$dir/bindir")/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null
}

throwaway_pg_resume() {
  local dir="$1"
  throwaway_pg_server "$dir" start >/dev/null || { cat "$dir/data/server.log" >&2; return 1; }
}
