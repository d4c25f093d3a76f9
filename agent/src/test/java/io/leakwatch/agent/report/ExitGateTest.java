package io.leakwatch.agent.report;

import io.leakwatch.agent.config.GateOptions;
import io.leakwatch.bootstrap.ResourceKind;
import io.leakwatch.report.JvmInfo;
import io.leakwatch.report.KindCounts;
import io.leakwatch.report.Kinds;
import io.leakwatch.report.LeakReport;
import io.leakwatch.report.ResourceState;
import io.leakwatch.report.SiteEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ExitGateTest {

    private static final List<String> KEPT = List.of("com.example.Cache.load(Cache.java:3)");
    private static final List<String> DROPPED = List.of("com.example.Job.run(Job.java:9)");

    @TempDir
    Path dir;

    private static LeakReport report(long open, long leaked) {
        return new LeakReport(Instant.EPOCH, "exit", new JvmInfo(1, "17"),
                Map.of("file", new KindCounts(open, leaked, open + leaked, open + leaked, 0)), List.of(),
                List.of(new SiteEntry("file", ResourceState.OPEN, open, KEPT, List.of("a")),
                        new SiteEntry("file", ResourceState.LEAKED, leaked, DROPPED, List.of("b"))), 0);
    }

    private static ExitGate gate(OptionalInt code, boolean leakedOnly, Optional<String> file, PrintStream err) {
        return ExitGate.of(new GateOptions(code, leakedOnly, file), err);
    }

    @Test
    void failsOnAnyOpenOrLeakedResourceByDefault() {
        ExitGate any = gate(OptionalInt.of(23), false, Optional.empty(), System.err);
        assertEquals(OptionalInt.of(23), any.failureStatus(report(1, 0)));
        assertEquals(OptionalInt.of(23), any.failureStatus(report(0, 1)));
        assertEquals(OptionalInt.empty(), any.failureStatus(report(0, 0)));
        assertEquals("any", any.failOn());
    }

    @Test
    void failOnLeakedIgnoresOpenResources() {
        ExitGate leaked = gate(OptionalInt.of(9), true, Optional.empty(), System.err);
        assertEquals(OptionalInt.empty(), leaked.failureStatus(report(5, 0)));
        assertEquals(OptionalInt.of(9), leaked.failureStatus(report(5, 1)));
    }

    @Test
    void withoutExitCodeTheStatusIsNeverTouched() {
        assertEquals(OptionalInt.empty(), gate(OptionalInt.empty(), false, Optional.empty(), System.err)
                .failureStatus(report(3, 3)));
    }

    @Test
    void suppressionsTakeSitesOutBeforeTheVerdict() throws IOException {
        Path rules = dir.resolve("rules");
        Files.writeString(rules, "file:com.example.Job.run\n");
        ExitGate g = gate(OptionalInt.of(23), true, Optional.of(rules.toString()), System.err);
        LeakReport suppressed = g.suppress(report(2, 1));
        assertEquals(1, suppressed.suppressed());
        assertEquals(0, suppressed.total(ResourceState.LEAKED));
        assertEquals(OptionalInt.empty(), g.failureStatus(suppressed));
    }

    @Test
    void aBadSuppressionFileIsOneLineAndSuppressesNothing() throws IOException {
        Path rules = dir.resolve("rules");
        Files.writeString(rules, "file:com.example.Job.run\nfile\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ExitGate g = gate(OptionalInt.of(23), false, Optional.of(rules.toString()),
                          new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals("leakwatch: option suppressions: " + rules + ":2: 'file' is not a rule (no ':'); write "
                     + "kind:pattern, kind one of *, file, socket, pipe, selector, threadpool, jdbc, jdbcpool, cuda, "
                     + "statement, process, thread, tempfile; pattern a glob (* for any characters) matching a stack frame's method or a "
                     + "description, e.g. file:com.example.Cache.load; no site is suppressed\n",
                     err.toString(StandardCharsets.UTF_8));
        assertEquals(0, g.suppress(report(2, 1)).suppressed());
    }

    @Test
    void theReportToolsReadTheAgentsKindsInOrder() {
        // the build writes the list beside the classes (process-classes), from ResourceKind alone
        assertEquals(Arrays.stream(ResourceKind.values()).map(ResourceKind::label).collect(Collectors.toList()),
                     Kinds.known(), "io.leakwatch.report.Kinds reads the agent's kinds, in order");
        for (ResourceKind k : ResourceKind.values()) {
            assertEquals(k.inBytes(), Kinds.inBytes(k.label()), k.label());
        }
    }
}
