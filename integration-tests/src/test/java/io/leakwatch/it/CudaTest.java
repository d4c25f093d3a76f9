package io.leakwatch.it;

import io.leakwatch.it.apps.CudaApis;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kind {@code cuda} through the real JCuda classes (see {@link CudaApis}). These machines have no GPU and no driver:
 * the failure path runs over JCuda's real native libraries; the success path over the test stand-ins for the CUDA
 * driver ({@link CudaStandIns}: host memory behind the CUDA API, built with gcc by the test).
 */
class CudaTest {
    static final long MIB = 1024 * 1024;

    static AgentRun run(Jdk jdk, String name, String... args) {
        AgentRun run = AgentRun.of(jdk, name, CudaApis.class, args).withJCuda();
        if (jdk.feature() >= 22) {
            // JCuda loads its JNI libraries with System.load, a restricted method from JDK 22 on
            run.jvmArg("--enable-native-access=ALL-UNNAMED");
        }
        return run;
    }

    /** The child over the stand-ins: the driver's on LD_LIBRARY_PATH, the runtime's on java.library.path. */
    static AgentRun overStandIns(Jdk jdk, String name, String... args) {
        return CudaStandIns.get().applyTo(run(jdk, name, args), jdk);
    }

    /** The VAL lines of a run, in order. */
    static List<String> values(Result r) {
        List<String> out = new ArrayList<>();
        for (String line : r.stdoutLines()) {
            if (line.startsWith("VAL ")) {
                out.add(line);
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void withoutADriverEveryCallFailsAlikeAndNothingIsRecorded(Jdk jdk) {
        Result with = run(jdk, "cuda-failure", "failure").run().expectSuccess();
        if ("0".equals(with.value("cuInit"))) {
            String why = "no-driver check skipped: this machine has a CUDA driver (the GPU check covers it)";
            System.err.println(why);
            org.junit.jupiter.api.Assumptions.abort(why);
        }
        Result without = run(jdk, "cuda-failure-plain", "failure").withoutAgent().run().expectSuccess();
        with.check(() -> assertEquals(values(without), values(with), "the application sees the same results"),
                   () -> assertEquals("35", with.value("cudaMalloc"), "cudaErrorInsufficientDriver"),
                   with.counts("cuda", 0, 0),
                   () -> assertEquals(0, with.count("cuda", "acquired"), "cuda.acquired"),
                   () -> assertEquals(0, with.count("cuda", "bytes"), "cuda.bytes"),
                   () -> assertEquals(0, with.report().path("agentFailures").asLong(-1), "agentFailures"));
    }

    /** One open cuda resource at {@code site}: its description (address aside) and its bytes, in the resource and the site. */
    static Executable allocation(Result r, String site, long bytes, String what, String api) {
        String pattern = java.util.regex.Pattern.quote(what) + " at 0x[0-9a-f]+ " + java.util.regex.Pattern.quote("(" + api + ")");
        return () -> {
            List<com.fasterxml.jackson.databind.JsonNode> found = r.resourcesAt(site);
            assertEquals(1, found.size(), site + ": one resource at " + r.site(site));
            com.fasterxml.jackson.databind.JsonNode res = found.get(0);
            assertEquals("cuda", res.path("kind").asText(), site + ": kind");
            assertEquals("open", res.path("state").asText(), site + ": state");
            assertEquals(bytes, res.path("bytes").asLong(-1), site + ": bytes of the resource");
            String d = res.path("description").asText();
            assertTrue(d.matches(pattern), site + ": description '" + d + "' !~ " + pattern);
            List<com.fasterxml.jackson.databind.JsonNode> sites = r.sitesAt(site);
            assertEquals(1, sites.size(), site + ": one site entry");
            assertEquals(bytes, sites.get(0).path("bytes").asLong(-1), site + ": bytes of the site");
        };
    }

    static String mib(long n) {
        return n + " MiB";
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void runtimeAllocationsLeftAllocatedAreOpenWithTheirBytes(Jdk jdk) {
        Result r = overStandIns(jdk, "cuda-runtime-open", "runtime", "open").run().expectSuccess();
        long pitch = Long.parseLong(r.value("pitch"));
        long pitch3d = Long.parseLong(r.value("pitch3d"));
        long element = 16; // float4
        long[] device = {64 * MIB, 32 * MIB, pitch * 100, pitch3d * 16 * 4, element * 256 * 256, element * 64 * 64 * 8};
        long host = 16 * MIB + 8 * MIB;
        long deviceTotal = java.util.Arrays.stream(device).sum();
        r.check(allocation(r, "rt-malloc", 64 * MIB, "64 MiB device memory on device 0", "cudaMalloc"),
                allocation(r, "rt-managed", 32 * MIB, "32 MiB managed memory on device 0", "cudaMallocManaged"),
                allocation(r, "rt-host", 16 * MIB, "16 MiB pinned host memory on device 0", "cudaMallocHost"),
                allocation(r, "rt-host-alloc", 8 * MIB, "8 MiB pinned host memory on device 0", "cudaHostAlloc"),
                allocation(r, "rt-pitch", device[2], "100 KiB device memory on device 0", "cudaMallocPitch"),
                allocation(r, "rt-3d", device[3], "64 KiB device memory on device 0", "cudaMalloc3D"),
                allocation(r, "rt-array", device[4], "1 MiB CUDA array on device 0", "cudaMallocArray"),
                allocation(r, "rt-3d-array", device[5], "512 KiB CUDA array on device 0", "cudaMalloc3DArray"),
                r.counts("cuda", 8, 0),
                () -> assertEquals(deviceTotal + host, r.count("cuda", "bytes"), "cuda.bytes"),
                // per device: everything here is on device 0
                () -> assertEquals(8, r.report().path("counts").path("cuda").path("devices").path("0").path("open")
                    .asLong(-1), "cuda.devices.0.open"),
                () -> assertEquals(deviceTotal + host, r.report().path("counts").path("cuda").path("devices").path("0")
                    .path("bytes").asLong(-1), "cuda.devices.0.bytes"),
                // what the (stand-in) driver says is used on the device is what leakwatch tracks there
                () -> assertEquals(deviceTotal, Long.parseLong(r.value("info.used")), "cudaMemGetInfo used"),
                r.onlyAnnouncedSites(),
                r.countsConsistent("cuda"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void runtimeFreesThroughNewPointerObjectsRelease(Jdk jdk) {
        Result r = overStandIns(jdk, "cuda-runtime-closed", "runtime", "closed").run().expectSuccess();
        r.check(r.counts("cuda", 0, 0),
                () -> assertEquals(8, r.count("cuda", "acquired"), "cuda.acquired"),
                () -> assertEquals(8, r.count("cuda", "released"), "cuda.released"),
                () -> assertEquals(0, r.count("cuda", "bytes"), "cuda.bytes"),
                () -> assertEquals("0", r.value("info.used"), "nothing used on the device"),
                () -> assertTrue(r.resources().isEmpty(), "no resource listed"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void runtimeFailuresRecordNothingAndADoubleFreeReleasesOnce(Jdk jdk) {
        Result r = overStandIns(jdk, "cuda-runtime-errors", "runtime-errors").run().expectSuccess();
        r.check(() -> assertEquals("2", r.value("cudaMalloc.oom"), "cudaErrorMemoryAllocation"),
                () -> assertEquals("CudaException", r.value("cudaMalloc.oom-exception"), "thrown with exceptions on"),
                () -> assertEquals("1", r.value("cudaFree.second"), "the double free fails"),
                Expect.none(r, "rt-oom"), Expect.none(r, "rt-oom-exception"), Expect.none(r, "rt-double"),
                () -> assertEquals(1, r.count("cuda", "acquired"), "cuda.acquired"),
                () -> assertEquals(1, r.count("cuda", "released"), "cuda.released"),
                r.counts("cuda", 0, 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void deviceResetReleasesTheDevicesAllocations(Jdk jdk) {
        Result r = overStandIns(jdk, "cuda-runtime-reset", "runtime-reset").run().expectSuccess();
        r.check(() -> assertEquals("0", r.value("cudaDeviceReset"), "reset"),
                () -> assertEquals(3, r.count("cuda", "acquired"), "cuda.acquired"),
                () -> assertEquals(3, r.count("cuda", "released"), "cuda.released"),
                r.counts("cuda", 0, 0), () -> assertEquals(0, r.count("cuda", "bytes"), "cuda.bytes"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void driverAllocationsLeftAllocatedAreOpenWithTheirBytes(Jdk jdk) {
        Result r = overStandIns(jdk, "cuda-driver-open", "driver", "open").run().expectSuccess();
        long pitch = Long.parseLong(r.value("pitch"));
        long device = 64 * MIB + 32 * MIB + pitch * 100;
        long host = 16 * MIB + 8 * MIB;
        r.check(allocation(r, "drv-alloc", 64 * MIB, "64 MiB device memory on device 0", "cuMemAlloc"),
                allocation(r, "drv-pitch", pitch * 100, "100 KiB device memory on device 0", "cuMemAllocPitch"),
                allocation(r, "drv-managed", 32 * MIB, "32 MiB managed memory on device 0", "cuMemAllocManaged"),
                allocation(r, "drv-host", 16 * MIB, "16 MiB pinned host memory on device 0", "cuMemAllocHost"),
                allocation(r, "drv-host-alloc", 8 * MIB, "8 MiB pinned host memory on device 0", "cuMemHostAlloc"),
                r.counts("cuda", 5, 0),
                () -> assertEquals(device + host, r.count("cuda", "bytes"), "cuda.bytes"),
                () -> assertEquals(device, Long.parseLong(r.value("info.used")), "cuMemGetInfo used"),
                r.onlyAnnouncedSites(),
                r.countsConsistent("cuda"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void driverFreesThroughNewObjectsReleaseAndFailuresRecordNothing(Jdk jdk) {
        Result closed = overStandIns(jdk, "cuda-driver-closed", "driver", "closed").run().expectSuccess();
        closed.check(closed.counts("cuda", 0, 0),
                     () -> assertEquals(5, closed.count("cuda", "acquired"), "cuda.acquired"),
                     () -> assertEquals(5, closed.count("cuda", "released"), "cuda.released"),
                     () -> assertEquals("0", closed.value("info.used"), "nothing used on the device"));
        Result errors = overStandIns(jdk, "cuda-driver-errors", "driver-errors").run().expectSuccess();
        errors.check(() -> assertEquals("2", errors.value("cuMemAlloc.oom"), "CUDA_ERROR_OUT_OF_MEMORY"),
                     () -> assertEquals("CudaException", errors.value("cuMemAlloc.oom-exception"), "thrown"),
                     () -> assertEquals("1", errors.value("cuMemFree.second"), "the double free fails"),
                     Expect.none(errors, "drv-oom"), Expect.none(errors, "drv-oom-exception"),
                     () -> assertEquals(1, errors.count("cuda", "acquired"), "cuda.acquired"),
                     () -> assertEquals(1, errors.count("cuda", "released"), "cuda.released"),
                     errors.counts("cuda", 0, 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void resettingThePrimaryContextReleasesItsMemoryButNotPhysicalHandles(Jdk jdk) {
        Result r = overStandIns(jdk, "cuda-driver-primary", "driver-primary").run().expectSuccess();
        r.check(() -> assertEquals("0", r.value("cuDevicePrimaryCtxReset"), "reset"),
                () -> assertEquals("0", r.value("cuMemRelease"), "released"),
                allocation(r, "drv-mem-create", 2 * MIB, "2 MiB physical memory handle on device 0", "cuMemCreate"),
                Expect.none(r, "drv-mem-create-released"),
                () -> assertEquals(5, r.count("cuda", "acquired"), "cuda.acquired"),
                () -> assertEquals(4, r.count("cuda", "released"), "cuda.released"),
                r.counts("cuda", 1, 0), r.onlyAnnouncedSites());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void destroyingAContextReleasesWhatItHeld(Jdk jdk) {
        Result r = overStandIns(jdk, "cuda-driver-destroy", "driver-destroy").run().expectSuccess();
        r.check(() -> assertEquals("0", r.value("cuCtxDestroy"), "destroyed"),
                () -> assertEquals(3, r.count("cuda", "acquired"), "cuda.acquired"),
                () -> assertEquals(3, r.count("cuda", "released"), "cuda.released"),
                r.counts("cuda", 0, 0));
    }

    /**
     * On a real GPU (a machine with an NVIDIA driver; skipped elsewhere, saying so): 256 MiB, pitched and 3D blocks
     * through the runtime left allocated, managed and pinned blocks freed through new Pointer objects, out of memory
     * and a double free recording nothing. The device memory the driver reports used grew by what leakwatch tracks
     * (allowing the driver's 2 MiB allocation granularity per block).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void onARealGpuTheTrackedBytesMatchTheDriver(Jdk jdk) {
        Result r = run(jdk, "cuda-gpu-check", "gpu-check").run().expectSuccess();
        if ("absent".equals(r.value("gpu"))) {
            String why = "real-GPU check skipped: no CUDA device or driver on this machine";
            System.err.println(why);
            org.junit.jupiter.api.Assumptions.abort(why);
        }
        long pitch = Long.parseLong(r.value("pitch"));
        long pitch3d = Long.parseLong(r.value("pitch3d"));
        long tracked = 256 * MIB + pitch * 1024 + pitch3d * 256 * 4;
        long grew = Long.parseLong(r.value("used.after")) - Long.parseLong(r.value("used.before"));
        r.check(() -> assertEquals(3, r.count("cuda", "open"), "three device blocks left allocated"),
                () -> assertEquals(tracked, r.count("cuda", "bytes"), "cuda.bytes"),
                () -> assertTrue(grew >= tracked && grew <= tracked + 5 * 2 * MIB + 64 * MIB,
                                 "device memory used grew by " + grew + ", tracked " + tracked),
                () -> assertEquals("2", r.value("cudaMalloc.oom"), "cudaErrorMemoryAllocation"),
                () -> assertEquals("1", r.value("cudaFree.second"), "the double free fails"),
                Expect.none(r, "gpu-oom"), Expect.none(r, "gpu-double"), Expect.none(r, "gpu-managed"),
                Expect.none(r, "gpu-host"),
                () -> assertEquals(6, r.count("cuda", "acquired"), "cuda.acquired"),
                () -> assertEquals(3, r.count("cuda", "released"), "cuda.released"));
    }
}
