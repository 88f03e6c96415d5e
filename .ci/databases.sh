#!/usr/bin/env bash
# Starts the two test database servers on loopback and writes their URLs
# to $TMPDIR/dossier-ci-db.env as DOSSIER_TEST_POSTGRES and
# DOSSIER_TEST_PGLITE. Readiness is polled, never waited for blindly.
set -euo pipefail

env_file="${TMPDIR:-/tmp}/dossier-ci-db.env"
: >"$env_file"

# Versions of PGlite and its extensions, as the pglite-socket release
# pins them (its peer dependencies).
pglite_packages=(
	@electric-sql/pglite@0.5.14
	@electric-sql/pglite-socket@0.2.17
	@electric-sql/pglite-pgvector@0.0.15
	@electric-sql/pglite-pg_textsearch@0.0.16
)
pglite_port=55432

wait_for() { # name, command...: poll until the command succeeds, for up to 120 s
	local name=$1
	shift
	for _ in $(seq 240); do
		if "$@" >/dev/null 2>&1; then
			echo "   $name is ready"
			return 0
		fi
		sleep 0.5
	done
	echo "CI: $name did not start" >&2
	return 1
}

start_postgres() {
	if ! command -v pg_ctlcluster >/dev/null 2>&1 || [ ! -d /usr/lib/postgresql/15 ]; then
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15
	fi
	if ! pg_lsclusters -h | grep -q '^15 *main'; then
		pg_createcluster 15 main
	fi
	pg_ctlcluster 15 main start || pg_lsclusters -h | grep -q '^15 *main .* online'
	wait_for "PostgreSQL 15" su postgres -c "psql -qAtc 'select 1'"
	su postgres -c "psql -qc \"DO \\\$\\\$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'dossier') THEN CREATE ROLE dossier LOGIN SUPERUSER PASSWORD 'dossier'; END IF; END \\\$\\\$\""
	su postgres -c "psql -qAtc \"SELECT 1 FROM pg_database WHERE datname = 'dossier_test'\"" | grep -q 1 ||
		su postgres -c "createdb -O dossier dossier_test"
	local port
	port=$(pg_lsclusters -h | awk '$1 == 15 && $2 == "main" {print $3}')
	echo "export DOSSIER_TEST_POSTGRES='postgres://dossier:dossier@127.0.0.1:${port}/dossier_test?sslmode=disable'" >>"$env_file"
}

start_pglite() {
	local dir="${TMPDIR:-/tmp}/dossier-ci-pglite"
	mkdir -p "$dir"
	if [ ! -x "$dir/node_modules/.bin/pglite-server" ]; then
		(cd "$dir" && npm install --no-save --no-package-lock --no-audit --no-fund --loglevel=error "${pglite_packages[@]}")
	fi
	if ! (exec 3<>"/dev/tcp/127.0.0.1/$pglite_port") 2>/dev/null; then
		(cd "$dir" && nohup node_modules/.bin/pglite-server --host=127.0.0.1 --port="$pglite_port" --max-connections=4 \
			-e @electric-sql/pglite-pgvector:vector,@electric-sql/pglite-pg_textsearch:pg_textsearch >"$dir/server.log" 2>&1 &)
	fi
	wait_for "PGlite" psql "postgres://postgres@127.0.0.1:${pglite_port}/postgres?sslmode=disable" -qAtc 'select 1'
	# PGlite runs every connection on one session: one connection per
	# pool, and no server-side prepared statements, whose names collide.
	echo "export DOSSIER_TEST_PGLITE='postgres://postgres@127.0.0.1:${pglite_port}/postgres?sslmode=disable&pool_max_conns=1&default_query_exec_mode=exec'" >>"$env_file"
}

start_postgres
start_pglite
