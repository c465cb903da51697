#!/usr/bin/env bash
# Side-by-side throughput benchmark: actornet end to end (1 and 2 threads), a bare scan of the
# same aliases (the ceiling), and the Python pipelines analysts use (flashtext + networkx, spaCy
# PhraseMatcher + networkx), all in one run on one generated corpus. Writes the table into
# BENCHMARKS.md (between the bench.sh markers) and prints it.
#
#   scripts/bench.sh                    # 500 MB corpus
#   BENCH_MB=200 scripts/bench.sh       # smaller corpus
#
# Environment: BENCH_MB (corpus size, default 500), BENCH_SEED (42), FLASHTEXT_MB (50),
# SPACY_MB (10): the Python pipelines read only the first MB of the same corpus; BENCH_DATA
# (bench-data), CARGO_TARGET_DIR (target), BENCH_NO_PYTHON=1 to skip the Python pipelines,
# BENCH_NO_WRITE=1 to leave BENCHMARKS.md alone.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BENCH_MB=${BENCH_MB:-500}
SEED=${BENCH_SEED:-42}
FLASHTEXT_MB=${FLASHTEXT_MB:-50}
SPACY_MB=${SPACY_MB:-10}
DATA=${BENCH_DATA:-bench-data}
TARGET=${CARGO_TARGET_DIR:-target}
export CARGO_TARGET_DIR=$TARGET
COMMAND="${BENCH_MB:+BENCH_MB=$BENCH_MB }scripts/bench.sh"
mkdir -p "$DATA"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

say() { printf '\n== %s\n' "$*" >&2; }

if [ ! -x /usr/bin/time ]; then
    say "installing GNU time (for peak memory)"
    if [ "$(id -u)" = 0 ]; then apt-get install -y -qq time >/dev/null || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
    else echo "bench.sh needs /usr/bin/time (apt-get install time)" >&2; exit 1; fi
fi

say "building (release)"
cargo build --release --quiet --bin actornet --example gen_corpus --example scan
cargo bench --quiet --no-run --bench gazetteer_load 2>/dev/null || cargo bench --no-run --bench gazetteer_load
BIN=$TARGET/release

CORPUS=$DATA/corpus-${BENCH_MB}mb-seed$SEED.jsonl
if [ ! -s "$CORPUS" ]; then
    say "generating $CORPUS"
    "$BIN/examples/gen_corpus" --mb "$BENCH_MB" --seed "$SEED" --out "$CORPUS.tmp" 2> "$DATA/gen.log"
    cat "$DATA/gen.log" >&2
    mv "$CORPUS.tmp" "$CORPUS"
else
    say "reusing $CORPUS"
fi
"$BIN/actornet" gazetteer list > "$DATA/aliases.tsv"

