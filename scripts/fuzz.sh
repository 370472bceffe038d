#!/usr/bin/env bash
# Runs the cargo-fuzz targets (fuzz/, libFuzzer, nightly Rust) one after the
# other, each for SECONDS_PER_TARGET seconds, from seed corpora built out of
# the repository's shipped files and examples.
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]
#
# Default: 600 seconds (the ten minutes issue 12 asks of every target), all
# targets. Per target it prints the executions and whether the run was clean;
# the exit status is non-zero when any target found a crash, a hang (an
# input slower than FUZZ_TIMEOUT seconds) or an out-of-memory (over
# FUZZ_RSS_MB). What a run found is in fuzz/artifacts/TARGET/ and its log in
# fuzz/logs/TARGET.log; see docs/FUZZING.md for what to do with a finding.
#
# The corpora (fuzz/corpus/TARGET) are kept between runs: libFuzzer adds the
# inputs that reached new code, so a later run starts where the last one
# stopped. The seeds are rebuilt from the repository's files each time.
set -euo pipefail

seconds="${1:-600}"
shift || true
case "$seconds" in
'' | *[!0-9]*)
    echo "usage: scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]" >&2
    exit 2
    ;;
esac
timeout="${FUZZ_TIMEOUT:-10}"
rss_mb="${FUZZ_RSS_MB:-2048}"
# FUZZ_KEEP_GOING=1 runs libFuzzer in fork mode past crashes, hangs and
# out-of-memory inputs, saving each: for a target with a known finding that
# is not fixed yet, to see what else it finds in the time.
keep_going=()
if [ "${FUZZ_KEEP_GOING:-0}" = 1 ]; then
    keep_going=(-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1)
fi

root="$(cd "$(dirname "$0")/.." && pwd)"
fuzz="$root/fuzz"
cd "$fuzz"

if ! cargo +nightly --version >/dev/null 2>&1; then
    echo "scripts/fuzz.sh: needs a nightly toolchain (rustup toolchain install nightly)" >&2
    exit 2
fi
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
    echo "scripts/fuzz.sh: installing cargo-fuzz" >&2
    cargo install cargo-fuzz --locked
fi

all=(scenario calibrate_fragment nfg efg bargain_csv bargain_toml events redline_record
    outcome_record games_toml fit_shard serve_question tournament_shard sensitivity_shard)
if [ "$#" -gt 0 ]; then targets=("$@"); else targets=("${all[@]}"); fi
for t in "${targets[@]}"; do
    if [[ " ${all[*]} " != *" $t "* ]]; then
        echo "scripts/fuzz.sh: no target \`$t\`; the targets are: ${all[*]}" >&2
        exit 2
    fi
done

