#!/bin/bash
# Two variants of one benchmark workload at the same time, each pinned to its own core, swapping cores every round;
# prints each round and the medians. Both variants see the same machine noise at the same moment, which makes small
# differences (a JVM flag, the agent on or off) readable on a shared VM. Absolute times are higher than in
# BenchmarkRunner's sequential runs (the two JVMs share caches and memory bandwidth): compare within one run only.
#
# Usage, from the repository root after `mvn -q -DskipTests package` (needs taskset and 2 cores):
#   benchmarks/side-by-side.sh ROUNDS WORKLOAD "FLAGS A" "FLAGS B"
#   JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java benchmarks/side-by-side.sh 4 hikari "" "-XX:-DoEscapeAnalysis"
#   benchmarks/side-by-side.sh 6 hikari-held "" "-javaagent:agent/target/leakwatch-agent.jar=summary=false"
# Environment: JAVA (default: java), MS (milliseconds per run, default 4000), GCOPT (default -XX:+UseParallelGC).
set -euo pipefail
if [ $# -ne 4 ]; then
  echo "usage: benchmarks/side-by-side.sh ROUNDS WORKLOAD \"FLAGS A\" \"FLAGS B\" (see the top of this file)" >&2
  exit 2
fi
rounds=$1; workload=$2; flags_a=$3; flags_b=$4
cp='benchmarks/target/classes:benchmarks/target/lib/*'
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
run() { # core flags file
  # shellcheck disable=SC2086 # the flags are words on purpose
  taskset -c "$1" "${JAVA:-java}" -Xms256m -Xmx256m ${GCOPT:--XX:+UseParallelGC} $2 -cp "$cp" \
    io.leakwatch.bench.Workload "$workload" "${MS:-4000}" 2>/dev/null | awk '/^RESULT/ {printf "%.1f", $2}' > "$3" || true
}
median() { tr ' ' '\n' | grep . | sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
all_a=""; all_b=""
for r in $(seq "$rounds"); do
  if [ $((r % 2)) = 1 ]; then core_a=0; core_b=1; else core_a=1; core_b=0; fi
  run $core_a "$flags_a" "$out/a" & run $core_b "$flags_b" "$out/b"; wait
  a=$(cat "$out/a"); b=$(cat "$out/b")
  if [ -z "$a" ] || [ -z "$b" ]; then
    echo "side-by-side: round $r gave no result (A: '$a', B: '$b'); is the workload name right and the build done?" >&2
    exit 1
  fi
  all_a="$all_a $a"; all_b="$all_b $b"
  echo "round $r: A $a ns  B $b ns"
done
ma=$(echo "$all_a" | median); mb=$(echo "$all_b" | median)
echo "median: A $ma ns  B $mb ns  B/A $(awk -v a="$ma" -v b="$mb" 'BEGIN {printf "%.3f", b / a}')"