# --- helpers -----------------------------------------------------------------------------
# run NAME CMD...: runs under GNU time; leaves wall seconds, peak RSS (MB) and stdout in files.
run() {
    local name=$1; shift
    local t0 t1
    t0=$(date +%s.%N)
    /usr/bin/time -v -o "$DATA/$name.time" "$@" > "$DATA/$name.out" 2> "$DATA/$name.err" || {
        echo "failed: $*" >&2; cat "$DATA/$name.err" >&2; exit 1; }
    t1=$(date +%s.%N)
    echo "$t0 $t1" | awk '{printf "%.3f\n", $2 - $1}' > "$DATA/$name.wall"
    awk -F': ' '/Maximum resident set size/ {printf "%.0f\n", $2 / 1024}' "$DATA/$name.time" > "$DATA/$name.rss"
    awk -F': ' '/User time|System time/ {t += $2} END {printf "%.3f\n", t}' "$DATA/$name.time" > "$DATA/$name.cpu"
    echo "  $name: $(cat "$DATA/$name.wall") s wall, $(cat "$DATA/$name.cpu") s CPU, peak RSS $(cat "$DATA/$name.rss") MB" >&2
}
kv() { tr ' ' '\n' < "$1" | awk -F= -v k="$2" '$1 == k {print $2}'; }
fmt() { awk -v x="$1" 'BEGIN { if (x >= 100) printf "%.0f", x; else if (x >= 10) printf "%.1f", x; else printf "%.2f", x }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

# --- the ceiling: bare scans -----------------------------------------------------------------
say "bare scans (one thread)"
run scan_ac "$BIN/examples/scan" --mode ac "$CORPUS"
run scan_matcher "$BIN/examples/scan" --mode matcher "$CORPUS"
DOCS=$(kv "$DATA/scan_ac.out" docs)
BYTES=$(kv "$DATA/scan_ac.out" bytes)
MB=$(awk -v b="$BYTES" 'BEGIN { printf "%.1f", b / 1e6 }')

# --- actornet end to end ---------------------------------------------------------------------
if "$BIN/actornet" extract --help | grep -q -- '--threads'; then
    THREADS_HOW="--threads N"
    threads_args() { echo "--threads $1"; }
else
    THREADS_HOW="RAYON_NUM_THREADS=N (the CLI has no --threads flag)"
    threads_args() { :; }
fi
say "actornet extract, threads set by $THREADS_HOW"
for n in 1 2; do
    rm -rf "$DATA/out-$n"
    # shellcheck disable=SC2046
    run "actornet_$n" env RAYON_NUM_THREADS=$n "$BIN/actornet" extract "$CORPUS" -o "$DATA/out-$n" -f graphml -q $(threads_args $n)
done

# --- startup: gazetteer ready ----------------------------------------------------------------
say "gazetteer ready (criterion bench gazetteer_load, pre-timing median)"
cargo bench --quiet --bench gazetteer_load -- --list > /dev/null 2> "$DATA/ready.err" || true
READY=$(sed -n 's/.*median \([0-9.]*\) ms.*/\1/p' "$DATA/ready.err" | head -1)
READY_CPU=$(sed -n 's/.*CPU \([0-9.]*\) ms.*/\1/p' "$DATA/ready.err" | head -1)
echo "  ready: ${READY:-?} ms wall, ${READY_CPU:-?} ms CPU" >&2

# --- Python pipelines ------------------------------------------------------------------------
PY_ROWS=()
if [ "${BENCH_NO_PYTHON:-0}" != 1 ]; then
    VENV=$ROOT/.venv-bench
    if [ ! -x "$VENV/bin/python" ]; then
        say "creating $VENV (flashtext, networkx, spacy from PyPI)"
        python3 -m venv "$VENV"
    fi
    "$VENV/bin/python" -c 'import flashtext, networkx, spacy' 2>/dev/null \
        || "$VENV/bin/pip" install -q flashtext networkx spacy
    PY_VERSIONS=$("$VENV/bin/python" -c 'import sys; from importlib.metadata import version as v; print("Python %s, flashtext %s, networkx %s, spaCy %s" % (sys.version.split()[0], v("flashtext"), v("networkx"), v("spacy")))')
    say "flashtext + networkx (first $FLASHTEXT_MB MB)"
    run py_flashtext "$VENV/bin/python" scripts/bench_baselines.py --engine flashtext --aliases "$DATA/aliases.tsv" --corpus "$CORPUS" --mb "$FLASHTEXT_MB"
    say "spaCy PhraseMatcher + networkx (first $SPACY_MB MB)"
    run py_spacy "$VENV/bin/python" scripts/bench_baselines.py --engine spacy --aliases "$DATA/aliases.tsv" --corpus "$CORPUS" --mb "$SPACY_MB"
fi

# --- table -----------------------------------------------------------------------------------
# Two figures per row: MB/s of wall time, and MB per CPU-second (the same work timed by the CPU
# time it used, which is what a busy shared machine does not distort). One-thread comparisons use
# the CPU figure; the 2-thread speed-up can only use wall time.
per() { awk -v a="$1" -v b="$2" 'BEGIN { print a / b }'; }
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
A1=$(per "$BYTES" "$(cat "$DATA/actornet_1.wall")e6"); A2=$(per "$BYTES" "$(cat "$DATA/actornet_2.wall")e6")
A1C=$(per "$BYTES" "$(cat "$DATA/actornet_1.cpu")e6"); A2C=$(per "$BYTES" "$(cat "$DATA/actornet_2.cpu")e6")
D1=$(per "$DOCS" "$(cat "$DATA/actornet_1.wall")"); D2=$(per "$DOCS" "$(cat "$DATA/actornet_2.wall")")
S_AC=$(kv "$DATA/scan_ac.out" scan_mbps); S_M=$(kv "$DATA/scan_matcher.out" scan_mbps)
S_ACC=$(kv "$DATA/scan_ac.out" scan_cpu_mbps); S_MC=$(kv "$DATA/scan_matcher.out" scan_cpu_mbps)
S_AC_DPS=$(per "$DOCS" "$(kv "$DATA/scan_ac.out" scan_secs)"); S_M_DPS=$(per "$DOCS" "$(kv "$DATA/scan_matcher.out" scan_secs)")
HAVE_PY=0
if [ "${BENCH_NO_PYTHON:-0}" != 1 ] && [ -s "$DATA/py_flashtext.out" ] && [ -s "$DATA/py_spacy.out" ]; then HAVE_PY=1; fi
TABLE=$(mktemp)
{
    echo "| pipeline | input | MB/s (wall) | MB per CPU-second | documents/s (wall) | peak RSS (MB) | actornet 1 thread is × faster (CPU) |"
    echo "|---|---|---:|---:|---:|---:|---:|"
    echo "| actornet extract --threads 1 (end to end) | $MB MB, $DOCS briefs | $(fmt "$A1") | $(fmt "$A1C") | $(fmt "$D1") | $(cat "$DATA/actornet_1.rss") | 1.00 |"
    echo "| actornet extract --threads 2 (end to end) | $MB MB, $DOCS briefs | $(fmt "$A2") | $(fmt "$A2C") | $(fmt "$D2") | $(cat "$DATA/actornet_2.rss") | – |"
    echo "| bare Aho–Corasick scan of the same aliases, 1 thread (ceiling) | $MB MB | $(fmt "$S_AC") | $(fmt "$S_ACC") | $(fmt "$S_AC_DPS") | $(cat "$DATA/scan_ac.rss") | $(ratio "$A1C" "$S_ACC") |"
    echo "| library Matcher::find per sentence, 1 thread | $MB MB | $(fmt "$S_M") | $(fmt "$S_MC") | $(fmt "$S_M_DPS") | $(cat "$DATA/scan_matcher.rss") | $(ratio "$A1C" "$S_MC") |"
    if [ $HAVE_PY = 1 ]; then
        for e in flashtext spacy; do
            f=$DATA/py_$e.out
            label=$([ $e = flashtext ] && echo "flashtext + networkx (Python)" || echo "spaCy blank('en') + sentencizer + PhraseMatcher(LOWER) + networkx (Python)")
            echo "| $label | first $(awk -v b="$(kv "$f" bytes)" 'BEGIN { printf "%.1f", b / 1e6 }') MB, $(kv "$f" docs) briefs | $(fmt "$(kv "$f" mbps)") | $(fmt "$(kv "$f" cpu_mbps)") | $(fmt "$(kv "$f" docs_per_sec)") | $(cat "$DATA/py_$e.rss") | $(ratio "$A1C" "$(kv "$f" cpu_mbps)") |"
        done
    fi
} > "$TABLE"

check() { if awk -v a="$1" -v b="$2" 'BEGIN { exit !(a >= b) }'; then echo "met"; else echo "**missed**"; fi; }
checkle() { if awk -v a="$1" -v b="$2" 'BEGIN { exit !(a <= b) }'; then echo "met"; else echo "**missed**"; fi; }
pct() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f%%", 100 * a / b }'; }
RSS_MAX=$(sort -n "$DATA/actornet_1.rss" "$DATA/actornet_2.rss" | tail -1)
TARGETS=$(mktemp)
{
    echo "| target | measured | |"
    echo "|---|---|---|"
    echo "| 1 thread end to end ≥ 60% of the bare scan | $(pct "$A1C" "$S_ACC") of the bare Aho–Corasick scan, $(pct "$A1C" "$S_MC") of Matcher::find (CPU-second figures; wall: $(pct "$A1" "$S_AC"), $(pct "$A1" "$S_M")) | $(check "$(per "$A1C" "$S_ACC")" 0.6) |"
    echo "| 2 threads ≥ 1.7× 1 thread | $(ratio "$A2" "$A1")× in wall time (--threads set by $THREADS_HOW; load average $LOAD_BEFORE before, $LOAD_AFTER after) | $(check "$(ratio "$A2" "$A1")" 1.7) |"
    if [ $HAVE_PY = 1 ]; then
        FT=$(kv "$DATA/py_flashtext.out" cpu_mbps); SP=$(kv "$DATA/py_spacy.out" cpu_mbps)
        FTW=$(kv "$DATA/py_flashtext.out" mbps); SPW=$(kv "$DATA/py_spacy.out" mbps)
        echo "| ≥ 10× flashtext + networkx | $(ratio "$A1C" "$FT")× per CPU-second on 1 thread; wall: $(ratio "$A1" "$FTW")× on 1 thread, $(ratio "$A2" "$FTW")× on 2 | $(check "$(ratio "$A1C" "$FT")" 10) |"
        echo "| ≥ 50× spaCy + networkx | $(ratio "$A1C" "$SP")× per CPU-second on 1 thread; wall: $(ratio "$A1" "$SPW")× on 1 thread, $(ratio "$A2" "$SPW")× on 2 | $(check "$(ratio "$A1C" "$SP")" 50) |"
    fi
    echo "| peak RSS ≤ 300 MB | $RSS_MAX MB on $MB MB | $(checkle "$RSS_MAX" 300) |"
    echo "| default gazetteer ready ≤ 100 ms | ${READY:-?} ms wall, ${READY_CPU:-?} ms CPU (medians of 11 runs of GazetteerBuilder::new().build() + Extractor::new) | $( [ -n "${READY:-}" ] && checkle "$READY" 100 || echo "not measured") in wall time, $( [ -n "${READY_CPU:-}" ] && checkle "$READY_CPU" 100 || echo "not measured") in CPU time |"
} > "$TARGETS"

CPU=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)
MEM=$(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)
REPORT=$(mktemp)
{
    echo "Measured $(date -u '+%Y-%m-%d %H:%M UTC') on $(nproc) cores ($CPU), $MEM RAM, $(uname -sr); $(rustc --version)${PY_VERSIONS:+; $PY_VERSIONS}."
    echo "Command: \`$COMMAND\` (corpus: \`gen_corpus --mb $BENCH_MB --seed $SEED\`, $MB MB of brief text in $DOCS briefs; flashtext on the first $FLASHTEXT_MB MB, spaCy on the first $SPACY_MB MB)."
    echo
    cat "$TABLE"
    echo
    cat "$TARGETS"
    echo
    echo "actornet rows: \`actornet extract CORPUS -o DIR -f graphml -q --threads N\`, the whole process (start-up, gazetteer, JSON reading, extraction, graph, GraphML written; CPU = user + system time from GNU time). Scan and Python rows: their matching loop only (start-up, automaton build and, for the scans, JSON decoding excluded; CPU from /proc/thread-self/schedstat resp. time.process_time), which favours them. Load average $LOAD_BEFORE before the run, $LOAD_AFTER after: the machine is shared, so wall figures vary; ratios use CPU figures of the same run."
} > "$REPORT"

say "results"
cat "$REPORT"

if [ "${BENCH_NO_WRITE:-0}" != 1 ]; then
    python3 - "$REPORT" <<'PY'
import sys, pathlib
report = pathlib.Path(sys.argv[1]).read_text().rstrip("\n")
path = pathlib.Path("BENCHMARKS.md")
begin, end = "<!-- bench.sh:begin -->", "<!-- bench.sh:end -->"
text = path.read_text() if path.exists() else f"# Benchmarks\n\n{begin}\n{end}\n"
if begin not in text:
    text = text.rstrip("\n") + f"\n\n{begin}\n{end}\n"
head, rest = text.split(begin, 1)
_, tail = rest.split(end, 1)
path.write_text(f"{head}{begin}\n{report}\n{end}{tail}")
print(f"wrote the table into {path}", file=sys.stderr)
PY
fi
rm -f "$TABLE" "$TARGETS" "$REPORT"
