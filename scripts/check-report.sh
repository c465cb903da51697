#!/usr/bin/env bash
# Browser tests of report.html: headless Chromium from Debian's packages (chromium,
# chromium-driver), driven by Selenium from a Python venv; nothing is downloaded at run time but
# apt and PyPI packages. Saves a screenshot of the sample brief's report as a CI artefact
# (outside git): target/ci-artifacts/report.png.
#
#   scripts/check-report.sh [path/to/actornet]      (default: target/release/actornet, built)
set -euo pipefail
cd "$(dirname "$0")/.."

bin="${1:-target/release/actornet}"
venv=".venv-browser"
artifacts="target/ci-artifacts"
sample="${ACTORNET_REPORT_SAMPLE:-../shared/samples/muscat-brief.txt}"

if ! command -v chromium >/dev/null 2>&1 || [ ! -x /usr/bin/chromedriver ]; then
  echo "== installing chromium and chromium-driver"
  (apt-get update -qq && apt-get install -y -qq chromium chromium-driver fonts-dejavu-core >/dev/null) || {
    echo "cannot install chromium / chromium-driver with apt-get" >&2; exit 1; }
fi
if [ ! -x "$venv/bin/python" ]; then
  echo "== creating $venv"
  python3 -m venv "$venv" || { echo "python3 -m venv failed (install python3-venv)" >&2; exit 1; }
fi
"$venv/bin/python" -c "import selenium, pytest, PIL" 2>/dev/null ||
  "$venv/bin/pip" install -q selenium pytest pillow

if [ "$bin" = "target/release/actornet" ]; then
  cargo build --release --quiet
fi
[ -x "$bin" ] || { echo "no actornet binary at $bin" >&2; exit 1; }
bin="$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")"

echo "== browser tests (tests/browser)"
ACTORNET_BIN="$bin" CHROMEDRIVER=/usr/bin/chromedriver "$venv/bin/python" -m pytest -q tests/browser

echo "== screenshot of the sample report"
if [ ! -f "$sample" ]; then
  echo "note: $sample not found; using samples/doha-brief.txt" >&2
  sample="samples/doha-brief.txt"
fi
mkdir -p "$artifacts"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
"$bin" extract "$sample" -o "$out" --format csv,html,svg -q
cp "$out/report.html" "$out/graph.svg" "$artifacts/"
"$venv/bin/python" tests/browser/browser.py "$out/report.html" "$artifacts/report.png" \
  --width 1400 --height 1000 --select oman
echo "saved $artifacts/report.png (and report.html, graph.svg)"
