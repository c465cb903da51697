#!/usr/bin/env bash
# Proves that real clients open every export: networkx, igraph, pydot, pandas and openpyxl load the
# files written by `actornet extract` with the counts and values of nodes.csv/edges.csv; GraphML
# is checked against the XSD and GEXF against the RELAX NG grammar (lxml).
# Usage: scripts/check-clients.sh [BINARY]     (default target/release/actornet; builds nothing)
# Env:   CLIENTS_VENV  virtualenv folder (default .venv-clients in the repo, gitignored)
#        SCHEMAS       schema folder (default ../shared/schemas beside the repo)
#        KEEP=1        keep the temporary output folder
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
bin="${1:-target/release/actornet}"
case "$bin" in /*) ;; *) bin="$PWD/$bin" ;; esac
if [ ! -x "$bin" ]; then
  echo "check-clients: no executable at $bin (run cargo build --release first)" >&2
  exit 2
fi
venv="${CLIENTS_VENV:-$root/.venv-clients}"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
# versions verified together (see ../shared/notes/formats.md §8.1); pydot reads DOT for networkx
"$venv/bin/pip" install --quiet --disable-pip-version-check \
  networkx==3.6.1 python-igraph==1.0.0 pandas==3.1.1 openpyxl==3.1.5 lxml==6.1.3 pydot==4.0.1
if [ -z "${SCHEMAS:-}" ]; then
  if [ ! -d "$root/../shared/schemas" ]; then
    echo "check-clients: no schemas at $root/../shared/schemas (set SCHEMAS)" >&2
    exit 2
  fi
  SCHEMAS="$(cd "$root/../shared/schemas" && pwd)"
fi
export SCHEMAS
exec "$venv/bin/python" "$here/check_clients.py" "$bin"
