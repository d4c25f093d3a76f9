package io.leakwatch.report;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HtmlReportFormatTest {

    private static final String EVIL = "<script>alert('x')</script>\"><img src=x onerror=alert(1)>&amp;\u0000";

    @Test
    void isOneSelfContainedPage() throws IOException {
        String html = Reports.render(ReportFormatType.HTML, Reports.sample());
        assertTrue(html.startsWith("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"), html);
        assertTrue(html.endsWith("</body>\n</html>\n"), html);
        for (String fetch : List.of("src=", "href=", "url(", "@import", "://", "<link", "<iframe", "<object")) {
            assertFalse(html.contains(fetch), "no fetch of any kind: " + fetch);
        }
        assertEquals(1, count(html, "<script"), "one inline script");
        assertEquals(1, count(html, "<style"), "one inline style");
    }

    @Test
    void thePolicyAllowsExactlyItsOwnStyleAndScript() throws Exception {
        String html = Reports.render(ReportFormatType.HTML, Reports.sample());
        String style = between(html, "<style>", "</style>");
        String script = between(html, "<script>", "</script>");
        String policy = between(html, "<meta http-equiv=\"Content-Security-Policy\" content=\"", "\">");
        assertEquals("default-src 'none'; style-src '" + sha256(style) + "'; script-src '" + sha256(script)
                     + "'; base-uri 'none'; form-action 'none'", policy);
    }

    @Test
    void showsTotalsSitesStacksAndRules() throws IOException {
        String html = Reports.render(ReportFormatType.HTML, Reports.sample());
        assertTrue(html.contains("<tr class=\"kind-total\" data-kind=\"file\"><th scope=\"row\">file</th>"
                                 + "<td class=\"open\">3</td><td class=\"leaked\">1</td><td class=\"peak\">9</td>"
                                 + "<td class=\"acquired\">120</td><td class=\"released\">116</td>"
                                 + "<td class=\"bytes\"></td></tr>"), html);
        assertTrue(html.contains("<p id=\"summary\" data-open=\"3\" data-leaked=\"3\" data-sites=\"2\">3 open, 3 leaked "
                                 + "resource(s) from 2 site(s).</p>"), html);
        assertTrue(html.contains("<li class=\"site\" id=\"site-1\" data-index=\"0\" data-kind=\"file\" "
                                 + "data-state=\"open\" data-count=\"500\" data-bytes=\"-1\">"), html);
        assertTrue(html.contains("<details class=\"stack\"><summary>stack, 2 frames</summary><ol class=\"frames\" "
                                 + "start=\"0\"><li><code>com.example.Foo.load(Foo.java:42)</code></li><li><code>"
                                 + "com.example.Main.main(Main.java:7)</code></li></ol></details>"), html);
        assertTrue(html.contains("suppress with: <code class=\"rule\">file:^com.example.Foo.load(Foo.java:42)</code>"), html);
        assertTrue(html.contains("<option value=\"socket\">socket</option><option value=\"file\">file</option>"),
                "a kind filter option per kind, in report order");
        assertEquals(2, count(html, "<li class=\"site\""));
        assertTrue(html.contains("<p class=\"note\" id=\"held-apart\" data-jvm=\"2\" data-runner=\"0\" "
                                 + "data-agents=\"0\">2 resources of the JVM are not the application's and are "
                                 + "not listed.</p>"), html);
    }

    @Test
    void escapesEverythingUntrusted() throws IOException {
        List<String> stack = List.of(EVIL + ".m(A.java:1)");
        LeakReport report = new LeakReport(Instant.EPOCH, EVIL, new JvmInfo(7, EVIL), Map.of(EVIL,
                new KindCounts(1, 0, 1, 1, 0)), List.of(),
                List.of(new SiteEntry(EVIL, ResourceState.OPEN, 1, stack, List.of(EVIL))), 0);
        String html = Reports.render(ReportFormatType.HTML, report);
        assertEquals(1, count(html, "<script"), "only the page's own script element");
        assertEquals(0, count(html, "<img"), html);
        assertEquals(0, count(html, "\u0000"));
        String escaped = "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"
                         + "&amp;amp;\uFFFD";
        assertTrue(html.contains("<span class=\"example\">" + escaped + "</span>"), html);
        assertTrue(html.contains("data-kind=\"" + escaped + "\""), html);
        assertTrue(html.contains("<li><code>" + escaped + ".m(A.java:1)</code></li>"), html);
        assertTrue(html.contains("<title>leakwatch report (" + escaped + ") pid 7</title>"), html);
    }

    @Test
    void showsReleasePlacesAndMarksDoubleReleasesThatAreFindings() throws Exception {
        String html = Reports.render(ReportFormatType.HTML, Reports.withReleases());
        assertTrue(html.contains("<div class=\"release-site\" data-kind=\"file\" data-released=\"100\" data-open=\"3\" "
                                 + "data-leaked=\"0\">"), html);
        assertTrue(html.contains("<div class=\"top-frame\">acquired at <code>com.example.Foo.load(Foo.java:42)</code>"
                                 + "<details class=\"stack\"><summary>stack, 2 frames</summary>"), html);
        assertTrue(html.contains("<tr class=\"release-place\" data-count=\"97\" data-other-thread=\"0\"><td class=\""
                                 + "place\"><code>com.example.Foo.close(Foo.java:50)</code><details class=\"stack\">"
                                 + "<summary>stack, 2 frames</summary><ol class=\"frames\" start=\"0\"><li><code>"
                                 + "com.example.Foo.close(Foo.java:50)</code></li><li><code>com.example.Main.main("
                                 + "Main.java:8)</code></li></ol></details></td><td class=\"count\">97</td>"
                                 + "<td class=\"other-thread\">0</td><td class=\"threads\">main</td>"
                                 + "<td class=\"p50\">5</td><td class=\"p90\">10</td><td class=\"p99\">20</td>"
                                 + "<td class=\"max\">25</td></tr>"), html);
        assertTrue(html.contains("<tr class=\"release-place\" data-count=\"3\" data-other-thread=\"3\">"), html);
        assertTrue(html.contains("<td class=\"threads\">worker-1, worker-2</td>"), html);
        assertTrue(html.contains("<tr class=\"release-place\" data-count=\"4\" data-other-thread=\"0\"><td class=\""
                                 + "place\"><span class=\"note\">without a close call (ended with its owner or found "
                                 + "gone)</span></td><td class=\"count\">4</td><td class=\"other-thread\">0</td>"
                                 + "<td class=\"threads\"></td><td class=\"p50\"></td><td class=\"p90\"></td>"
                                 + "<td class=\"p99\"></td><td class=\"max\"></td></tr>"), "no hold times: empty cells");
        assertTrue(html.contains("<tr class=\"double-release finding\" data-count=\"1\"><td class=\"first\"><code>"
                                 + "com.example.Dao.release(Dao.java:30)</code>"), html);
        assertTrue(html.contains("<td class=\"count\">1</td><td class=\"verdict\"><span class=\"mark mark-finding\""), html);
        assertTrue(html.contains("<tr class=\"double-release information\" data-count=\"2\">"), html);
        assertTrue(html.contains("<td class=\"count\">2</td><td class=\"verdict\"><span class=\"mark "
                                 + "mark-information\""), html);
        assertTrue(html.contains("<p class=\"note warn\" id=\"double-release-findings\">1 resource was closed twice "
                                 + "where a second close is a bug (marked below).</p>"), html);
        assertEquals(2, count(html, "<div class=\"release-site\""));
        assertEquals(4, count(html, "<tr class=\"release-place\""));
        assertEquals(2, count(html, "<li class=\"site\""), "release sites are not in the filtered list of sites");
        // still one self-contained page whose policy covers its (larger) style
        String style = between(html, "<style>", "</style>");
        assertTrue(html.contains("style-src '" + sha256(style) + "'"), html);
        for (String fetch : List.of("src=", "href=", "url(", "@import", "://", "<link")) {
            assertFalse(html.contains(fetch), "no fetch of any kind: " + fetch);
        }
        assertFalse(Reports.render(ReportFormatType.HTML, Reports.sample()).contains("releases-section"),
                "no section without release sites");
    }

    @Test
    void escapesReleaseSites() throws IOException {
        List<String> stack = List.of(EVIL + ".m(A.java:1)");
        LeakReport report = Reports.sample().withReleases(List.of(new ReleaseSite(EVIL, stack, 0, 0,
                List.of(new ReleasePlace(stack, 1, 1, List.of(EVIL))),
                List.of(new DoubleRelease(stack, stack, 1)), true)));
        String html = Reports.render(ReportFormatType.HTML, report);
        assertEquals(1, count(html, "<script"), "only the page's own script element");
        assertEquals(0, count(html, "<img"), html);
        assertEquals(0, count(html, "\u0000"));
        String escaped = "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"
                         + "&amp;amp;\uFFFD";
        assertTrue(html.contains("<div class=\"release-site\" data-kind=\"" + escaped + "\""), html);
        assertTrue(html.contains("<td class=\"threads\">" + escaped + "</td>"), html);
        assertTrue(html.contains("<td class=\"first\"><code>" + escaped + ".m(A.java:1)</code>"), html);
    }

    @Test
    void anEmptyReportSaysSo() throws IOException {
        String html = Reports.render(ReportFormatType.HTML, Reports.empty());
        assertTrue(html.contains("<p id=\"no-sites\">No open or leaked resources.</p>"), html);
        assertTrue(html.contains("<span id=\"shown\" aria-live=\"polite\">0 of 0 sites shown</span>"), html);
    }

    @Test
    void aMergedReportHasNoPid() throws IOException {
        String html = Reports.render(ReportFormatType.HTML, LeakReports.merge(List.of(Reports.sample(), Reports.sample())));
        assertFalse(html.contains("id=\"pid\""), html);
        assertTrue(html.contains("<title>leakwatch report (merged from 2 reports)</title>"), html);
    }

    private static int count(String s, String part) {
        int n = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    private static String between(String s, String start, String end) {
        Matcher m = Pattern.compile(Pattern.quote(start) + "(.*?)" + Pattern.quote(end), Pattern.DOTALL).matcher(s);
        assertTrue(m.find(), start);
        return m.group(1);
    }

    private static String sha256(String text) throws NoSuchAlgorithmException {
        return "sha256-" + Base64.getEncoder().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
