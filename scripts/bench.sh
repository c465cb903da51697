#!/usr/bin/env bash
# Side-by-side throughput benchmark on two corpora: the template briefs of examples/gen_corpus
# and real sentences (the texts of the evaluation sets shuffled into 8-20-sentence documents by
# scripts/real_corpus.py). For each: actornet end to end (1 and 2 threads) and a bare scan of the
# same aliases (the ceiling); on the template corpus also the library matcher alone and the
# Python pipelines analysts use (flashtext + networkx, spaCy PhraseMatcher + networkx); and, on
# the first STAGES_MB of each corpus, where one core's time goes (examples/stages.rs: passes in
# memory that each add one stage of the extraction to the one before). Writes the tables into
# BENCHMARKS.md (between the bench.sh markers), prints them, and prints the rows of README's
# "Speed" table ready to paste.
#
#   scripts/bench.sh                    # small: 20 MB per corpus
#   scripts/bench.sh 50                 # 50 MB per corpus (README's table)
#   scripts/bench.sh large              # 500 MB per corpus (the size the targets are stated for)
#
# Environment: BENCH_MB (corpus size in MB; the first argument wins), BENCH_SEED (42),
# BENCH_EVAL (the evaluation sets the real corpus is drawn from, ../shared/eval), BENCH_FORMAT
# (what actornet writes, csv), STAGES_MB (20, at most the corpus), FLASHTEXT_MB (50), SPACY_MB
# (10): the Python pipelines read only the first MB of the template corpus; BENCH_DATA
# (bench-data), CARGO_TARGET_DIR (target), BENCH_NO_PYTHON=1 to skip the Python pipelines,
# BENCH_NO_WRITE=1 to leave BENCHMARKS.md alone.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SIZE=${1:-${BENCH_MB:-small}}
case $SIZE in
    small) BENCH_MB=20 ;;
    large) BENCH_MB=500 ;;
    *[!0-9.]*|'') echo "bench.sh: size must be small, large or a number of MB (got $SIZE)" >&2; exit 2 ;;
    *) BENCH_MB=$SIZE ;;
esac
SEED=${BENCH_SEED:-42}
EVAL=${BENCH_EVAL:-../shared/eval}
FORMAT=${BENCH_FORMAT:-csv}
FLASHTEXT_MB=${FLASHTEXT_MB:-50}
SPACY_MB=${SPACY_MB:-10}
DATA=${BENCH_DATA:-bench-data}
TARGET=${CARGO_TARGET_DIR:-target}
export CARGO_TARGET_DIR=$TARGET
COMMAND="scripts/bench.sh $SIZE"
mkdir -p "$DATA"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

say() { printf '\n== %s\n' "$*" >&2; }

if [ ! -x /usr/bin/time ]; then
    say "installing GNU time (for peak memory)"
    if [ "$(id -u)" = 0 ]; then apt-get install -y -qq time >/dev/null || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
    else echo "bench.sh needs /usr/bin/time (apt-get install time)" >&2; exit 1; fi
fi

say "building (release)"
cargo build --release --quiet --bin actornet --example gen_corpus --example scan --example stages
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
REAL=$DATA/real-${BENCH_MB}mb-seed$SEED.jsonl
if [ ! -s "$REAL" ]; then
    say "building $REAL from the texts under $EVAL"
    python3 scripts/real_corpus.py "$EVAL" --mb "$BENCH_MB" --seed "$SEED" --out "$REAL"
else
    say "reusing $REAL"
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
run real_scan_ac "$BIN/examples/scan" --mode ac "$REAL"
DOCS=$(kv "$DATA/scan_ac.out" docs)
BYTES=$(kv "$DATA/scan_ac.out" bytes)
MB=$(awk -v b="$BYTES" 'BEGIN { printf "%.1f", b / 1e6 }')
RDOCS=$(kv "$DATA/real_scan_ac.out" docs)
RBYTES=$(kv "$DATA/real_scan_ac.out" bytes)
RMB=$(awk -v b="$RBYTES" 'BEGIN { printf "%.1f", b / 1e6 }')

