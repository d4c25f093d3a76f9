package io.leakwatch.it;

import io.leakwatch.it.apps.ListenerApp;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code LeakWatchControl.addListener} in a child JVM: an application's listener hears exactly the expected events, in
 * order, on leakwatch's thread; a listener that throws is reported once and stops neither the others nor the
 * application.
 */
class ListenerTest {
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void anApplicationsListenerHearsEveryEventInOrder(Jdk jdk) {
        Result r = AgentRun.of(jdk, "listener", ListenerApp.class)
                           .agentOptions("report={dir}/report.json,limit.file=5,holdthreshold=400ms").run()
                           .expectSuccess();
        String kept = r.site("kept");
        String thread = "leakwatch-listeners";
        List<String> expected = List.of(
            "EVENT STATE_CHANGED file NORMAL->WARNING - " + thread,
            "EVENT HELD_TOO_LONG file held " + kept + " " + thread,
            "EVENT HELD_TOO_LONG file held " + kept + " " + thread,
            "EVENT HELD_TOO_LONG file held " + kept + " " + thread,
            "EVENT HELD_TOO_LONG file held " + kept + " " + thread,
            "EVENT STATE_CHANGED file WARNING->CRITICAL - " + thread,
            "EVENT HELD_TOO_LONG file held " + r.site("fifth") + " " + thread,
            // the site holding the most
            "EVENT LIMIT_REACHED file 5/5 allowed " + kept + " " + thread,
            "EVENT HELD_TOO_LONG file held " + r.site("over") + " " + thread,
            "EVENT LEAK_FOUND file held " + r.site("over") + " " + thread,
            "EVENT STATE_CHANGED file CRITICAL->NORMAL - " + thread);
        r.check(
            () -> assertEquals(expected, r.stdoutLines().stream().filter(l -> l.startsWith("EVENT ")).toList(),
                               r.stdout()),
            () -> assertEquals(List.of(), r.stdoutLines().stream().filter(l -> l.startsWith("TIMEOUT")).toList()),
            () -> assertEquals("true", r.value("removed")),
            () -> assertEquals("0", r.value("dropped")),
            () -> assertEquals(1, r.stderrLines().stream()
                                   .filter(l -> l.startsWith("leakwatch: listener ") && l.contains(" threw "))
                                   .count(), r.stderr()),
            // the unheard file, dropped after the listener was removed, is in the report all the same
            () -> assertEquals(2, r.count("file", "leaked")));
    }
}
