#!/bin/bash
# What the agent adds to a JVM's start: a hello world run RUNS times without the agent, with it and no cache
# (cache=off: what the first JVM on a machine pays), and with it and a warm cache (every later JVM), in turn;
# prints the sorted wall times and the median CPU time (user + system) of each.
#
# Usage, from the repository root after `mvn -q -DskipTests package` (needs /usr/bin/time):
#   benchmarks/startup.sh [RUNS] [JAVA_HOME] [hello|jdbc]    e.g. benchmarks/startup.sh 10 /usr/lib/jvm/temurin-25-jdk-amd64
# jdbc: instead of a hello world, a program that opens a HikariCP pool over H2 in memory, borrows and returns one
# connection and closes the pool (the jars from benchmarks/target/lib), so Byte Buddy is loaded for the driver.
set -euo pipefail
runs=${1:-10}
java=${2:+$2/bin/}java
program=${3:-hello}
agent=agent/target/leakwatch-agent.jar
[ -f "$agent" ] || { echo "startup: $agent not found; run mvn -q -DskipTests package first" >&2; exit 2; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cp="$dir"
case "$program" in
  hello)
    printf 'public class Hello { public static void main(String[] a) { System.out.println("hi"); } }\n' \
      > "$dir/Hello.java" ;;
  jdbc)
    cp="$dir:$(ls benchmarks/target/lib/*.jar | tr '\n' ':')"
    cat > "$dir/Hello.java" <<'JAVA'
public class Hello {
    public static void main(String[] a) throws Exception {
        com.zaxxer.hikari.HikariConfig c = new com.zaxxer.hikari.HikariConfig();
        c.setJdbcUrl("jdbc:h2:mem:startup");
        c.setMaximumPoolSize(1);
        try (com.zaxxer.hikari.HikariDataSource ds = new com.zaxxer.hikari.HikariDataSource(c);
             java.sql.Connection con = ds.getConnection()) {
            System.out.println(con.isValid(1));
        }
    }
}
JAVA
    ;;
  *) echo "startup: unknown program '$program'; valid: hello, jdbc" >&2; exit 2 ;;
esac
"$java" -version 2>&1 | head -1
"${java%java}javac" --release 17 -cp "$cp" -d "$dir" "$dir/Hello.java"
# one run fills the cache
"$java" "-javaagent:$agent=summary=false,cache=$dir/cache" -cp "$cp" Hello > /dev/null 2>&1
for _ in $(seq "$runs"); do
  /usr/bin/time -f "without %e %U %S" -a -o "$dir/times" "$java" -cp "$cp" Hello > /dev/null 2>&1
  /usr/bin/time -f "uncached %e %U %S" -a -o "$dir/times" "$java" "-javaagent:$agent=summary=false,cache=off" \
    -cp "$cp" Hello > /dev/null 2>&1
  /usr/bin/time -f "cached %e %U %S" -a -o "$dir/times" "$java" "-javaagent:$agent=summary=false,cache=$dir/cache" \
    -cp "$cp" Hello > /dev/null 2>&1
done
for mode in without uncached cached; do
  wall=$(awk -v m="$mode" '$1 == m {print $2}' "$dir/times" | sort -n | tr '\n' ' ')
  cpu=$(awk -v m="$mode" '$1 == m {print $3 + $4}' "$dir/times" | sort -n \
        | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}')
  echo "$mode agent: wall $wall s; CPU median $cpu s"
done