# --- where one core's time goes: cumulative passes in memory ----------------------------------
STAGES_MB=$(awk -v a="${STAGES_MB:-20}" -v b="$BENCH_MB" 'BEGIN { print (a < b ? a : b) }')
say "stages (one thread, the first $STAGES_MB MB of each corpus in memory, medians of 3 rounds)"
run stages_template "$BIN/examples/stages" --mb "$STAGES_MB" "$CORPUS"
run stages_real "$BIN/examples/stages" --mb "$STAGES_MB" "$REAL"
# stagekv FILE STAGE KEY: a value of one pass's line
stagekv() { awk -v s="stage=$2" -v k="$3" '$1 == s { for (i = 2; i <= NF; i++) { split($i, kv, "="); if (kv[1] == k) print kv[2] } }' "$1"; }

# --- actornet end to end ---------------------------------------------------------------------
if "$BIN/actornet" extract --help | grep -q -- '--threads'; then
    THREADS_HOW="--threads N"
    threads_args() { echo "--threads $1"; }
else
    THREADS_HOW="RAYON_NUM_THREADS=N (the CLI has no --threads flag)"
    threads_args() { :; }
fi
say "actornet extract -f $FORMAT, threads set by $THREADS_HOW"
for n in 1 2; do
    for c in template real; do
        input=$([ $c = template ] && echo "$CORPUS" || echo "$REAL")
        name=$([ $c = template ] && echo "actornet_$n" || echo "real_actornet_$n")
        rm -rf "$DATA/out-$name"
        # shellcheck disable=SC2046
        run "$name" env RAYON_NUM_THREADS=$n "$BIN/actornet" extract "$input" -o "$DATA/out-$name" -f "$FORMAT" -q $(threads_args $n)
        rm -rf "$DATA/out-$name"
    done
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
# real sentences
R1=$(per "$RBYTES" "$(cat "$DATA/real_actornet_1.wall")e6"); R2=$(per "$RBYTES" "$(cat "$DATA/real_actornet_2.wall")e6")
R1C=$(per "$RBYTES" "$(cat "$DATA/real_actornet_1.cpu")e6"); R2C=$(per "$RBYTES" "$(cat "$DATA/real_actornet_2.cpu")e6")
RD1=$(per "$RDOCS" "$(cat "$DATA/real_actornet_1.wall")"); RD2=$(per "$RDOCS" "$(cat "$DATA/real_actornet_2.wall")")
RS_AC=$(kv "$DATA/real_scan_ac.out" scan_mbps); RS_ACC=$(kv "$DATA/real_scan_ac.out" scan_cpu_mbps)
# the bare scan as a whole process (JSON decoding and start-up included, as actornet's rows):
# wall and CPU time from GNU time, as for actornet
SW=$(per "$BYTES" "$(cat "$DATA/scan_ac.wall")e6"); SWC=$(per "$BYTES" "$(cat "$DATA/scan_ac.cpu")e6")
RSW=$(per "$RBYTES" "$(cat "$DATA/real_scan_ac.wall")e6"); RSWC=$(per "$RBYTES" "$(cat "$DATA/real_scan_ac.cpu")e6")
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
    echo "| **real sentences:** actornet extract --threads 1 | $RMB MB, $RDOCS documents | $(fmt "$R1") | $(fmt "$R1C") | $(fmt "$RD1") | $(cat "$DATA/real_actornet_1.rss") | 1.00 |"
    echo "| real sentences: actornet extract --threads 2 | $RMB MB, $RDOCS documents | $(fmt "$R2") | $(fmt "$R2C") | $(fmt "$RD2") | $(cat "$DATA/real_actornet_2.rss") | – |"
    echo "| real sentences: bare Aho–Corasick scan, 1 thread | $RMB MB | $(fmt "$RS_AC") | $(fmt "$RS_ACC") | $(fmt "$(per "$RDOCS" "$(kv "$DATA/real_scan_ac.out" scan_secs)")") | $(cat "$DATA/real_scan_ac.rss") | $(ratio "$R1C" "$RS_ACC") |"
    if [ $HAVE_PY = 1 ]; then
        for e in flashtext spacy; do
            f=$DATA/py_$e.out
            label=$([ $e = flashtext ] && echo "flashtext + networkx (Python)" || echo "spaCy blank('en') + sentencizer + PhraseMatcher(LOWER) + networkx (Python)")
            echo "| $label | first $(awk -v b="$(kv "$f" bytes)" 'BEGIN { printf "%.1f", b / 1e6 }') MB, $(kv "$f" docs) briefs | $(fmt "$(kv "$f" mbps)") | $(fmt "$(kv "$f" cpu_mbps)") | $(fmt "$(kv "$f" docs_per_sec)") | $(cat "$DATA/py_$e.rss") | $(ratio "$A1C" "$(kv "$f" cpu_mbps)") |"
        done
    fi
} > "$TABLE"

