package io.leakwatch.junit;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class LeakFailureTest {
    static final String REPORT = "=== leakwatch report (test leaks()) pid 1, Java 17, 2026-01-01T00:00:00Z ===\n\n"
                                 + "Open file: 1 resource, e.g. a.txt (read)\n"
                                 + "    #0 com.acme.Orders.load(Orders.java:40)\n\n"
                                 + "SUMMARY: leakwatch: 1 open, 0 leaked resource(s) from 1 site(s).\n";

    @Test
    void framesParseBackToElementsInEveryForm() {
        assertEquals(new StackTraceElement("com.acme.Orders", "load", "Orders.java", 40),
                     LeakFailure.parse("com.acme.Orders.load(Orders.java:40)"));
        assertEquals(new StackTraceElement("com.acme.Orders$1", "lambda$run$0", "Orders.java", 7),
                     LeakFailure.parse("app//com.acme.Orders$1.lambda$run$0(Orders.java:7)"));
        assertEquals(new StackTraceElement("java.io.FileInputStream", "open0", null, -2),
                     LeakFailure.parse("java.base/java.io.FileInputStream.open0(Native Method)"));
        assertEquals(new StackTraceElement("com.acme.Gen", "run", null, -1),
                     LeakFailure.parse("com.acme.Gen.run(Unknown Source)"));
        assertEquals(new StackTraceElement("com.acme.Gen", "run", "Gen.java", -1),
                     LeakFailure.parse("com.acme.Gen.run(Gen.java)"));
        assertNull(LeakFailure.parse("not a frame"));
        assertNull(LeakFailure.parse("NoMethod(Gen.java:1)"));
    }

    @Test
    void messageIsHeadlineReportAndNotesWithTheLeakAsStackTrace() {
        Leaks leaks = new Leaks(1, 0, REPORT, List.of("com.acme.Orders.load(Orders.java:40)", "garbage",
                                                      "com.acme.OrdersTest.loads(OrdersTest.java:12)"));
        AssertionError e = LeakFailure.of("loads()", CheckSettings.defaults(), leaks, List.of(), false,
                                          List.of());
        assertEquals("leakwatch: test loads() left 1 resource behind (1 open, 0 leaked); close it, or allow it with"
                     + " @LeakCheck(allow = ...)\n" + REPORT, e.getMessage());
        assertArrayEquals(new StackTraceElement[] {new StackTraceElement("com.acme.Orders", "load", "Orders.java", 40),
                                                   new StackTraceElement("com.acme.OrdersTest", "loads", "OrdersTest.java", 12)},
                          e.getStackTrace());
    }

    @Test
    void concurrentTestsAreNamedAndParallelModeNoted() {
        Leaks leaks = new Leaks(1, 1, REPORT, List.of());
        String overlapped = LeakFailure.of("a()", CheckSettings.defaults(), leaks, List.of("T > b()", "U > c()"), true,
                                            List.of())
                                       .getMessage();
        assertEquals("leakwatch: test a() left 2 resources behind (1 open, 1 leaked); close them, or allow them with"
                     + " @LeakCheck(allow = ...)\n" + REPORT
                     + "Note: 2 other tests checked by leakwatch ran at the same time: T > b(), U > c(). A resource is"
                     + " blamed on every test running when it was acquired, whichever thread acquired it, so these may"
                     + " be theirs. Run leak-checked tests one at a time: @Execution(SAME_THREAD), @ResourceLock or"
                     + " @Isolated.\n", overlapped);
        String parallel = LeakFailure.of("a()", CheckSettings.defaults(), leaks, List.of(), true, List.of())
                                     .getMessage();
        assertEquals("leakwatch: test a() left 2 resources behind (1 open, 1 leaked); close them, or allow them with"
                     + " @LeakCheck(allow = ...)\n" + REPORT
                     + "Note: parallel execution is enabled (junit.jupiter.execution.parallel.enabled); a test that"
                     + " leakwatch does not check may have run at the same time and acquired these.\n", parallel);
    }

    @Test
    void limitsReachedWhileItRanAreListedAfterTheReport() {
        Leaks leaks = new Leaks(2, 0, REPORT, List.of());
        String m = LeakFailure.of("a()", CheckSettings.defaults(), leaks, List.of(), false,
                                  List.of("leakwatch: limit.file=1 reached (1 open), allowed")).getMessage();
        assertEquals("leakwatch: test a() left 2 resources behind (2 open, 0 leaked); close them, or allow them with"
                     + " @LeakCheck(allow = ...)\n" + REPORT
                     + "Limits reached while it ran:\n  leakwatch: limit.file=1 reached (1 open), allowed\n", m);
    }
}
