package io.leakwatch.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.leakwatch.it.apps.ReportCliApp;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The HTML report of a real agent run, rendered by the command line, opened in a real headless Chromium and driven
 * over the DevTools protocol: the page loads nothing but itself, its script runs under its own content-security
 * policy, the totals per kind are the report's, a stack opens on a real mouse click, and the kind, state and search
 * filters hide the other sites. Skipped, saying so, where Chromium is not installed.
 */
class HtmlReportBrowserTest {
    private static final long WAIT_MILLIS = 10_000;

    @Test
    void theReportWorksInABrowser() throws Exception {
        Optional<Path> chromium = HeadlessChromium.find();
        Assumptions.assumeTrue(chromium.isPresent(), "no chromium found (neither " + HeadlessChromium.VARIABLE
                               + " naming an executable nor chromium, chromium-browser or google-chrome on PATH; "
                               + "apt-get install chromium): the HTML report's browser test is skipped");
        Jdk jdk = Jdk.all().findFirst().orElseThrow();
        Result r = AgentRun.of(jdk, "html-browser", ReportCliApp.class, "kept:3", "dropped:2", "server", "odd").run()
            .expectSuccess();
        AgentCli.Run render = AgentCli.run(jdk, r.dir(), "render", r.reportPath().toString(), "--output",
                                           "leaks.html");
        assertEquals(0, render.status(), render.describe());
        String url = r.dir().resolve("leaks.html").toUri().toString();
        JsonNode report = r.report();

        try (HeadlessChromium browser = HeadlessChromium.start(chromium.get(), r.dir());
             DevTools page = DevTools.connect(browser.pageSocket())) {
            page.call("Network.enable", Map.of());
            page.call("Page.enable", Map.of());
            page.call("Page.navigate", Map.of("url", url));
            waitFor(page, "location.href === '" + url + "' && document.documentElement"
                          + " && document.documentElement.getAttribute('data-ready') === 'true'",
                    "the page's script to run (a content-security policy that blocks it would stop it)");

            List<String> fetched = new ArrayList<>();
            page.events("Network.requestWillBeSent").forEach(e -> fetched.add(e.path("request").path("url").asText()));
            assertEquals(List.of(url), fetched, "the page fetches nothing but itself");

            // (a) the totals per kind, as rendered, are the report's counts
            List<String> expectedTotals = new ArrayList<>();
            report.path("counts").fields().forEachRemaining(e -> expectedTotals.add(
                e.getKey() + " " + e.getValue().path("open").asLong() + " " + e.getValue().path("leaked").asLong()));
            assertEquals(expectedTotals, strings(page.evaluate(
                "Array.from(document.querySelectorAll('#totals tr.kind-total')).map(tr => tr.dataset.kind + ' '"
                + " + tr.querySelector('td.open').innerText + ' ' + tr.querySelector('td.leaked').innerText)")));
            assertTrue(expectedTotals.contains("file 4 2") && expectedTotals.contains("socket 1 0"), expectedTotals.toString());
            assertEquals("4 of 4 sites shown", page.evaluate("document.getElementById('shown').innerText").asText());

            // (b) a stack is collapsed, and opens on a click on its summary
            String stack = "document.querySelector('#sites li.site[data-state=\"leaked\"] details.stack')";
            assertEquals(false, page.evaluate(stack + ".open").asBoolean());
            String framesVisible = stack + ".querySelector('ol.frames').checkVisibility()";
            String height = stack + ".getBoundingClientRect().height";
            assertEquals(false, page.evaluate(framesVisible).asBoolean(), "frames are hidden while collapsed");
            double collapsed = page.evaluate(height).asDouble();
            JsonNode box = page.evaluate("(() => { const s = " + stack + ".querySelector('summary');"
                                         + " s.scrollIntoView({block: 'center'}); const b = s.getBoundingClientRect();"
                                         + " return {x: b.left + 30, y: b.top + b.height / 2}; })()");
            click(page, box.path("x").asDouble(), box.path("y").asDouble());
            waitFor(page, stack + ".open === true", "the stack to open after the click");
            assertEquals(true, page.evaluate(framesVisible).asBoolean(), "frames are shown once open");
            double expanded = page.evaluate(height).asDouble();
            assertTrue(expanded > collapsed + 20, "the stack takes room once open: " + collapsed + " -> " + expanded);
            assertEquals(strings(site(report, "leaked").path("stack")),
                         strings(page.evaluate("Array.from(" + stack + ".querySelectorAll('ol.frames li'))"
                                               + ".map(li => li.innerText)")));

            // (c) filtering by kind hides the other kinds' sites; by state, and the search box, likewise
            select(page, "filter-kind", "socket");
            assertEquals(List.of("socket"), visibleKinds(page));
            assertEquals("1 of 4 sites shown", page.evaluate("document.getElementById('shown').innerText").asText());
            select(page, "filter-kind", "");
            select(page, "filter-state", "leaked");
            assertEquals(List.of("file/leaked"), visibleSites(page));
            select(page, "filter-state", "");
            page.evaluate("(() => { const q = document.getElementById('search'); q.value = 'ReportCliApp.server';"
                          + " q.dispatchEvent(new Event('input')); })()");
            assertEquals(List.of("socket/open"), visibleSites(page));

            // untrusted text stays text: the markup in a file name makes no element
            assertEquals(0, page.evaluate("document.querySelectorAll('img').length").asInt());
            assertTrue(strings(page.evaluate("Array.from(document.querySelectorAll('span.example'))"
                                             + ".map(e => e.textContent)")).contains(ReportCliApp.ODD_NAME + " (read)"));
            assertEquals(List.of(), page.events("Runtime.exceptionThrown"), "no script errors");
        }
    }

