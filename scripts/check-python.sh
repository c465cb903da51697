#!/usr/bin/env bash
# The Python package in a fresh virtual environment: `pip install ./python` (maturin builds the
# native core from this workspace), then the pytest suite in python/tests, including the Dask
# LocalCluster test and the Spark local[2] test. Works on a fresh machine: installs python3-venv
# and a Java runtime with apt-get when they are missing.
# Usage: bash scripts/check-python.sh        (CI calls it from .ci/run)
set -euo pipefail
cd "$(dirname "$0")/.."
venv=".venv-python"
py="${PYTHON:-python3}"

apt_install() {
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
  else
    echo "check-python: please install $*" >&2
    exit 1
  fi
}

command -v "$py" >/dev/null 2>&1 || apt_install python3 python3-venv python3-pip
"$py" -c 'import venv, ensurepip' 2>/dev/null || apt_install python3-venv
command -v java >/dev/null 2>&1 || apt_install openjdk-17-jre-headless

echo "== fresh venv $venv"
rm -rf "$venv"
"$py" -m venv "$venv"
vpy="$venv/bin/python"
"$vpy" -m pip install -q --upgrade pip

echo "== pip install ./python"
start=$(date +%s)
"$vpy" -m pip install -q ./python
echo "check-python: pip install ./python took $(( $(date +%s) - start )) s"

echo "== test dependencies"
"$vpy" -m pip install -q pytest pandas pyarrow networkx "dask[distributed]" "pyspark>=4"

echo "== the command line for the cross-checks"
cargo build --release --bin actornet -q
export ACTORNET_BIN="$PWD/target/release/actornet"

echo "== pytest python/tests"
# run from the tests folder so that `import actornet` is the installed package, not the source
cd python/tests
"../../$vpy" -m pytest -q -p no:cacheprovider .
