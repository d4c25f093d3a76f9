#!/usr/bin/env bash
# Smoke test of the CUDA TEST STAND-INS (no GPU involved; allocations are host
# memory) with the real JCuda Java classes and JNI libraries from Maven Central.
#
# usage: cuda-standin/smoke/run.sh [WORK_DIR]     (default /tmp/leakwatch-cuda-standin-smoke)
#
# Environment: JCUDA_VERSION (default 12.0.0), JAVA17 / JAVA25 (JDK homes; a
# missing JDK is skipped), LEAKWATCH_CUDA_STANDIN_TRACE=1 to trace the stand-ins.
#
# Steps: download org.jcuda:jcuda and org.jcuda:jcuda-natives:linux-x86_64 with
# `mvn dependency:copy`, build both stand-ins (../build.sh), compile Smoke.java,
# then run every case below on each JDK with a fresh java.io.tmpdir (JCuda
# extracts its JNI libraries there) and check the output. Exit code 0 = all
# cases behaved as expected. Logs: WORK_DIR/run/<jdk>-<case>.log
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
work=${1:-/tmp/leakwatch-cuda-standin-smoke}
version=${JCUDA_VERSION:-12.0.0}
java17=${JAVA17:-/usr/lib/jvm/java-17-openjdk-amd64}
java25=${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64}

# The cases below set what they need; nothing may leak in from the caller.
unset LEAKWATCH_CUDA_STANDIN_CAPACITY LEAKWATCH_CUDA_STANDIN_HOST_CAPACITY \
      LEAKWATCH_CUDA_STANDIN_DEVICE_COUNT LEAKWATCH_CUDA_STANDIN_FORCE_ERROR LD_LIBRARY_PATH

mkdir -p "$work/deps" "$work/classes" "$work/run"
work=$(cd "$work" && pwd)
deps=$work/deps
api_jar=$deps/jcuda-$version.jar
natives_jar=$deps/jcuda-natives-$version-linux-x86_64.jar
if [ ! -f "$api_jar" ]; then
    mvn -B -q dependency:copy -Dartifact="org.jcuda:jcuda:$version" -DoutputDirectory="$deps"
fi
if [ ! -f "$natives_jar" ]; then
    mvn -B -q dependency:copy -Dartifact="org.jcuda:jcuda-natives:$version:jar:linux-x86_64" -DoutputDirectory="$deps"
fi

standin=$work/standin
"$root/build.sh" "$standin" "$version"

javac --release 17 -cp "$api_jar" -d "$work/classes" "$here/Smoke.java"
cp="$work/classes:$api_jar:$natives_jar"

failed=0
total=0

# run_case JDK_NAME JAVA_HOME CASE MODE EXPECT_EXIT "ENV..." "JAVA_OPTS..." EXPECTED_REGEX... [-- FORBIDDEN_REGEX...]
run_case()
{
    local jdk_name=$1 jdk_home=$2 name=$3 mode=$4 expect_exit=$5 envs=$6 opts=$7
    shift 7
    local id="$jdk_name-$name"
    local log="$work/run/$id.log"
    local tmp="$work/run/$id.tmp"
    rm -rf "$tmp"
    mkdir -p "$tmp"
    local rc=0
    # shellcheck disable=SC2086
    env $envs "$jdk_home/bin/java" $opts -Djava.io.tmpdir="$tmp" -cp "$cp" Smoke "$mode" > "$log" 2>&1 || rc=$?
    local ok=1 reasons=""
    if [ "$rc" != "$expect_exit" ]; then
        ok=0
        reasons="$reasons exit=$rc(expected $expect_exit)"
    fi
    local forbidden=0
    for pattern in "$@"; do
        if [ "$pattern" = "--" ]; then
            forbidden=1
            continue
        fi
        if [ $forbidden = 0 ] && ! grep -qE -- "$pattern" "$log"; then
            ok=0
            reasons="$reasons missing:/$pattern/"
        elif [ $forbidden = 1 ] && grep -qE -- "$pattern" "$log"; then
            ok=0
            reasons="$reasons unexpected:/$pattern/"
        fi
    done
    total=$((total + 1))
    echo
    echo "=== $id: java $opts Smoke $mode   (env: ${envs:-none})"
    sed 's/^/    /' "$log"
    if [ $ok = 1 ]; then
        echo "=== CASE PASSED: $id"
    else
        failed=$((failed + 1))
        echo "=== CASE FAILED: $id:$reasons"
    fi
}