STAGES=$(mktemp)
{
    echo "| pass (each adds one stage to the one above) | template briefs: MB per CPU-second | share of the scan | real sentences: MB per CPU-second | share of the scan |"
    echo "|---|---:|---:|---:|---:|"
    for st in scan sentences match extract graph rows; do
        case $st in
            scan) what="bare scan: fold, one automaton of every alias" ;;
            sentences) what="sentences split and folded (the extractor's layer)" ;;
            match) what="+ the library matcher over each sentence" ;;
            extract) what="\`Extractor::extract\` (matching and every rule)" ;;
            graph) what="+ the graph builder" ;;
            rows) what="+ \`mentions.csv\` and \`evidence.csv\` rows rendered" ;;
        esac
        echo "| $what | $(fmt "$(stagekv "$DATA/stages_template.out" $st mbps)") | $(ratio "$(stagekv "$DATA/stages_template.out" $st of_scan)" 1) | $(fmt "$(stagekv "$DATA/stages_real.out" $st mbps)") | $(ratio "$(stagekv "$DATA/stages_real.out" $st of_scan)" 1) |"
    done
} > "$STAGES"

check() { if awk -v a="$1" -v b="$2" 'BEGIN { exit !(a >= b) }'; then echo "met"; else echo "**missed**"; fi; }
checkle() { if awk -v a="$1" -v b="$2" 'BEGIN { exit !(a <= b) }'; then echo "met"; else echo "**missed**"; fi; }
pct() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f%%", 100 * a / b }'; }
RSS_MAX=$(sort -n "$DATA"/actornet_[12].rss "$DATA"/real_actornet_[12].rss | tail -1)
TARGETS=$(mktemp)
{
    echo "| target | measured | |"
    echo "|---|---|---|"
    for c in template real; do
        if [ $c = template ]; then a1c=$A1C; a1=$A1; a2=$A2; swc=$SWC; sw=$SW; what="template briefs"
        else a1c=$R1C; a1=$R1; a2=$R2; swc=$RSWC; sw=$RSW; what="real sentences"; fi
        echo "| $what: 1 thread end to end ≥ 0.5 of the bare scan (both whole processes, JSON decoding included) | $(ratio "$a1c" "$swc") of the scan per CPU-second (wall: $(ratio "$a1" "$sw")) | $(check "$(per "$a1c" "$swc")" 0.5) |"
        echo "| $what: 2 threads ≥ 1.8× 1 thread | $(ratio "$a2" "$a1")× in wall time | $(check "$(ratio "$a2" "$a1")" 1.8) |"
    done
    if [ $HAVE_PY = 1 ]; then
        FT=$(kv "$DATA/py_flashtext.out" cpu_mbps); SP=$(kv "$DATA/py_spacy.out" cpu_mbps)
        FTW=$(kv "$DATA/py_flashtext.out" mbps); SPW=$(kv "$DATA/py_spacy.out" mbps)
        echo "| ≥ 10× flashtext + networkx | $(ratio "$A1C" "$FT")× per CPU-second on 1 thread; wall: $(ratio "$A1" "$FTW")× on 1 thread, $(ratio "$A2" "$FTW")× on 2 | $(check "$(ratio "$A1C" "$FT")" 10) |"
        echo "| ≥ 50× spaCy + networkx | $(ratio "$A1C" "$SP")× per CPU-second on 1 thread; wall: $(ratio "$A1" "$SPW")× on 1 thread, $(ratio "$A2" "$SPW")× on 2 | $(check "$(ratio "$A1C" "$SP")" 50) |"
    fi
    echo "| peak RSS ≤ 300 MB | $RSS_MAX MB on $MB MB (the larger of both corpora, 1 and 2 threads) | $(checkle "$RSS_MAX" 300) |"
    echo "| default gazetteer ready ≤ 20 ms | ${READY:-?} ms wall, ${READY_CPU:-?} ms CPU (medians of 11 runs of \`app::Extractor::new\` with default options: gazetteer, lexicons, automata, worker pool; CPU of all threads) | $( [ -n "${READY:-}" ] && checkle "$READY" 20 || echo "not measured") in wall time, $( [ -n "${READY_CPU:-}" ] && checkle "$READY_CPU" 20 || echo "not measured") in CPU time |"
} > "$TARGETS"

