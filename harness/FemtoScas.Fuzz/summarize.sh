#!/usr/bin/env bash
# Prints the docs/fuzzing.md table from the AFL++ campaigns under out/fuzz/<target>/default and
# replays each target's queue (the inputs AFL++ kept for new coverage) in-process through the
# uninstrumented build, for the slowest input and anything that escapes.
#   harness/FemtoScas.Fuzz/summarize.sh [TARGET...]   (after ./femtoscas fuzz TARGET ... runs; default every target)
set -uo pipefail
cd "$(dirname "$(readlink -f "$0")")/../.."
fuzz=out/fuzz/build/FemtoScas.Fuzz.dll
echo "| target | run time (s) | executions | exec/s | queue (paths) | map coverage | stability | crashes | hangs | slowest queue input (replay) |"
echo "|---|---|---|---|---|---|---|---|---|---|"
targets=("$@")
[ ${#targets[@]} -gt 0 ] || mapfile -t targets < <(dotnet "$fuzz" --list | awk '{print $1}')
for t in "${targets[@]}"; do
  s=out/fuzz/$t/default/fuzzer_stats
  if [ ! -f "$s" ]; then echo "| $t | not run | | | | | | | | |"; continue; fi
  v() { grep -E "^$1 " "$s" | sed 's/.*: //'; }
  slow=$(find "out/fuzz/$t/default/queue" -maxdepth 1 -type f -name 'id:*' -print0 | xargs -0 dotnet "$fuzz" --replay "$t" 2>&1 \
    | awk '/^(ok|FAIL)/ { if ($2 > m) m = $2; if ($1 == "FAIL") f++ } END { printf "%.1f ms%s", m, (f ? ", " f " escaped" : "") }')
  echo "| $t | $(v run_time) | $(v execs_done) | $(v execs_per_sec) | $(v corpus_count) | $(v bitmap_cvg) | $(v stability) | $(v saved_crashes) | $(v saved_hangs) | $slow |"
done
