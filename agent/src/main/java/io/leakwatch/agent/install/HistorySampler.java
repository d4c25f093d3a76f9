package io.leakwatch.agent.install;

import io.leakwatch.bootstrap.ResourceRegistry;

/**
 * Samples the registry's open counts for the run's history (a class, not a lambda: made at every start).
 *
 * <p>Thread-safe: called by the clock's thread only.
 */
final class HistorySampler implements java.util.function.BooleanSupplier {
    private final ResourceRegistry registry;

    HistorySampler(ResourceRegistry registry) {
        this.registry = registry;
    }

    @Override
    public boolean getAsBoolean() {
        registry.sampleHistory();
        return true;
    }
}
