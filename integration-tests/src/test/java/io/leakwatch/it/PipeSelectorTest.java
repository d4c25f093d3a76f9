package io.leakwatch.it;

import io.leakwatch.it.apps.PipeSelectorApis;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Kinds {@code pipe} (each end its own resource) and {@code selector}. */
class PipeSelectorTest {
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void pipesAndSelectors(Jdk jdk) {
        Result r = AgentRun.of(jdk, "pipes-selectors", PipeSelectorApis.class).run().expectSuccess();
        r.check(
            Expect.exactly(r, "pipe-open", "pipe", "open", "pipe source", "pipe sink"),
            Expect.none(r, "pipe-closed"),
            Expect.exactly(r, "pipe-leaked", "pipe", "leaked", "pipe source", "pipe sink"),
            Expect.exactly(r, "pipe-sink-closed", "pipe", "open", "pipe source"),
            Expect.one(r, "selector-open", "selector", "open", "selector"),
            Expect.none(r, "selector-closed"),
            Expect.one(r, "selector-leaked", "selector", "leaked", "selector"),
            Expect.none(r, "selector-with-pipe"),
            Expect.none(r, "pipe-with-selector"),
            r.counts("pipe", 3, 2),
            r.counts("selector", 1, 1),
            r.counts("file", 0, 0),
            r.counts("socket", 0, 0),
            r.onlyAnnouncedSites(),
            r.countsConsistent());
    }
}
