#!/usr/bin/env bash
# Compile cost of generated client crates.
#
# For each crate directory given (default: generated-client), builds it once so that all its
# dependencies are compiled, then measures non-incremental rebuilds of the crate alone:
# `touch src/lib.rs` + `CARGO_INCREMENTAL=0 cargo build` (and `cargo check`, the front end
# only). With several crates the rebuilds alternate between them, so machine noise hits all
# alike. Prints a Markdown table: lines of Rust, median and minimum rebuild time.
#
#   bench/compile-cost.sh                       # the committed generated-client, 5 rounds
#   ROUNDS=9 bench/compile-cost.sh a-crate b-crate
#   PROFILE=release bench/compile-cost.sh       # cargo build --release
#   CHECK=0 FORMAT=tsv bench/compile-cost.sh x  # no `cargo check` rounds; tab-separated output
#   bench/compile-cost.sh big big:tokens        # the whole crate, and only its `tokens` group
#
# `dir:features` builds the crate with `--no-default-features --features <features>` (a comma-
# separated list, or `none` for no features), so one crate's groups can be timed against the
# whole of it in the same run.
#
# A crate outside this workspace must be a workspace of its own (`[workspace]` in its
# manifest); it builds in `<crate>/target` unless CARGO_TARGET_DIR is set.
set -euo pipefail

ROUNDS="${ROUNDS:-5}"
PROFILE="${PROFILE:-dev}"
CHECK="${CHECK:-1}"
FORMAT="${FORMAT:-markdown}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"

if [ "$#" -eq 0 ]; then
    set -- "$ROOT/generated-client"
fi

profile_flag=()
if [ "$PROFILE" = "release" ]; then
    profile_flag=(--release)
fi

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f\n", b - a }'; }

# median of the numbers on stdin ("-" when there are none)
median() {
    sort -g | awk '{ a[NR] = $1 }
        END { if (NR == 0) print "-"; else if (NR % 2) printf "%.2f\n", a[(NR + 1) / 2]; else printf "%.2f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}

# cargo for crate number $1: quiet, no incremental compilation, the manifest named explicitly,
# its feature selection
cargo_for() {
    local i="$1"
    shift
    local feature_flags=()
    case "${features[$i]}" in
        "") ;;
        none) feature_flags=(--no-default-features) ;;
        *) feature_flags=(--no-default-features --features "${features[$i]}") ;;
    esac
    CARGO_INCREMENTAL=0 cargo "$@" --quiet --manifest-path "${crates[$i]}/Cargo.toml" \
        "${profile_flag[@]}" "${feature_flags[@]}"
}

# Lines of Rust under src/: all lines, and code lines (not blank, not a comment).
count_lines() {
    find "$1/src" -name '*.rs' -print0 | xargs -0 cat | awk '
        { total++ }
        /^[[:space:]]*$/ { next }
        /^[[:space:]]*\/\// { next }
        { code++ }
        END { printf "%d %d\n", total, code }'
}

timed() {
    local out="$1"
    shift
    local start end
    start="$(now)"
    "$@"
    end="$(now)"
    elapsed "$start" "$end" >>"$out"
}

results="$(mktemp -d)"
trap 'rm -rf "$results"' EXIT

declare -a crates=()
declare -a features=()
declare -a compiled=()
for arg in "$@"; do
    dir="${arg%%:*}"
    selected=""
    [ "$dir" = "$arg" ] || selected="${arg#*:}"
    dir="$(cd "$dir" && pwd)"
    i="${#crates[@]}"
    crates+=("$dir")
    features+=("$selected")
    echo "compile-cost: prebuilding $arg and its dependencies ..." >&2
    if cargo_for "$i" build >&2 && { [ "$CHECK" = 0 ] || cargo_for "$i" check >&2; }; then
        compiled+=(yes)
    else
        echo "compile-cost: $dir does not compile" >&2
        compiled+=(no)
    fi
done

for round in $(seq "$ROUNDS"); do
    for i in "${!crates[@]}"; do
        [ "${compiled[$i]}" = yes ] || continue
        dir="${crates[$i]}"
        touch "$dir/src/lib.rs"
        timed "$results/$i.build" cargo_for "$i" build
        if [ "$CHECK" != 0 ]; then
            touch "$dir/src/lib.rs"
            timed "$results/$i.check" cargo_for "$i" check
        fi
    done
    echo "compile-cost: round $round/$ROUNDS done" >&2
done

if [ "$FORMAT" = markdown ]; then
    echo "| crate | .rs files | lines | code lines | compiles | rebuild ($PROFILE, median of $ROUNDS) | rebuild (min) | check (median) |"
    echo "| --- | ---: | ---: | ---: | --- | ---: | ---: | ---: |"
fi
for i in "${!crates[@]}"; do
    dir="${crates[$i]}"
    read -r total code < <(count_lines "$dir")
    files="$(find "$dir/src" -name '*.rs' | wc -l)"
    touch "$results/$i.build" "$results/$i.check"
    build_median="$(median <"$results/$i.build")"
    build_min="$(sort -g "$results/$i.build" | awk 'NR == 1 { printf "%.2f", $1 }')"
    check_median="$(median <"$results/$i.check")"
    name="${dir#"$ROOT/"}"
    [ -z "${features[$i]}" ] || name="$name (features: ${features[$i]})"
    if [ "$FORMAT" = tsv ]; then
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$files" "$total" "$code" \
            "${compiled[$i]}" "$build_median" "${build_min:--}" "$check_median"
    else
        printf '| %s | %s | %s | %s | %s | %s s | %s s | %s s |\n' "$name" "$files" "$total" \
            "$code" "${compiled[$i]}" "$build_median" "${build_min:--}" "$check_median"
    fi
done