# Seeds: copies of repository files, named after them so a corpus says where
# each seed came from.
seed() { # TARGET FILE...
    local dir="$fuzz/corpus/$1"
    shift
    mkdir -p "$dir"
    local f
    for f in "$@"; do
        [ -f "$f" ] && cp "$f" "$dir/seed-$(echo "${f#"$root"/}" | tr / _)"
    done
    return 0
}
# The first lines of a file: event rows are independent, and small seeds
# keep libFuzzer's inputs (at most as long as the longest seed) short.
seed_head() { # TARGET LINES FILE...
    local dir="$fuzz/corpus/$1" lines="$2"
    shift 2
    mkdir -p "$dir"
    local f
    for f in "$@"; do
        [ -f "$f" ] && head -n "$lines" "$f" >"$dir/seed-$(echo "${f#"$root"/}" | tr / _)"
    done
    return 0
}

# The scenario files: scenarios/*.toml but the crate's Cargo.toml.
scenario_files() {
    find "$root/scenarios" -maxdepth 1 -name '*.toml' ! -name Cargo.toml | sort
}

build_seeds() { # TARGET
    local r="$root" dir="$fuzz/corpus/$1"
    case "$1" in
    scenario)
        local scenarios
        mapfile -t scenarios < <(scenario_files)
        seed scenario "${scenarios[@]}" "$r"/scenarios/shared/*.toml "$r"/scenarios/templates/*.toml
        # The fuzz input is split at NUL bytes (fuzz/src/lib.rs): the scenario,
        # then --with fragments and `--set ` overrides.
        local flagship="$r/scenarios/iran-2025-02-07.toml"
        { cat "$flagship"; printf '\0--set leader.red_line=absolute\0--set scenario.horizon=2026-01-01'; } \
            >"$dir/seed-flagship-with-sets"
        { cat "$flagship"; printf '\0'; cat "$r/scenarios/shared/parameters.toml"; } \
            >"$dir/seed-flagship-with-shared-as-fragment"
        { cat "$flagship"; printf '\0'; cat "$r/examples/playbooks/compellence.toml"; } \
            >"$dir/seed-flagship-with-playbook"
        { cat "$flagship"; printf '\0'; cat "$r/scenarios/shared/fitted.toml"; } \
            >"$dir/seed-flagship-with-fitted"
        ;;
    fit_shard)
        # Two shards of one small fit, as `redline fit --starts 2 --shard I/2`
        # writes them (NUL between files).
        mkdir -p "$dir"
        local header='"header":{"inputs":["iran-2013-02-07"],"cases":[["iran-2013-02-07","00"]],"keys":["talks.open_base_annual"],"runs":20,"seed":42,"generations":1,"starts":2,"step":0.5}'
        { printf '{"format":"redline fit shard 1",%s,"shard":[0,2],"searches":[{"start":0,"z":[0.1],"objective":3.5,"generations":1,"evaluations":7}]}' "$header"
          printf '\0{"format":"redline fit shard 1",%s,"shard":[1,2],"searches":[{"start":1,"z":[-0.4],"objective":3.25,"generations":1,"evaluations":7}]}' "$header"
        } >"$dir/seed-two-shards"
        ;;
    sensitivity_shard)
        # The two shards of a Morris design of 2 factors and 1 trajectory
        # (3 points), as `redline sensitivity --shard I/2` writes them
        # (NUL between files).
        mkdir -p "$dir"
        local header='"kind":"redline-sensitivity-shard","method":"morris","scenario":"iran-2025-02-07","scenario_file":"scenarios/iran-2025-02-07.toml (embedded)","scenario_sha256":"5c2c1e6e3342bca4f8490554965765a8f4e92795bc0a5d783e2218f24e5f51ad","params":"judgment","seed":42,"samples":1,"runs":4,"factors":["leader.firmness","leader.deniability"],"columns":["talks_secret","war"],"labels":["Secret talks","War"],"outcomes":["war"]'
        { printf '{%s,"shard":[0,2],"evaluations":[{"point":0,"counts":[1,0]},{"point":2,"counts":[3,1]}]}' "$header"
          printf '\0{%s,"shard":[1,2],"evaluations":[{"point":1,"counts":[2,2]}]}' "$header"
        } >"$dir/seed-two-shards"
        ;;
    tournament_shard)
        # The two shards of `redline tournament --strategies "Tit For Tat,Random"
        # --turns 3 --repetitions 2 --seed 5 --seeds 3 --shard I/2` (NUL between files).
        mkdir -p "$dir"
        local header='"header":{"players":["Tit For Tat","Random: 0.5"],"game":"prisoner'"'"'s dilemma","payoffs":[[[3.0,3.0],[0.0,5.0]],[[5.0,0.0],[1.0,1.0]]],"turns":3,"prob_end":null,"max_turns":null,"noise":0.0,"misperception":0.0,"repetitions":2,"seed":5,"seeds":3}'
        { printf '{"format":"redline tournament shard 1",%s,"shard":[0,2],"units":[{"unit":0,"matches":[[3,9.0,9.0,3,3,0]]},{"unit":2,"matches":[[3,6.0,11.0,3,2,0],[3,0.0,15.0,3,0,0]]},{"unit":4,"winner":1}]}' "$header"
          printf '\0{"format":"redline tournament shard 1",%s,"shard":[1,2],"units":[{"unit":1,"matches":[[3,4.0,9.0,2,1,1],[3,2.0,7.0,1,0,2]]},{"unit":3,"winner":1}]}' "$header"
        } >"$dir/seed-two-shards"
        ;;
    serve_question)
        # Questions as the explorer's page asks them.
        mkdir -p "$dir"
        printf 'scenario=iran-2025-02-07&set=leader.red_line%%3Dabsolute&set=snapback.enabled%%3Dfalse&assume=israeli_strike%%402025-05-01&compare=grit%%2Ctit-for-tat&runs=10000&seed=42' \
            >"$dir/seed-page-address"
        printf 'scenario=my-case&params=judgment&run=17&outcome=war&samples=8&sensitivity_runs=400' \
            >"$dir/seed-trace-and-tornado"
        ;;
    calibrate_fragment)
        # First byte even: the rest is a fragment's text; odd: a built
        # fragment (parameter index, 8-byte value, meaning, source).
        mkdir -p "$dir"
        local f scenarios
        mapfile -t scenarios < <(scenario_files)
        for f in "$r"/scenarios/shared/*.toml "${scenarios[@]}"; do
            { printf '\0'; cat "$f"; } >"$dir/seed-$(echo "${f#"$r"/}" | tr / _)"
        done
        # The lines `redline calibrate` writes, as the README's tour uses them.
        printf '\0# Scenario fragment estimated by `redline calibrate`\nleader.deniability = { value = 0.35, source = "examples/redlines/record.csv (firmness)" }  # 90%% interval [0.2, 0.5]\n' \
            >"$dir/seed-calibrate-overlay"
        printf '\001\232\231\231\231\231\231\331?Beta-binomial on 4 resolved red lines\ndata/redlines/us-iran-2025-02-07.csv; "quoted" \\ path\n' \
            >"$dir/seed-built-fragment"
        ;;
    nfg) seed nfg "$r"/examples/games/*.nfg "$r"/crates/redline-equilibria/tests/fixtures/*.nfg ;;
    efg) seed efg "$r"/examples/games/*.efg "$r"/crates/redline-equilibria/tests/fixtures/*.efg ;;
    bargain_csv) seed bargain_csv "$r"/examples/bargaining/*.csv "$r"/scenarios/bargaining/*.csv ;;
    bargain_toml) seed bargain_toml "$r"/scenarios/bargaining/*.toml ;;
    events)
        seed_head events 40 "$r"/examples/events/* "$r"/crates/redline-data/tests/fixtures/*
        # The project CSV, from the example GDELT 1.0 rows (date, actors,
        # CAMEO code and Goldstein score are its columns 2, 8, 18, 27, 31).
        {
            echo "date,source,target,cameo_code,goldstein,note,source_url"
            head -n 40 "$r/examples/events/usa-irn-2024.tsv" | awk -F'\t' \
                '{ printf "%s-%s-%s,%s,%s,%s,%s,,%s\n", substr($2,1,4), substr($2,5,2), substr($2,7,2), $8, $18, $27, $31, $58 }'
        } >"$dir/seed-project-csv"
        # The same files with the format forced (a first byte of 1 to 4, as
        # --input-format gdelt1, gdelt2, icews or csv).
        local n f
        for n in 1 2 3 4; do
            case $n in
            1) f="$r/examples/events/usa-irn-2024.tsv" ;;
            2) f="$r/crates/redline-data/tests/fixtures/gdelt2-raw.tsv" ;;
            3) f="$r/crates/redline-data/tests/fixtures/icews.tab" ;;
            4) f="$dir/seed-project-csv" ;;
            esac
            { printf "\\$n"; head -n 40 "$f"; } >"$dir/seed-forced-$n"
        done
        ;;
    redline_record) seed redline_record "$r"/examples/redlines/*.csv "$r"/data/redlines/*.csv ;;
    outcome_record) seed outcome_record "$r"/data/outcomes/*.csv ;;
    games_toml)
        # The game file documented on Game::from_toml, without its `/// `.
        mkdir -p "$dir"
        sed -n '/^ *\/\/\/ ```toml/,/^ *\/\/\/ ```$/p' "$r/crates/redline-games/src/game.rs" |
            sed -e '1d' -e '$d' -e 's/^ *\/\/\/ \{0,1\}//' >"$dir/seed-game-rs-doc.toml"
        printf 'name = "ladder"\nactions = ["0", "1", "2"]\npayoffs = [[[3, 3], [1, 4], [0, 5]], [[4, 1], [2, 2], [0.5, 3]], [[5, 0], [3, 0.5], [1, 1]]]\n' \
            >"$dir/seed-ladder.toml"
        ;;
    esac
}

echo "building the fuzz targets (cargo +nightly fuzz build)" >&2
cargo +nightly fuzz build

mkdir -p "$fuzz/logs"
found=0
printf '\n%-20s %6s %8s %14s %8s  %s\n' target seeds seconds executions corpus result
for t in "${targets[@]}"; do
    build_seeds "$t"
    seeds=$(find "$fuzz/corpus/$t" -type f -name 'seed-*' | wc -l)
    log="$fuzz/logs/$t.log"
    start=$(date +%s)
    status=0
    # -timeout: an input slower than this is a hang, reported like a crash.
    # -rss_limit_mb: a run that grows past this is an out-of-memory finding.
    cargo +nightly fuzz run "$t" "$fuzz/corpus/$t" -- \
        -max_total_time="$seconds" -timeout="$timeout" -rss_limit_mb="$rss_mb" \
        -print_final_stats=1 "${keep_going[@]}" >"$log" 2>&1 || status=$?
    wall=$(($(date +%s) - start))
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    # Fork mode prints no final stats: its last status line (`#N ...`) counts.
    [ -n "$execs" ] || execs=$(sed -n 's/^#\([0-9][0-9]*\).*/\1/p' "$log" | tail -n 1)
    # ... and its `oom/timeout/crash: A/B/C` the findings it went past.
    crashes=$(sed -n 's|.*oom/timeout/crash: \([0-9]*\)/\([0-9]*\)/\([0-9]*\).*|\1 + \2 + \3|p' "$log" | tail -n 1)
    crashes=$((${crashes:-0}))
    corpus=$(find "$fuzz/corpus/$t" -type f | wc -l)
    if [ "$status" -eq 0 ] && [ "$crashes" -eq 0 ]; then
        result=clean
    elif [ "$status" -eq 0 ]; then
        found=1
        result="FOUND $crashes (oom + timeout + crash, fork mode) in $fuzz/artifacts/$t/"
    else
        found=1
        artifact=$(sed -n 's/.*Test unit written to \(.*\)/\1/p' "$log" | tail -n 1)
        result="FOUND (exit $status) ${artifact:-see $log}"
    fi
    printf '%-20s %6s %8s %14s %8s  %s\n' "$t" "$seeds" "$wall" "${execs:-?}" "$corpus" "$result"
done
exit "$found"
