#!/usr/bin/env bash
# Side-by-side comparison of openapi-client-gen with progenitor and openapi-generator.
#
# Installs `cargo-progenitor` (crates.io) and `openapi-generator-cli` (PyPI; it bundles the
# jar and needs Java 17) into a scratch directory, then runs the three generators on the same
# specs in alternation (the order rotates every round) and prints one table: generation time
# (median wall clock, and CPU time), peak memory (max RSS, including the JVM), generated lines
# of Rust, compile time of the output (non-incremental rebuild of the crate alone, dependencies prebuilt, see
# bench/compile-cost.sh) and whether it compiled.
#
# Not part of CI: it downloads and builds heavy tools, and takes 30 minutes or more.
#
#   bench/compare.sh
#   ROUNDS=5 ROUNDS_SYNTHETIC=3 COMPILE_ROUNDS=1 SCRATCH=/tmp/compare bench/compare.sh
#
# Specs: spec/containerregistries.yaml and the synthetic document of tests/src/synth.rs with
# SYNTH_RESOURCES resources (default 280: 1,680 operations, 3,362 schemas, 2.0 MB of YAML;
# SYNTH_RESOURCES=84 gives 504 operations, whose crates build in minutes). Our synthetic crate is
# also built with one group alone (SYNTH_GROUP, default `cluster0`).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SCRATCH="${SCRATCH:-$ROOT/target/bench-compare}"
# Generation rounds: short runs are noisier, so the small spec gets more of them.
ROUNDS="${ROUNDS:-15}"
ROUNDS_SYNTHETIC="${ROUNDS_SYNTHETIC:-5}"
COMPILE_ROUNDS="${COMPILE_ROUNDS:-3}"
# Builds of the synthetic crates take 10 to 20 minutes each (they have 200,000+ lines); 0
# skips them.
COMPILE_ROUNDS_SYNTHETIC="${COMPILE_ROUNDS_SYNTHETIC:-1}"
SYNTH_RESOURCES="${SYNTH_RESOURCES:-280}"
# The group built alone (with --no-default-features) next to the whole synthetic crate: the
# first resource's, which reaches the fewest models.
SYNTH_GROUP="${SYNTH_GROUP:-cluster0}"
PROGENITOR_VERSION="${PROGENITOR_VERSION:-0.15.1}"
OAG_VERSION="${OAG_VERSION:-7.26.0}"
TOOLS=(openapi-client-gen progenitor openapi-generator)
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"

mkdir -p "$SCRATCH"/{bin,specs,out,logs}
SCRATCH="$(cd "$SCRATCH" && pwd)"
cd "$ROOT"
log() { echo "compare: $*" >&2; }

# --- tools -----------------------------------------------------------------------------------
if [ ! -x "$SCRATCH/tools/bin/cargo-progenitor" ]; then
    log "installing cargo-progenitor $PROGENITOR_VERSION (a few minutes) ..."
    cargo install --quiet --root "$SCRATCH/tools" --locked "cargo-progenitor@$PROGENITOR_VERSION"
fi
if [ ! -x "$SCRATCH/venv/bin/openapi-generator-cli" ]; then
    log "installing openapi-generator-cli $OAG_VERSION ..."
    python3 -m venv "$SCRATCH/venv"
    "$SCRATCH/venv/bin/pip" install --quiet "openapi-generator-cli==$OAG_VERSION"
fi
command -v java >/dev/null || log "warning: no java on PATH; openapi-generator will fail"
log "building openapi-client-gen (release) ..."
cargo build --quiet --release -p openapi-client-gen
# A copy, so that later rebuilds of the workspace cannot change the binary under test.
cp "${CARGO_TARGET_DIR:-$ROOT/target}/release/openapi-client-gen" "$SCRATCH/bin/"

# --- specs -----------------------------------------------------------------------------------
cp spec/containerregistries.yaml "$SCRATCH/specs/containerregistries.yaml"
log "writing the synthetic spec ($SYNTH_RESOURCES resources) ..."
cargo run --quiet -p integration-tests --example synth-spec -- "$SYNTH_RESOURCES" \
    "$SCRATCH/specs/synthetic.yaml"
SPECS=(containerregistries synthetic)
for spec in "${SPECS[@]}"; do
    log "$spec.yaml: $(wc -c <"$SCRATCH/specs/$spec.yaml") bytes"
done

