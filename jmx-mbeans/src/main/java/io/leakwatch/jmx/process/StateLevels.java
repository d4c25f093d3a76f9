package io.leakwatch.jmx.process;

import javax.management.ConstructorParameters;

/**
 * The four states as numbers (0 {@code NORMAL}, 1 {@code WARNING}, 2 {@code CRITICAL}), one {@code CompositeData}
 * in JMX with the items {@code descriptors}, {@code resident}, {@code systemMemory} and {@code disk}: the Prometheus
 * exporter turns it into one series per resource, which string attributes cannot be.
 *
 * <p>Immutable and thread-safe.
 */
public final class StateLevels {
    private final int descriptors;
    private final int resident;
    private final int systemMemory;
    private final int disk;

    @ConstructorParameters({"descriptors", "resident", "systemMemory", "disk"})
    public StateLevels(int descriptors, int resident, int systemMemory, int disk) {
        this.descriptors = descriptors;
        this.resident = resident;
        this.systemMemory = systemMemory;
        this.disk = disk;
    }

    public int getDescriptors() {
        return descriptors;
    }

    public int getResident() {
        return resident;
    }

    public int getSystemMemory() {
        return systemMemory;
    }

    public int getDisk() {
        return disk;
    }
}
