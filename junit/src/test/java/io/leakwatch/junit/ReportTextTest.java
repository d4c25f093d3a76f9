package io.leakwatch.junit;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ReportTextTest {
    @Test
    void framesBelowTheTestEmptyCountsAndSuppressionRulesAreLeftOut() {
        String report = "=== leakwatch report (test readsTheHeader()) pid 1, Java 17.0.15, 2026-11-22T16:16:12.635Z ===\n"
                        + "\n"
                        + "Open file: 1 resource, e.g. /tmp/orders.csv (read)\n"
                        + "    #0 com.example.gate.OrderFiles.header(OrderFiles.java:23)\n"
                        + "    #1 com.example.gate.OrderFilesTest.readsTheHeader(OrderFilesTest.java:32)\n"
                        + "    #2 java.base/jdk.internal.reflect.NativeMethodAccessorImpl.invoke0(Native Method)\n"
                        + "    #3 java.base/java.lang.reflect.Method.invoke(Method.java:569)\n"
                        + "    #4 org.junit.platform.commons.util.ReflectionUtils.invokeMethod(ReflectionUtils.java:786)\n"
                        + "    #5 com.example.SomethingJUnitCalled.run(SomethingJUnitCalled.java:1)\n"
                        + "    suppress with: file:com.example.gate.OrderFiles.header\n"
                        + "\n"
                        + "Open threadpool: 1 resource, e.g. pool\n"
                        + "    #0 com.example.Opener.run(Opener.java:5)\n"
                        + "    #1 java.base/java.lang.Thread.run(Thread.java:840)\n"
                        + "    suppress with: threadpool:com.example.Opener.run\n"
                        + "\n"
                        + "Leaked socket: 1 resource, e.g. socket\n"
                        + "    #0 com.example.Sockets.open(Sockets.java:9)\n"
                        + "    #1 jdk.internal.reflect.DirectMethodHandleAccessor.invoke(DirectMethodHandleAccessor.java:103)\n"
                        + "\n"
                        + "file: open 1, leaked 0, peak 1, acquired 1, released 0\n"
                        + "socket: open 0, leaked 1, peak 0, acquired 1, released 0\n"
                        + "pipe: open 0, leaked 0, peak 0, acquired 0, released 0\n"
                        + "cuda: open 0 (0 B), leaked 0, peak 0, acquired 0, released 0\n"
                        + "threadpool: open 1, leaked 0, peak 1, acquired 1, released 0\n"
                        + "\n"
                        + "SUMMARY: leakwatch: 2 open, 1 leaked resource(s) from 3 site(s).\n";
        assertEquals("=== leakwatch report (test readsTheHeader()) pid 1, Java 17.0.15, 2026-11-22T16:16:12.635Z ===\n"
                     + "\n"
                     + "Open file: 1 resource, e.g. /tmp/orders.csv (read)\n"
                     + "    #0 com.example.gate.OrderFiles.header(OrderFiles.java:23)\n"
                     + "    #1 com.example.gate.OrderFilesTest.readsTheHeader(OrderFilesTest.java:32)\n"
                     + "    (4 frames of reflection and JUnit left out)\n"
                     + "\n"
                     + "Open threadpool: 1 resource, e.g. pool\n"
                     + "    #0 com.example.Opener.run(Opener.java:5)\n"
                     + "    #1 java.base/java.lang.Thread.run(Thread.java:840)\n"
                     + "\n"
                     + "Leaked socket: 1 resource, e.g. socket\n"
                     + "    #0 com.example.Sockets.open(Sockets.java:9)\n"
                     + "    (1 frame of reflection and JUnit left out)\n"
                     + "\n"
                     + "file: open 1, leaked 0, peak 1, acquired 1, released 0\n"
                     + "socket: open 0, leaked 1, peak 0, acquired 1, released 0\n"
                     + "threadpool: open 1, leaked 0, peak 1, acquired 1, released 0\n"
                     + "\n"
                     + "SUMMARY: leakwatch: 2 open, 1 leaked resource(s) from 3 site(s).\n",
                     ReportText.forTest(report));
    }

    @Test
    void aFirstFrameIsNeverLeftOutAndOtherTextIsKept() {
        String report = "Open file: 1 resource\n    #0 org.junit.Something.x(Something.java:1)\n    #1 app.A.b(A.java:2)\n";
        assertEquals("Open file: 1 resource\n    #0 org.junit.Something.x(Something.java:1)\n    #1 app.A.b(A.java:2)\n",
                     ReportText.forTest(report));
        assertEquals("no report here", ReportText.forTest("no report here"));
        assertEquals("", ReportText.forTest(""));
    }
}