# --- generation ------------------------------------------------------------------------------
# tool_command TOOL SPEC OUT: sets CMD to the command generating SPEC's client into OUT.
tool_command() {
    local tool="$1" spec="$SCRATCH/specs/$2.yaml" out="$3"
    case "$tool" in
    openapi-client-gen)
        CMD=("$SCRATCH/bin/openapi-client-gen" generate --spec "$spec" --out "$out"
            --crate-name "$2-ocg" --runtime-path "$ROOT/generator/runtime")
        ;;
    progenitor)
        CMD=("$SCRATCH/tools/bin/cargo-progenitor" progenitor -i "$spec" -o "$out"
            -n "$2-progenitor" -v 1.0.0)
        ;;
    openapi-generator)
        CMD=("$SCRATCH/venv/bin/openapi-generator-cli" generate -g rust -i "$spec" -o "$out"
            --package-name "$2_oag")
        ;;
    esac
}

# measure LOG CMD...: runs CMD, appends "seconds max_rss_kb exit_status cpu_seconds" to LOG.
# The peak memory is the largest RSS of the process tree and the CPU time is that of the whole
# tree, user and system (getrusage of the waited children).
# The interpreter itself, not a version manager's shim (whose helper processes would count).
PYTHON="$(python3 -c 'import sys; print(sys.executable)')"
measure() {
    "$PYTHON" - "$@" <<'PY'
import resource, subprocess, sys, time
log, cmd = sys.argv[1], sys.argv[2:]
cpu = lambda u: u.ru_utime + u.ru_stime
before = resource.getrusage(resource.RUSAGE_CHILDREN)
with open(log + ".out", "ab") as out:
    start = time.perf_counter()
    status = subprocess.run(cmd, stdout=out, stderr=subprocess.STDOUT).returncode
    seconds = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
with open(log, "a") as f:
    f.write(f"{seconds:.4f} {usage.ru_maxrss} {status} {cpu(usage) - cpu(before):.4f}\n")
PY
}

