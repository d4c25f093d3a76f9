#!/bin/bash
# What the agent adds to a JVM's start, the cost a build that forks hundreds of JVMs pays in every one of them.
#
# For each JDK, program and coverage setting it runs, RUNS times in turn: the JVM without leakwatch; with leakwatch
# and no cache ("cold": cache=off, what the first JVM on a machine pays, Byte Buddy instrumenting the JDK); and with
# leakwatch and a warm cache (every later JVM). With JaCoCo, JaCoCo's agent is in all three, first on the command
# line as the jacoco-maven-plugin's argLine puts it, so the baseline is JaCoCo alone. Prints the median CPU time
# (user + system, all threads) and wall time of each, and what leakwatch adds to the median CPU.
#
# Programs:
#   hello  a hello world that opens and closes one file
#   junit  one JUnit Jupiter test class (file I/O with try-with-resources, a thread pool shut down, a 1 s wait as a
#          test awaiting something does) run by the JUnit console launcher in a -Xmx25m JVM, as a Surefire fork
#   jdbc   a HikariCP pool over H2 in memory: one connection borrowed and returned, the pool closed (Byte Buddy
#          instruments the driver and the pool, the application classes a cache of JDK classes cannot cover)
#
# Usage, from the repository root after `mvn -q -DskipTests package` (needs /usr/bin/time):
#   benchmarks/startup.sh [RUNS] [PROGRAMS] [JDK_HOMES]
#   e.g. benchmarks/startup.sh 5 "hello junit jdbc" "/usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/temurin-25-jdk-amd64"
# AGENT=path/to/leakwatch-agent.jar measures another build of the agent.
set -euo pipefail
runs=${1:-5}
programs=${2:-hello junit jdbc}
default_jdks="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
[ -d /usr/lib/jvm/temurin-25-jdk-amd64 ] && default_jdks="$default_jdks /usr/lib/jvm/temurin-25-jdk-amd64"
jdks=${3:-$default_jdks}
agent=$(readlink -f "${AGENT:-agent/target/leakwatch-agent.jar}")
lib=benchmarks/target/lib
tools=benchmarks/target/startup
for f in "$agent" "$tools/jacocoagent.jar" "$tools/junit-platform-console-standalone.jar"; do
  [ -f "$f" ] || { echo "startup: $f not found; run mvn -q -DskipTests package first" >&2; exit 2; }
done
jacoco=$(readlink -f "$tools/jacocoagent.jar")
console=$(readlink -f "$tools/junit-platform-console-standalone.jar")
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
mkdir -p "$dir/src" "$dir/classes"
jdbc_cp="$(ls "$PWD/$lib"/*.jar | tr '\n' ':')"

cat > "$dir/src/Hello.java" <<'JAVA'
public class Hello {
    public static void main(String[] a) throws Exception {
        try (java.io.FileInputStream in = new java.io.FileInputStream("/proc/self/stat")) {
            in.read();
        }
        System.out.println("hi");
    }
}
JAVA
cat > "$dir/src/Pool.java" <<'JAVA'
public class Pool {
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
cat > "$dir/src/StartupTest.java" <<'JAVA'
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;

public class StartupTest {
    @Test
    void writesAndReadsAFile() throws Exception {
        java.nio.file.Path f = java.nio.file.Files.createTempFile("startup", ".txt");
        try (java.io.Writer w = java.nio.file.Files.newBufferedWriter(f)) {
            w.write("data");
        }
        try (java.io.BufferedReader r = java.nio.file.Files.newBufferedReader(f)) {
            assertEquals("data", r.readLine());
        }
        java.nio.file.Files.delete(f);
    }

    @Test
    void usesAThreadPool() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            assertEquals(2, pool.submit(() -> 1 + 1).get());
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void awaitsSomething() throws Exception {
        Thread.sleep(1000);
    }
}
JAVA

# run MODE CACHEDIR JAVA PROGRAM JACOCO: one timed JVM, its times appended to $dir/times
run() {
  local label=$1 lw=$2 java=$3 program=$4 cov=$5 agents=()
  [ "$cov" = yes ] && agents+=("-javaagent:$jacoco=destfile=$dir/jacoco-$$.exec")
  [ -n "$lw" ] && agents+=("-javaagent:$agent=summary=false,$lw")
  local cmd
  case "$program" in
    hello) cmd=("$java" "${agents[@]}" -cp "$dir/classes" Hello) ;;
    jdbc) cmd=("$java" "${agents[@]}" -cp "$dir/classes:$jdbc_cp" Pool) ;;
    junit) cmd=("$java" -Xmx25m "${agents[@]}" -jar "$console" execute --disable-banner --details=none
                --class-path "$dir/classes" --select-class StartupTest) ;;
  esac
  (cd "$dir" && /usr/bin/time -f "$label %e %U %S" -a -o "$dir/times" "${cmd[@]}" > "$dir/out" 2>&1) || {
    echo "startup: a run failed: ${cmd[*]}" >&2; cat "$dir/out" >&2; exit 1; }
}

median() { sort -n | awk '{v[NR] = $1} END {printf "%.2f", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

printf '%-6s %-7s %-7s | %-15s | %-15s | %-15s | %-12s\n' program jdk jacoco "without CPU/wall" "cold CPU/wall" \
  "warm CPU/wall" "added CPU warm/cold"
for jdk in $jdks; do
  java=$jdk/bin/java
  version=$("$java" -version 2>&1 | head -1 | sed 's/.*version "\([^"]*\)".*/\1/')
  "$jdk/bin/javac" --release 17 -d "$dir/classes" -cp "$console:$jdbc_cp" "$dir"/src/*.java
  for program in $programs; do
    for cov in no yes; do
      : > "$dir/times"
      cache="cache=$dir/cache-$program-$cov-$(basename "$jdk")"
      run fill "$cache" "$java" "$program" "$cov"   # fills the cache
      for _ in $(seq "$runs"); do
        run without "" "$java" "$program" "$cov"
        run cold "cache=off" "$java" "$program" "$cov"
        run warm "$cache" "$java" "$program" "$cov"
      done
      row=()
      for mode in without cold warm; do
        cpu=$(awk -v m="$mode" '$1 == m {print $3 + $4}' "$dir/times" | median)
        wall=$(awk -v m="$mode" '$1 == m {print $2}' "$dir/times" | median)
        row+=("$cpu" "$wall")
      done
      added_warm=$(awk -v a="${row[4]}" -v b="${row[0]}" 'BEGIN {printf "%+.2f", a - b}')
      added_cold=$(awk -v a="${row[2]}" -v b="${row[0]}" 'BEGIN {printf "%+.2f", a - b}')
      printf '%-6s %-7s %-7s | %5s s %5s s | %5s s %5s s | %5s s %5s s | %s / %s s\n' "$program" "$version" "$cov" \
        "${row[@]}" "$added_warm" "$added_cold"
    done
  done
done