    @Test
    void whereResourcesWereReleasedRendersWithItsFindings() throws Exception {
        Optional<Path> chromium = HeadlessChromium.find();
        Assumptions.assumeTrue(chromium.isPresent(), "no chromium found: the HTML report's browser test is skipped");
        Jdk jdk = Jdk.all().findFirst().orElseThrow();
        Result r = AgentRun.of(jdk, "html-releases", io.leakwatch.it.apps.ReleaseApis.class, "twice").withJdbc().run()
            .expectSuccess();
        AgentCli.Run render = AgentCli.run(jdk, r.dir(), "render", r.reportPath().toString(), "--output",
                                           "releases.html");
        assertEquals(0, render.status(), render.describe());
        String url = r.dir().resolve("releases.html").toUri().toString();
        JsonNode report = r.report();
        try (HeadlessChromium browser = HeadlessChromium.start(chromium.get(), r.dir());
             DevTools page = DevTools.connect(browser.pageSocket())) {
            page.call("Page.enable", Map.of());
            page.call("Page.navigate", Map.of("url", url));
            waitFor(page, "location.href === '" + url + "' && document.documentElement"
                          + " && document.documentElement.getAttribute('data-ready') === 'true'", "the page");
            // one block per release site of the report, each with its released count
            List<String> expected = new ArrayList<>();
            for (JsonNode s : report.path("releases")) {
                expected.add(s.path("kind").asText() + " " + s.path("released").asLong());
            }
            assertEquals(expected, strings(page.evaluate(
                "Array.from(document.querySelectorAll('#releases div.release-site'))"
                + ".map(d => d.dataset.kind + ' ' + d.dataset.released)")));
            assertTrue(page.evaluate("document.getElementById('releases-section').checkVisibility()").asBoolean());
            // the pooled connection closed twice is a finding, marked and counted at the top; the streams' are not
            assertEquals(List.of("finding", "information", "information"), strings(page.evaluate(
                "Array.from(document.querySelectorAll('tr.double-release td.verdict'))"
                + ".map(td => td.innerText.trim())")));
            assertTrue(page.evaluate("document.getElementById('double-release-findings').innerText").asText()
                           .startsWith("1 resource was closed twice"));
            assertTrue(page.evaluate("document.body.innerText").asText().contains(r.site("return-again")),
                       "the second close's line is shown");
            assertEquals(List.of(), page.events("Runtime.exceptionThrown"), "no script errors");
        }
    }