rm -f "$SCRATCH"/logs/*
for spec in "${SPECS[@]}"; do
    rounds="$ROUNDS"
    [ "$spec" != synthetic ] || rounds="$ROUNDS_SYNTHETIC"
    for round in $(seq "$rounds"); do
        for k in "${!TOOLS[@]}"; do
            tool="${TOOLS[$(((k + round) % ${#TOOLS[@]}))]}"
            out="$SCRATCH/out/$spec/$tool"
            rm -rf "$out"
            mkdir -p "$(dirname "$out")"
            tool_command "$tool" "$spec" "$out"
            measure "$SCRATCH/logs/$spec.$tool" "${CMD[@]}"
        done
        log "$spec: generation round $round/$rounds done"
    done
done

# --- compile ---------------------------------------------------------------------------------
declare -A compile_time compiled
for spec in "${SPECS[@]}"; do
    dirs=()
    for tool in "${TOOLS[@]}"; do
        out="$SCRATCH/out/$spec/$tool"
        if [ -f "$out/Cargo.toml" ]; then
            # A workspace of its own, so that cargo does not look for ours above it.
            grep -q '^\[workspace\]' "$out/Cargo.toml" || printf '\n[workspace]\n' >>"$out/Cargo.toml"
            dirs+=("$out")
        else
            compiled[$spec.$tool]="no output"
        fi
    done
    # Our synthetic crate also with one small group alone (the first resource's feature).
    if [ "$spec" = synthetic ] && [ -f "$SCRATCH/out/$spec/openapi-client-gen/Cargo.toml" ]; then
        dirs+=("$SCRATCH/out/$spec/openapi-client-gen:$SYNTH_GROUP")
    fi
    rounds="$COMPILE_ROUNDS"
    [ "$spec" != synthetic ] || rounds="$COMPILE_ROUNDS_SYNTHETIC"
    if [ "$rounds" = 0 ]; then
        for tool in "${TOOLS[@]}"; do compiled[$spec.$tool]="${compiled[$spec.$tool]:-not built}"; done
        continue
    fi
    log "$spec: compiling ${#dirs[@]} generated crates ($rounds rounds) ..."
    while IFS=$'\t' read -r name _files _total _code ok median _min _check; do
        tool="$(basename "${name%% (features:*}")"
        [ "$name" = "${name%% (features:*}" ] || tool="$tool-group"
        compiled[$spec.$tool]="$ok"
        compile_time[$spec.$tool]="$median"
    done < <(CARGO_TARGET_DIR="$SCRATCH/target" ROUNDS="$rounds" CHECK=0 FORMAT=tsv \
        bash "$ROOT/bench/compile-cost.sh" "${dirs[@]}")
done

# --- table -----------------------------------------------------------------------------------
median_col() { # FILE COLUMN: median of a column over successful runs
    awk -v c="$2" '$3 == 0 { print $c }' "$1" | sort -g |
        awk '{ a[NR] = $1 } END { if (NR == 0) print "-"; else if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}
rust_lines() { find "$1" -name '*.rs' -not -path "$1/target/*" -print0 | xargs -0 -r cat | wc -l; }

declare -A gen_time gen_cpu
{
    echo "| spec | generator | generation (median) | CPU time (median) | peak memory | generated Rust lines | rebuild (dev, median) | compiles |"
    echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |"
    for spec in "${SPECS[@]}"; do
        for tool in "${TOOLS[@]}"; do
            log_file="$SCRATCH/logs/$spec.$tool"
            failures="$(awk '$3 != 0' "$log_file" | wc -l)"
            seconds="$(median_col "$log_file" 1)"
            gen_time[$spec.$tool]="$seconds"
            if [ "$seconds" = - ]; then
                reason="$(grep -m1 -iE 'error|unsupported' "$log_file.out" | cut -c1-80 || true)"
                printf '| %s | %s | failed: %s | | | | | no |\n' "$spec" "$tool" "${reason:-see $log_file.out}"
                continue
            fi
            rss="$(median_col "$log_file" 2)"
            cpu="$(median_col "$log_file" 4)"
            gen_cpu[$spec.$tool]="$cpu"
            lines="$(rust_lines "$SCRATCH/out/$spec/$tool")"
            ct="${compile_time[$spec.$tool]:--}"
            [ "$ct" = - ] || ct="$ct s"
            note=""
            [ "$failures" = 0 ] || note=" ($failures runs failed)"
            printf '| %s | %s | %.3f s%s | %.3f s | %.0f MB | %s | %s | %s |\n' "$spec" "$tool" \
                "$seconds" "$note" "$cpu" "$(awk -v k="$rss" 'BEGIN { print k / 1024 }')" "$lines" "$ct" "${compiled[$spec.$tool]:-no}"
        done
    done
    echo
    ratio() { # A B: A / B, or "-"
        if [[ "$1" =~ ^[0-9.]+$ && "$2" =~ ^[0-9.]+$ ]]; then
            awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f (1/%.1f)", a / b, b / a }'
        else
            echo "-"
        fi
    }
    echo "Ratios (openapi-client-gen / other, lower is better):"
    echo "- generation, containerregistries, vs progenitor: $(ratio "${gen_time[containerregistries.openapi-client-gen]:--}" "${gen_time[containerregistries.progenitor]:--}") (target <= 0.2)"
    echo "- generation, synthetic, vs openapi-generator: $(ratio "${gen_time[synthetic.openapi-client-gen]:--}" "${gen_time[synthetic.openapi-generator]:--}") (target <= 0.1)"
    echo "- generation CPU time, containerregistries, vs progenitor: $(ratio "${gen_cpu[containerregistries.openapi-client-gen]:--}" "${gen_cpu[containerregistries.progenitor]:--}")"
    echo "- generation CPU time, synthetic, vs openapi-generator: $(ratio "${gen_cpu[synthetic.openapi-client-gen]:--}" "${gen_cpu[synthetic.openapi-generator]:--}")"
    echo "- generation, containerregistries, vs openapi-generator: $(ratio "${gen_time[containerregistries.openapi-client-gen]:--}" "${gen_time[containerregistries.openapi-generator]:--}")"
    echo "- compile, containerregistries, vs progenitor: $(ratio "${compile_time[containerregistries.openapi-client-gen]:--}" "${compile_time[containerregistries.progenitor]:--}") (target <= 1)"
    echo "- compile, synthetic, vs openapi-generator: $(ratio "${compile_time[synthetic.openapi-client-gen]:--}" "${compile_time[synthetic.openapi-generator]:--}") (target <= 0.6)"
    echo "- compile, synthetic, the \`$SYNTH_GROUP\` group alone vs the whole crate: ${compile_time[synthetic.openapi-client-gen-group]:--} s vs ${compile_time[synthetic.openapi-client-gen]:--} s, $(ratio "${compile_time[synthetic.openapi-client-gen-group]:--}" "${compile_time[synthetic.openapi-client-gen]:--}") (target <= 0.15)"
    echo
    echo "Generation: median of $ROUNDS (containerregistries) and $ROUNDS_SYNTHETIC (synthetic) runs per tool, in rotating order. Rebuild: median of" \
        "$COMPILE_ROUNDS (containerregistries) and $COMPILE_ROUNDS_SYNTHETIC (synthetic) non-incremental rebuilds of the crate alone."
    echo "Measured $(date -u '+%Y-%m-%d %H:%M UTC') on $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/Mem:/ { print $2 }') GiB;" \
        "load average before the run: $LOAD_BEFORE."
} | tee "$SCRATCH/results.md"
