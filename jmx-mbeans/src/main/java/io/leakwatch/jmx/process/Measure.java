package io.leakwatch.jmx.process;

import io.leakwatch.jmx.Occupancy;

import java.util.function.ToLongFunction;

/**
 * The four resources that have a limit, and so a state: what is used of what, and the attribute that shows the state.
 *
 * <p>Immutable and thread-safe.
 */
enum Measure {
    DESCRIPTORS("DescriptorsState", "descriptors", ProcessSample::getOpenDescriptors, ProcessSample::getMaxDescriptors),
    RESIDENT("ResidentState", "resident memory", ProcessSample::getResidentBytes,
             ProcessSample::getSystemMemoryTotalBytes),
    SYSTEM_MEMORY("SystemMemoryState", "system memory", ProcessSample::getSystemMemoryUsedBytes,
                  ProcessSample::getSystemMemoryTotalBytes),
    DISK("DiskState", "disk", ProcessSample::getDiskUsedBytes, ProcessSample::getDiskTotalBytes);

    final String attribute;
    final String label;
    private final ToLongFunction<ProcessSample> used;
    private final ToLongFunction<ProcessSample> limit;

    Measure(String attribute, String label, ToLongFunction<ProcessSample> used, ToLongFunction<ProcessSample> limit) {
        this.attribute = attribute;
        this.label = label;
        this.used = used;
        this.limit = limit;
    }

    long used(ProcessSample s) {
        return used.applyAsLong(s);
    }

    long limit(ProcessSample s) {
        return limit.applyAsLong(s);
    }

    Occupancy state(ProcessSample s, Thresholds t) {
        return t.stateOf(used(s), limit(s));
    }

    double percent(ProcessSample s) {
        return Thresholds.percent(used(s), limit(s));
    }
}