    @Test
    void theOpenCountsOverTheRunAreALineThatClimbsForALeakAndStaysLowOtherwise() throws Exception {
        Optional<Path> chromium = HeadlessChromium.find();
        Assumptions.assumeTrue(chromium.isPresent(), "no chromium found: the HTML report's browser test is skipped");
        Jdk jdk = Jdk.all().findFirst().orElseThrow();
        for (String mode : List.of("leaks", "clean")) {
            Result r = AgentRun.of(jdk, "html-history-" + mode, io.leakwatch.it.apps.HistoryApp.class, mode).run()
                .expectSuccess();
            JsonNode history = r.report().path("history");
            List<Long> file = new ArrayList<>();
            history.path("open").path("file").forEach(n -> file.add(n.asLong()));
            // a sample at the start, one a second for 3.5 s, and the report's own moment
            assertTrue(file.size() >= 4 && file.size() == history.path("timesMillis").size(), history.toString());
            AgentCli.Run render = AgentCli.run(jdk, r.dir(), "render", r.reportPath().toString(), "--output",
                                               "history.html");
            assertEquals(0, render.status(), render.describe());
            String url = r.dir().resolve("history.html").toUri().toString();
            try (HeadlessChromium browser = HeadlessChromium.start(chromium.get(), r.dir());
                 DevTools page = DevTools.connect(browser.pageSocket())) {
                page.call("Page.enable", Map.of());
                page.call("Page.navigate", Map.of("url", url));
                waitFor(page, "location.href === '" + url + "' && document.documentElement"
                              + " && document.documentElement.getAttribute('data-ready') === 'true'", "the page");
                String chart = "document.querySelector('#history figure.chart[data-kind=\"file\"]')";
                assertEquals(file.size(), page.evaluate(chart + ".dataset.points").asInt());
                assertEquals(file.size(), page.evaluate(chart + ".querySelector('polyline.line').points.numberOfItems")
                                              .asInt(), "one point a sample");
                assertTrue(page.evaluate(chart + ".querySelector('svg').checkVisibility()").asBoolean());
                long max = file.stream().mapToLong(Long::longValue).max().orElse(0);
                assertEquals(Long.toString(max), page.evaluate(chart + ".querySelector('text.y-max').textContent")
                                                     .asText());
                assertEquals("0", page.evaluate(chart + ".querySelector('text.y-min').textContent").asText());
                assertTrue(page.evaluate(chart + ".querySelector('text.x-end').textContent").asText().endsWith(" UTC"));
                if (mode.equals("leaks")) {
                    assertEquals(14L, file.get(file.size() - 1), "all 14 open at the end");
                    assertEquals("climbing", page.evaluate(chart + ".dataset.trend").asText());
                    // drawn as it climbs: the last point is the highest on the page (smallest y)
                    JsonNode ys = page.evaluate("Array.from(" + chart + ".querySelector('polyline.line').points)"
                                                + ".map(p => p.y)");
                    double last = ys.get(ys.size() - 1).asDouble();
                    ys.forEach(y -> assertTrue(y.asDouble() >= last, ys.toString()));
                    // the chart as a reader sees it (docs/images/history-chart.png is one of these)
                    JsonNode box = page.evaluate("(() => { const b = " + chart + ".getBoundingClientRect();"
                                                 + " return [b.x + scrollX, b.y + scrollY, b.width, b.height]; })()");
                    java.nio.file.Files.write(r.dir().resolve("history.png"), java.util.Base64.getDecoder().decode(
                        page.call("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true,
                            "clip", Map.of("x", box.get(0).asDouble(), "y", box.get(1).asDouble(),
                                           "width", box.get(2).asDouble(), "height", box.get(3).asDouble(),
                                           "scale", 1))).path("data").asText()));
                } else {
                    assertEquals("level", page.evaluate(chart + ".dataset.trend").asText());
                    assertEquals(0L, max, "a clean run's line stays at 0");
                    // the 14 files' hold times: one point a percentile, labelled, the longest on the axis
                    JsonNode hold = r.report().path("holdTimes").path("file");
                    assertEquals(14, hold.path("count").asLong(), hold.toString());
                    String dist = "document.querySelector('#hold-times figure.chart[data-kind=\"file\"]')";
                    assertEquals(10, page.evaluate(dist + ".querySelector('polyline.line').points.numberOfItems")
                                         .asInt());
                    assertEquals(List.of("min", "p10", "p25", "p50", "p75", "p90", "p95", "p99", "p99.9", "max"),
                                 strings(page.evaluate("Array.from(" + dist + ".querySelectorAll('text.percentile'))"
                                                       + ".map(t => t.textContent)")));
                    assertEquals(hold.path("millis").path(9).asLong() + " ms",
                                 page.evaluate(dist + ".querySelector('text.y-max').textContent").asText());
                }
                assertEquals(List.of(), page.events("Runtime.exceptionThrown"), "no script errors");
            }
        }
    }

    private static JsonNode site(JsonNode report, String state) {
        for (JsonNode s : report.path("sites")) {
            if (state.equals(s.path("state").asText())) {
                return s;
            }
        }
        throw new AssertionError("no " + state + " site in " + report);
    }

    /** A left click as a user makes it: pressed and released at the point. */
    private static void click(DevTools page, double x, double y) throws Exception {
        for (String type : List.of("mouseMoved", "mousePressed", "mouseReleased")) {
            page.call("Input.dispatchMouseEvent", Map.of("type", type, "x", x, "y", y, "button", "left",
                                                         "clickCount", 1));
        }
    }

    /** Chooses an option of a select as the browser does for a user: value set, change event fired. */
    private static void select(DevTools page, String id, String value) throws Exception {
        page.evaluate("(() => { const s = document.getElementById('" + id + "'); s.value = '" + value + "';"
                      + " s.dispatchEvent(new Event('change')); return s.value; })()");
    }

    private static List<String> visibleKinds(DevTools page) throws Exception {
        return strings(page.evaluate("Array.from(document.querySelectorAll('#sites li.site'))"
                                     + ".filter(li => li.checkVisibility()).map(li => li.dataset.kind)"));
    }

    private static List<String> visibleSites(DevTools page) throws Exception {
        return strings(page.evaluate("Array.from(document.querySelectorAll('#sites li.site'))"
                                     + ".filter(li => li.checkVisibility())"
                                     + ".map(li => li.dataset.kind + '/' + li.dataset.state)"));
    }

    private static void waitFor(DevTools page, String condition, String what) throws Exception {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        AssertionError last = null;
        while (System.currentTimeMillis() < deadline) {
            try {
                if (page.evaluate("!!(" + condition + ")").asBoolean()) {
                    return;
                }
            } catch (AssertionError e) {
                // while a navigation replaces the document, an evaluation can meet none
                last = e;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("waited " + WAIT_MILLIS + " ms for " + what, last);
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
