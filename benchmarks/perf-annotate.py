#!/usr/bin/env python3
"""Where the time goes inside one JIT-compiled method, instruction by instruction, without hsdis.

HotSpot prints a compiled method's machine code as hex when no disassembler plugin is installed; objdump turns that
into instructions, and the samples of `perf record` (its instruction pointers) are counted against them. Samples land
on the instruction after a slow one (after a `lock cmpxchg`, a fence, a cache miss).

Usage, from the repository root (any JDK; here a borrow loop under the agent):

    perf record -F 10000 -o /tmp/p.data java -XX:+UnlockDiagnosticVMOptions -XX:CompileCommand=quiet \\
        -XX:CompileCommand=print,io.leakwatch.bootstrap.Hooks::connectionClosed \\
        -javaagent:agent/target/leakwatch-agent.jar=summary=false ... > /tmp/asm.txt
    grep -n "Compiled method (c2)" /tmp/asm.txt          # pick the last compilation of the method
    python3 benchmarks/perf-annotate.py /tmp/asm.txt LINE /tmp/p.data | sort -n -r | head -30

Prints one line per instruction: the samples at it, then objdump's line. Needs perf and objdump (binutils).
"""
import collections
import re
import subprocess
import sys


def machine_code(listing, first_line):
    """The bytes and start address of the main code of the compilation printed at `first_line` (1-based)."""
    lines = open(listing, encoding="utf-8", errors="replace").read().split("\n")[first_line - 1:]
    code = bytearray()
    base = end = None
    in_main = False
    for line in lines[1:]:
        if line.startswith("Compiled method") or line.startswith("-----------"):
            break
        m = re.search(r"main code\s+\[0x([0-9a-f]+),0x([0-9a-f]+)\]", line)
        if m:
            in_main = True
        m = re.match(r"\s+0x([0-9a-f]+): ((?:[0-9a-f]{2,8}\s*\|?\s*)+)$", line)
        if m and in_main:
            address = int(m.group(1), 16)
            if base is None:
                base = end = address
            if address != end:
                continue  # an annotation repeating the address of bytes already read
            chunk = bytes.fromhex("".join(m.group(2).replace("|", "").split()))
            code += chunk
            end = address + len(chunk)
    if base is None:
        sys.exit(f"no machine code after line {first_line} of {listing}: is it a 'Compiled method' line?")
    return bytes(code), base, end


def main():
    if len(sys.argv) != 4:
        sys.exit("usage: perf-annotate.py LISTING LINE PERF_DATA (see the top of this file)")
    listing, first_line, perf_data = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    code, base, end = machine_code(listing, first_line)
    with open("/tmp/perf-annotate.bin", "wb") as f:
        f.write(code)
    disassembly = subprocess.run(["objdump", "-D", "-b", "binary", "-mi386:x86-64", f"--adjust-vma={hex(base)}",
                                  "/tmp/perf-annotate.bin"], capture_output=True, text=True, check=True).stdout
    ips = subprocess.run(["perf", "script", "-i", perf_data, "-F", "ip"], capture_output=True, text=True,
                         check=True).stdout.split()
    samples = collections.Counter(int(ip, 16) for ip in ips)
    print(f"# {hex(base)}-{hex(end)}: {sum(samples[a] for a in range(base, end))} samples")
    for line in disassembly.split("\n"):
        m = re.match(r"\s*([0-9a-f]+):", line)
        if m:
            print(f"{samples.get(int(m.group(1), 16), 0):7d} {line}")


if __name__ == "__main__":
    main()