run_matrix()
{
    local jdk_name=$1 jdk_home=$2 extra_opts=${3:-}
    local d="$standin/driver" r="$standin/runtime"

    run_case "$jdk_name" "$jdk_home" driver-standin driver 0 "LD_LIBRARY_PATH=$d" "$extra_opts" \
        'ALL [0-9]+ CHECKS PASSED' "mapped native library: $d/libcuda.so.1"
    run_case "$jdk_name" "$jdk_home" driver-standin-preload driver 0 "" "$extra_opts -Dsmoke.preload=$d/libcuda.so.1" \
        'ALL [0-9]+ CHECKS PASSED' "mapped native library: $d/libcuda.so.1"
    run_case "$jdk_name" "$jdk_home" runtime-standin runtime 0 "" "$extra_opts -Djava.library.path=$r" \
        'ALL [0-9]+ CHECKS PASSED' "mapped native library: $r/libJCudaRuntime-$version-linux-x86_64.so"
    run_case "$jdk_name" "$jdk_home" driver-none probe-driver 0 "" "$extra_opts" \
        'attempt 1: JCudaDriver.setExceptionsEnabled threw java.lang.UnsatisfiedLinkError: Error while loading native library "JCudaDriver-' \
        'libcuda.so.1: cannot open shared object file: No such file or directory' \
        'attempt 2: JCudaDriver.setExceptionsEnabled threw java.lang.NoClassDefFoundError: Could not initialize class jcuda.driver.JCudaDriver'
    run_case "$jdk_name" "$jdk_home" runtime-none probe-runtime 0 "" "$extra_opts" \
        'cudaGetDeviceCount -> 35 cudaErrorInsufficientDriver count=0' \
        'cudaMalloc\(64 MiB\) -> 35 cudaErrorInsufficientDriver Pointer\[nativePointer=0x0,byteOffset=0\]' \
        'cudaFree -> 35 cudaErrorInsufficientDriver' \
        'threw jcuda.CudaException: cudaErrorInsufficientDriver'
    run_case "$jdk_name" "$jdk_home" driver-standin-forced-error probe-driver 0 \
        "LD_LIBRARY_PATH=$d LEAKWATCH_CUDA_STANDIN_FORCE_ERROR=100" "$extra_opts" \
        'cuInit\(0\) -> 100 CUDA_ERROR_NO_DEVICE' 'cuMemAlloc\(64 MiB\) -> 3 CUDA_ERROR_NOT_INITIALIZED' \
        'threw jcuda.CudaException: CUDA_ERROR_NO_DEVICE'
    run_case "$jdk_name" "$jdk_home" runtime-standin-forced-error probe-runtime 0 \
        "LEAKWATCH_CUDA_STANDIN_FORCE_ERROR=35" "$extra_opts -Djava.library.path=$r" \
        'cudaMalloc\(64 MiB\) -> 35 cudaErrorInsufficientDriver' 'threw jcuda.CudaException: cudaErrorInsufficientDriver'
    run_case "$jdk_name" "$jdk_home" real-runtime-with-driver-standin probe-runtime 0 "LD_LIBRARY_PATH=$d" "$extra_opts" \
        'cudaMalloc\(64 MiB\) -> 36 cudaErrorCallRequiresNewerDriver'
}

for spec in "jdk17:$java17" "jdk25:$java25"; do
    jdk_name=${spec%%:*}
    jdk_home=${spec#*:}
    if [ ! -x "$jdk_home/bin/java" ]; then
        echo "=== skipping $jdk_name: no $jdk_home/bin/java"
        continue
    fi
    run_matrix "$jdk_name" "$jdk_home"
    if [ "$jdk_name" = jdk25 ]; then
        # JDK 24+ warns about System.loadLibrary/System.load (JEP 472) unless native access is enabled.
        run_case "$jdk_name" "$jdk_home" driver-standin-native-access driver 0 "LD_LIBRARY_PATH=$standin/driver" \
            "--enable-native-access=ALL-UNNAMED" 'ALL [0-9]+ CHECKS PASSED' -- 'WARNING: A restricted method'
        run_case "$jdk_name" "$jdk_home" runtime-standin-native-access runtime 0 "" \
            "--enable-native-access=ALL-UNNAMED -Djava.library.path=$standin/runtime" \
            'ALL [0-9]+ CHECKS PASSED' -- 'WARNING: A restricted method'
    fi
done

echo
if [ $failed = 0 ]; then
    echo "SMOKE RESULT: all $total cases behaved as expected (JCuda $version; logs in $work/run)"
else
    echo "SMOKE RESULT: $failed of $total cases FAILED (JCuda $version; logs in $work/run)"
    exit 1
fi
