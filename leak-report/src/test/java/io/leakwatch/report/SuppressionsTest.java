package io.leakwatch.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SuppressionsTest {

    private static final String VALID_LINE = "write kind:pattern, kind one of *, file, socket, pipe, selector, "
            + "threadpool, jdbc, jdbcpool, cuda, statement, process, thread, tempfile; pattern a glob (* for any characters) matching a stack "
            + "frame's method or a description, e.g. file:com.example.Cache.load";

    @TempDir
    Path dir;

    @Test
    void parsesRulesSkippingCommentsAndBlankLines() throws IOException {
        Suppressions s = Suppressions.parse("# accepted leaks\r\n\n  file:com.example.Foo.load  \n*:com.example.legacy.*\n"
                                            + "   # indented comment\nsocket : *:8080\n", "s.txt");
        assertEquals(List.of(new SuppressionRule("file", "com.example.Foo.load"),
                             new SuppressionRule("*", "com.example.legacy.*"),
                             new SuppressionRule("socket", "*:8080")), s.rules());
        assertTrue(Suppressions.parse("\n# only comments\n", "s.txt").isEmpty());
        assertEquals(List.of(new SuppressionRule("file", "a.B.c")), Suppressions.parse("\uFEFFfile:a.B.c", "s.txt").rules(),
                "a byte-order mark is not part of the kind");
    }

    @Test
    void badLinesNameTheFileTheLineAndTheValidForm() {
        assertEquals("s.txt:2: 'com.example.Foo.load' is not a rule (no ':'); " + VALID_LINE,
                parseError("# ok\ncom.example.Foo.load\n"));
        assertEquals("s.txt:3: 'flie' is not a kind; " + VALID_LINE, parseError("\nfile:a\nflie:com.example.Foo.load"));
        assertEquals("s.txt:1: 'file:' has no pattern; " + VALID_LINE, parseError("file:   "));
        assertEquals("s.txt:1: '' is not a kind; " + VALID_LINE, parseError(":com.example.Foo.load"));
    }

    @Test
    void loadsAFileAndNamesAMissingOne() throws IOException {
        Path file = dir.resolve("leakwatch.supp");
        Files.writeString(file, "file:com.example.Foo.load\nsocket:bad line\nnot a rule\n");
        ReportInputException e = assertThrows(ReportInputException.class, () -> Suppressions.load(file));
        assertEquals(file + ":3: 'not a rule' is not a rule (no ':'); " + VALID_LINE, e.getMessage());

        Files.writeString(file, "file:com.example.Foo.load\n");
        assertEquals(List.of(new SuppressionRule("file", "com.example.Foo.load")), Suppressions.load(file).rules());

        Path missing = dir.resolve("missing.supp");
        assertEquals(missing + ": no such suppression file; give a text file of kind:pattern lines",
                assertThrows(ReportInputException.class, () -> Suppressions.load(missing)).getMessage());
    }

    @Test
    void patternsMatchWholeMethodsFramesOrDescriptions() {
        SiteEntry site = new SiteEntry("file", ResourceState.OPEN, 2,
                List.of("app//com.example.Foo.load(Foo.java:42)", "com.example.Main.main(Main.java:7)"),
                List.of("/var/cache/a.bin (read)", "/var/cache/b.bin (read)"));
        assertTrue(rule("file:com.example.Foo.load").matches(site), "method, module prefix removed");
        assertTrue(rule("file:com.example.Main.main").matches(site), "any frame, not only the first");
        assertTrue(rule("file:com.example.Foo.load(Foo.java:42)").matches(site), "the whole frame");
        assertTrue(rule("*:com.example.*").matches(site), "glob over packages");
        assertTrue(rule("file:*Foo.lo*").matches(site));
        assertTrue(rule("file:/var/cache/*").matches(site), "every example description");
        assertFalse(rule("socket:com.example.Foo.load").matches(site), "another kind");
        assertFalse(rule("file:com.example.Foo.loa").matches(site), "whole strings, not substrings");
        assertFalse(rule("file:com.example.Foo").matches(site));
        assertFalse(rule("file:/var/cache/a*").matches(site), "only one example matches");
        assertFalse(rule("file:*(Foo.java:43)").matches(site));
    }

    @Test
    void resourcesMatchByFrameOrDescription() {
        ResourceEntry r = new ResourceEntry(1, "socket", ResourceState.OPEN, "socket 127.0.0.1:5000 -> 10.0.0.1:5432",
                "main", Instant.EPOCH, 0, List.of("com.example.Db.connect(Db.java:3)"));
        assertTrue(rule("socket:*:5432").matches(r));
        assertTrue(rule("*:com.example.Db.*").matches(r));
        assertFalse(rule("socket:*:543").matches(r));
    }

    @Test
    void suggestsTheFirstNonJdkFrameAnchoredWithItsLine() {
        assertEquals(Optional.of("file:^com.example.Foo.load(Foo.java:42)"),
                SuppressionRule.suggestFor("file", List.of("com.example.Foo.load(Foo.java:42)", "x.Y.z(Y.java:1)")));
        assertEquals(Optional.of("socket:^com.example.Net.open(Net.java:9)"), SuppressionRule.suggestFor("socket",
                List.of("java.base/java.net.Socket.<init>(Socket.java:1)", "jdk.internal.X.y(X.java:2)",
                        "app//com.example.Net.open(Net.java:9)")));
        assertEquals(Optional.of("threadpool:^com.example.Jobs.lambda$start$*(Jobs.java:30)"), SuppressionRule.suggestFor(
                "threadpool", List.of("com.example.Jobs.lambda$start$12(Jobs.java:30)")),
                "javac's lambda numbers change with unrelated edits");
        assertEquals(Optional.of("file:^java.io.FileInputStream.<init>(FileInputStream.java:1)"),
                SuppressionRule.suggestFor("file", List.of("java.io.FileInputStream.<init>(FileInputStream.java:1)")),
                "only JDK frames: the top one");
        assertEquals(Optional.empty(), SuppressionRule.suggestFor("file", List.of()));
    }

    @Test
    void aSuggestedRuleForAFrameInMainSilencesItsOwnSiteAndNoOther() throws IOException {
        // the rough edge found by a new user: socket:demo.MyLeaky.main silenced every file leak under main too
        SiteEntry socket = new SiteEntry("socket", ResourceState.OPEN, 1,
                List.of("demo.MyLeaky.main(MyLeaky.java:12)"), List.of("s"));
        SiteEntry otherSocket = new SiteEntry("socket", ResourceState.OPEN, 1,
                List.of("demo.MyLeaky.connect(MyLeaky.java:30)", "demo.MyLeaky.main(MyLeaky.java:14)"), List.of("t"));
        SiteEntry sameMethodOtherLine = new SiteEntry("socket", ResourceState.OPEN, 1,
                List.of("demo.MyLeaky.main(MyLeaky.java:13)"), List.of("u"));
        String suggested = SuppressionRule.suggestFor("socket", socket.stack()).orElseThrow();
        assertEquals("socket:^demo.MyLeaky.main(MyLeaky.java:12)", suggested);
        Suppressions rules = Suppressions.parse(suggested, "t");
        assertTrue(rules.suppresses(socket));
        assertFalse(rules.suppresses(otherSocket), "a site whose stack merely passes through main");
        assertFalse(rules.suppresses(sameMethodOtherLine), "another line of the same method");
        // without the anchor, a rule on a method matches every stack through it, as documented
        assertTrue(Suppressions.parse("socket:demo.MyLeaky.main", "t").suppresses(otherSocket));
        // an anchored rule may still be a glob
        assertTrue(Suppressions.parse("socket:^demo.MyLeaky.*", "t").suppresses(otherSocket));
        assertFalse(Suppressions.parse("socket:^demo.MyLeaky.main", "t").suppresses(otherSocket));
    }

    @Test
    void theSuggestedRuleSuppressesItsSite() throws IOException {
        for (SiteEntry site : Reports.sample().sites()) {
            String suggested = SuppressionRule.suggestFor(site.kind(), site.stack()).orElseThrow();
            assertTrue(Suppressions.parse(suggested, "t").suppresses(site), suggested);
        }
    }

    @Test
    void applyingRemovesSitesAndResourcesAndAdjustsCounts() throws IOException {
        LeakReport sample = Reports.sample();
        LeakReport out = Suppressions.parse("file:com.example.Foo.load", "t").apply(sample);

        assertEquals(List.of(sample.sites().get(1)), out.sites());
        assertEquals(List.of(sample.resources().get(1)), out.resources());
        Map<String, KindCounts> counts = new LinkedHashMap<>();
        counts.put("socket", new KindCounts(0, 2, 4, 10, 8));
        // open 3 - 500 is clamped: the sample's site counts do not add up to its kind counts
        counts.put("file", new KindCounts(0, 1, 9, 0, 116));
        assertEquals(counts, out.counts());
        assertEquals(500, out.suppressed());
        assertEquals(sample.jvmInternalOpen(), out.jvmInternalOpen());
        assertEquals(500, Suppressions.parse("*:nothing.Matches", "t").apply(out).suppressed(), "kept when unmatched");
    }

    @Test
    void applyingKeepsTheCountsConsistent() throws IOException {
        List<String> a = List.of("com.example.A.open(A.java:1)");
        List<String> b = List.of("com.example.B.open(B.java:1)");
        Map<String, KindCounts> counts = Map.of("cuda", new KindCounts(3, 0, 3, 10, 7, 300,
                List.of(new DeviceCounts(0, 3, 300))));
        LeakReport report = new LeakReport(Reports.CREATED, "exit", new JvmInfo(1, "17"), counts,
                List.of(new ResourceEntry(1, "cuda", ResourceState.OPEN, "x", "main", Instant.EPOCH, 0, a, 100),
                        new ResourceEntry(2, "cuda", ResourceState.OPEN, "y", "main", Instant.EPOCH, 0, b, 100),
                        new ResourceEntry(3, "cuda", ResourceState.OPEN, "z", "main", Instant.EPOCH, 0, b, 100)),
                List.of(new SiteEntry("cuda", ResourceState.OPEN, 2, b, List.of("y", "z"), 200),
                        new SiteEntry("cuda", ResourceState.OPEN, 1, a, List.of("x"), 100)), 0);

        LeakReport out = Suppressions.parse("cuda:com.example.B.open", "t").apply(report);

        assertEquals(new KindCounts(1, 0, 3, 8, 7, 100, List.of()), out.counts().get("cuda"),
                "acquired - released == open + leaked; the device breakdown cannot be kept");
        assertEquals(List.of(1L), out.resources().stream().map(ResourceEntry::id).toList());
        assertEquals(2, out.suppressed());
        assertEquals(1, out.total(ResourceState.OPEN));
    }

    @Test
    void applyingKeepsTheReleaseSites() throws IOException {
        LeakReport report = Reports.withReleases();
        LeakReport out = Suppressions.parse("file:com.example.Foo.load", "t").apply(report);
        assertEquals(1, out.sites().size(), "the rule applied");
        assertEquals(report.releases(), out.releases(), "where resources were released is no leak to suppress");
    }

    @Test
    void noRulesOrNoMatchReturnsTheSameReport() throws IOException {
        LeakReport sample = Reports.sample();
        assertSame(sample, Suppressions.none().apply(sample));
        assertSame(sample, Suppressions.parse("jdbc:com.example.*", "t").apply(sample));
    }

    @Test
    void everyKnownKindIsAValidRuleKind() throws IOException {
        for (String kind : Kinds.known()) {
            assertEquals(kind, Suppressions.parse(kind + ":x", "t").rules().get(0).kind());
        }
    }

    private static SuppressionRule rule(String line) {
        try {
            return Suppressions.parse(line, "t").rules().get(0);
        } catch (ReportInputException e) {
            throw new AssertionError(e);
        }
    }

    private static String parseError(String text) {
        return assertThrows(ReportInputException.class, () -> Suppressions.parse(text, "s.txt")).getMessage();
    }
}
