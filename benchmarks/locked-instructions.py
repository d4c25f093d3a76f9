#!/usr/bin/env python3
"""The locked instructions (compare-and-set, fences) in each C2 compilation of a printed method, without hsdis.

A locked instruction is the costly part of a lock, an atomic update or a volatile store on x86. Counting them in the
JIT's code shows what the JIT removed: for example the lock HikariCP's close() takes on a connection that never leaves
the benchmark loop (JDK 25 removes it, JDK 17 does not, and a recorded connection keeps it on both).

Usage, from the repository root (here the bare borrow loop, without the agent, on JDK 25):

    JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
    $JAVA -Xms256m -Xmx256m -XX:+UseParallelGC -XX:+UnlockDiagnosticVMOptions -XX:CompileCommand=quiet \\
        '-XX:CompileCommand=print,io.leakwatch.bench.Workload::lambda$hikari$*' \\
        -cp 'benchmarks/target/classes:benchmarks/target/lib/*' io.leakwatch.bench.Workload hikari 3000 > /tmp/asm.txt
    python3 benchmarks/locked-instructions.py /tmp/asm.txt

Add -XX:-DoEscapeAnalysis, or -javaagent:agent/target/leakwatch-agent.jar=summary=false, to compare. Prints, for each
C2 compilation, its header line and the locked instructions objdump finds in its main code. Needs objdump (binutils).
"""
import importlib.util
import os
import re
import subprocess
import sys
import tempfile


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: locked-instructions.py LISTING (see the top of this file)")
    listing = sys.argv[1]
    here = os.path.dirname(os.path.abspath(__file__))
    spec = importlib.util.spec_from_file_location("perf_annotate", os.path.join(here, "perf-annotate.py"))
    annotate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(annotate)
    lines = open(listing, encoding="utf-8", errors="replace").read().split("\n")
    starts = [i + 1 for i, line in enumerate(lines) if line.startswith("Compiled method (c2)")]
    if not starts:
        sys.exit(f"no C2 compilation in {listing}: was the method printed (-XX:CompileCommand=print,...) and hot?")
    with tempfile.NamedTemporaryFile(suffix=".bin") as f:
        for start in starts:
            code, _, _ = annotate.machine_code(listing, start)
            f.seek(0)
            f.truncate()
            f.write(code)
            f.flush()
            disassembly = subprocess.run(["objdump", "-D", "-b", "binary", "-mi386:x86-64", f.name],
                                         capture_output=True, text=True, check=True).stdout
            locked = [line.strip() for line in disassembly.split("\n") if re.search(r"\block\b|\bmfence\b", line)]
            print(f"{' '.join(lines[start - 1].split())}: {len(locked)} locked")
            for line in locked:
                print("    " + line)


if __name__ == "__main__":
    main()