CPU=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)
MEM=$(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)
REPORT=$(mktemp)
{
    echo "Measured $(date -u '+%Y-%m-%d %H:%M UTC') on $(nproc) cores ($CPU), $MEM RAM, $(uname -sr); $(rustc --version)${PY_VERSIONS:+; $PY_VERSIONS}."
    echo "Command: \`$COMMAND\` (template corpus: \`gen_corpus --mb $BENCH_MB --seed $SEED\`, $MB MB of brief text in $DOCS briefs; real corpus: \`scripts/real_corpus.py EVAL --mb $BENCH_MB --seed $SEED\`, $RMB MB in $RDOCS documents of 8–20 sentences of the evaluation texts; flashtext on the first $FLASHTEXT_MB MB, spaCy on the first $SPACY_MB MB of the template corpus)."
    echo
    cat "$TABLE"
    echo
    cat "$TARGETS"
    echo
    echo "Where one core's time goes (\`examples/stages.rs\`, the first $STAGES_MB MB of each corpus kept in memory, then read in passes that each add a stage; CPU time of the thread, medians of three rounds; the sentences pass is read apart, as the layer the matcher stands on):"
    echo
    cat "$STAGES"
    echo
    echo "actornet rows: \`actornet extract CORPUS -o DIR -f $FORMAT -q --threads N\`, the whole process (start-up, gazetteer, JSON reading, extraction, graph, files written; CPU = user + system time from GNU time). The targets compare it with the bare scan as a whole process too (GNU time; JSON decoding, start-up and automaton build included), the way issue 10 states them. Scan and Python rows: their matching loop only (start-up, automaton build and, for the scans, JSON decoding excluded; CPU from /proc/thread-self/schedstat resp. time.process_time), which favours them. Load average $LOAD_BEFORE before the run, $LOAD_AFTER after: the machine is shared, so wall figures vary; ratios use CPU figures of the same run."
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
rm -f "$TABLE" "$TARGETS" "$STAGES" "$REPORT"

# --- README's "Speed" table --------------------------------------------------------------------
README_ROWS=$(mktemp)
{
    echo "| corpus ($BENCH_MB MB) | bare scan, 1 thread (MB/s) | extract, 1 thread (MB/s) | share of the scan | extract, 2 threads (MB/s) | 2 threads / 1 | peak RSS (MB) |"
    echo "|---|---:|---:|---:|---:|---:|---:|"
    echo "| template briefs (\`gen_corpus\`, $MB MB) | $(fmt "$SW") | $(fmt "$A1") | $(ratio "$A1C" "$SWC") | $(fmt "$A2") | $(ratio "$A2" "$A1")× | $(sort -n "$DATA"/actornet_[12].rss | tail -1) |"
    echo "| real sentences (\`real_corpus.py\`, $RMB MB) | $(fmt "$RSW") | $(fmt "$R1") | $(ratio "$R1C" "$RSWC") | $(fmt "$R2") | $(ratio "$R2" "$R1")× | $(sort -n "$DATA"/real_actornet_[12].rss | tail -1) |"
} > "$README_ROWS"
say "README.md \"Speed\" table (paste it; MB/s in wall time, share of the scan per CPU-second)"
cat "$README_ROWS"
rm -f "$README_ROWS"
