#!/usr/bin/env bash
# Builds both CUDA TEST STAND-INS (no GPU involved; allocations are host memory):
#   OUTPUT_DIR/driver/libcuda.so.1                                  -> put on LD_LIBRARY_PATH
#   OUTPUT_DIR/runtime/libJCudaRuntime-<v>-linux-x86_64.so          -> put on -Djava.library.path
#
# usage: cuda-standin/build.sh OUTPUT_DIR [JCUDA_VERSION]   (JCUDA_VERSION default 12.0.0)
set -euo pipefail

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
    echo "usage: $0 OUTPUT_DIR [JCUDA_VERSION]" >&2
    exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$1"
out=$(cd "$1" && pwd)

"$here/driver/build.sh" "$out/driver"
"$here/runtime/build.sh" "$out/runtime" "${2:-${JCUDA_VERSION:-12.0.0}}"

echo "CUDA test stand-ins built:"
echo "  driver  (LD_LIBRARY_PATH=$out/driver):      $out/driver/libcuda.so.1"
echo "  runtime (-Djava.library.path=$out/runtime): $(ls "$out"/runtime/libJCudaRuntime-*.so | tr '\n' ' ')"
