#!/bin/bash
# What the agent adds to a JVM's start: a hello world run RUNS times without and with the agent, alternately;
# prints the sorted wall times and the median CPU time (user + system) of each.
#
# Usage, from the repository root after `mvn -q -DskipTests package` (needs /usr/bin/time):
#   benchmarks/startup.sh [RUNS] [JAVA_HOME]      e.g. benchmarks/startup.sh 10 /usr/lib/jvm/temurin-25-jdk-amd64
set -euo pipefail
runs=${1:-10}
java=${2:+$2/bin/}java
agent=agent/target/leakwatch-agent.jar
[ -f "$agent" ] || { echo "startup: $agent not found; run mvn -q -DskipTests package first" >&2; exit 2; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
printf 'public class Hello { public static void main(String[] a) { System.out.println("hi"); } }\n' > "$dir/Hello.java"
"$java" -version 2>&1 | head -1
"${java%java}javac" --release 17 -d "$dir" "$dir/Hello.java"
for _ in $(seq "$runs"); do
  /usr/bin/time -f "without %e %U %S" -a -o "$dir/times" "$java" -cp "$dir" Hello > /dev/null 2>&1
  /usr/bin/time -f "with %e %U %S" -a -o "$dir/times" "$java" "-javaagent:$agent=summary=false" -cp "$dir" Hello \
    > /dev/null 2>&1
done
for mode in without with; do
  wall=$(awk -v m="$mode" '$1 == m {print $2}' "$dir/times" | sort -n | tr '\n' ' ')
  cpu=$(awk -v m="$mode" '$1 == m {print $3 + $4}' "$dir/times" | sort -n \
        | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}')
  echo "$mode agent: wall $wall s; CPU median $cpu s"
done
