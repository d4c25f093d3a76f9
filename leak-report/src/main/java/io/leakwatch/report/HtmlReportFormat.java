package io.leakwatch.report;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The report as one self-contained HTML page: totals per kind, then the sites, sortable by resources or bytes,
 * filterable by kind and state, searchable, each with its stack (collapsed) and a ready-made suppression rule; then,
 * when the report has them, where each site's resources were released and which were closed twice.
 *
 * <p>Everything is inline (no fetch of any kind: the page works from a CI artifact store, offline, under any
 * content-security policy of its own), and the page's own policy forbids every fetch and allows only its own style
 * and script, by hash: if a description ever escaped its escaping, an injected script still would not run.
 * Descriptions and frames are untrusted text and are always escaped.
 *
 * <p>Elements a tool or test can rely on: {@code #summary} (with {@code data-open}, {@code data-leaked},
 * {@code data-sites}); {@code #totals tr.kind-total[data-kind]} with cells {@code td.open}, {@code td.leaked},
 * {@code td.peak}, {@code td.acquired}, {@code td.released}, {@code td.bytes}; the controls {@code #sort}
 * ({@code count}, {@code bytes}), {@code #filter-kind}, {@code #filter-state} ({@code open}, {@code leaked}) and
 * {@code #search}; {@code #shown}; {@code #sites li.site} with {@code data-kind}, {@code data-state},
 * {@code data-count}, {@code data-bytes}, a {@code details.stack} and a {@code code.rule}; {@code #releases
 * div.release-site} with {@code data-kind}, {@code data-released}, {@code data-open}, {@code data-leaked}, holding a
 * {@code table.release-places} of {@code tr.release-place} rows ({@code data-count}, {@code data-other-thread}; cells
 * {@code td.place}, {@code td.count}, {@code td.other-thread}, {@code td.threads}, {@code td.p50}, {@code td.p90},
 * {@code td.p99}, {@code td.max}) and, where any, a {@code table.double-releases} of {@code tr.double-release} rows
 * ({@code data-count}, class {@code finding} or {@code information}). The page sets
 * {@code data-ready="true"} on {@code <html>} once its script ran. A location hash such as
 * {@code #kind=socket&state=leaked&sort=bytes&q=cache} opens it with those settings.
 *
 * <p>Thread-safe: stateless.
 */
final class HtmlReportFormat implements ReportFormat {

    private static final String NL = "\n";

    private static final String STYLE = String.join(NL,
        "body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;margin:1.5em auto;max-width:80em;"
            + "padding:0 1em;color:#1d1d1f;background:#fff}",
        "h1{font-size:1.5em;margin:0 0 .2em}h2{font-size:1.15em;margin:1.5em 0 .5em}",
        "#meta{color:#555;margin:0}#summary{font-weight:600}",
        "table{border-collapse:collapse}th,td{padding:.25em .8em;text-align:right;border-bottom:1px solid #ddd}",
        "th:first-child{text-align:left}thead th{background:#f3f3f5}",
        ".note{color:#555}.warn{color:#a40000}",
        "#controls{display:flex;flex-wrap:wrap;gap:1em;align-items:center;margin:.5em 0 1em}",
        "#controls input{min-width:18em}#shown{color:#555}",
        "#sites{list-style:none;padding:0;margin:0}",
        ".site{border:1px solid #ddd;border-radius:6px;padding:.6em .9em;margin:0 0 .8em}",
        ".site-head{font-weight:600}.state{display:inline-block;padding:0 .45em;border-radius:4px;color:#fff}",
        ".state-open{background:#b06000}.state-leaked{background:#b00020}",
        ".examples,.suppression{color:#444;margin-top:.3em;overflow-wrap:anywhere}",
        "code{font:12.5px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;overflow-wrap:anywhere}",
        ".top-frame{margin-top:.3em}details.stack{margin-top:.3em}summary{cursor:pointer;color:#0050a0}",
        "ol.frames{margin:.3em 0 0;padding-left:3em}code.rule{background:#f3f3f5;padding:0 .3em;user-select:all}",
        ".release-site{border:1px solid #ddd;border-radius:6px;padding:.6em .9em;margin:0 0 .8em}",
        ".release-site table{margin-top:.4em;width:100%}td.place,td.first,td.second,td.threads{text-align:left}",
        ".mark{display:inline-block;padding:0 .45em;border-radius:4px;color:#fff;font-size:.9em}",
        ".mark-finding{background:#b00020}.mark-information{background:#6b6b70}tr.finding{background:#fdecee}",
        "figure.chart{margin:0 0 1em}figure.chart figcaption{font-weight:600;margin-bottom:.2em}",
        "svg.history{max-width:100%;height:auto;background:#fafafa;border:1px solid #ddd;border-radius:4px}",
        "svg.history text{font:11px sans-serif;fill:#555}",
        "[hidden]{display:none!important}");

    private static final String SCRIPT = String.join(NL,
        "(function () {",
        "  'use strict';",
        "  var list = document.getElementById('sites');",
        "  var sites = Array.prototype.slice.call(list.querySelectorAll('li.site'));",
        "  var sort = document.getElementById('sort');",
        "  var kind = document.getElementById('filter-kind');",
        "  var state = document.getElementById('filter-state');",
        "  var search = document.getElementById('search');",
        "  var shown = document.getElementById('shown');",
        "  function num(el, name) { return Number(el.getAttribute('data-' + name)); }",
        "  function order(a, b) {",
        "    var d = 0;",
        "    if (sort.value === 'bytes') { d = num(b, 'bytes') - num(a, 'bytes'); }",
        "    if (d === 0) { d = num(b, 'count') - num(a, 'count'); }",
        "    return d !== 0 ? d : num(a, 'index') - num(b, 'index');",
        "  }",
        "  function apply() {",
        "    var k = kind.value, s = state.value, q = search.value.trim().toLowerCase(), visible = 0;",
        "    sites.slice().sort(order).forEach(function (el) {",
        "      var show = (!k || el.getAttribute('data-kind') === k) && (!s || el.getAttribute('data-state') === s)",
        "        && (!q || el.textContent.toLowerCase().indexOf(q) >= 0);",
        "      el.hidden = !show;",
        "      if (show) { visible++; }",
        "      list.appendChild(el);",
        "    });",
        "    shown.textContent = visible + ' of ' + sites.length + ' sites shown';",
        "  }",
        "  function choose(select, value) {",
        "    for (var i = 0; i < select.options.length; i++) {",
        "      if (select.options[i].value === value) { select.value = value; }",
        "    }",
        "  }",
        "  var hash = location.hash.replace(/^#/, '').split('&');",
        "  for (var i = 0; i < hash.length; i++) {",
        "    var eq = hash[i].indexOf('=');",
        "    if (eq < 0) { continue; }",
        "    var name = hash[i].substring(0, eq), value = decodeURIComponent(hash[i].substring(eq + 1));",
        "    if (name === 'kind') { choose(kind, value); }",
        "    else if (name === 'state') { choose(state, value); }",
        "    else if (name === 'sort') { choose(sort, value); }",
        "    else if (name === 'q') { search.value = value; }",
        "  }",
        "  [sort, kind, state].forEach(function (el) { el.addEventListener('change', apply); });",
        "  search.addEventListener('input', apply);",
        "  apply();",
        "  document.documentElement.setAttribute('data-ready', 'true');",
        "})();");

    // Only this page's own style and script may run; no fetch, no form, no base URL, no frame.
    private static final String POLICY = "default-src 'none'; style-src '" + sha256(STYLE) + "'; script-src '"
                                         + sha256(SCRIPT) + "'; base-uri 'none'; form-action 'none'";

    @Override
    public void write(LeakReport report, Writer out) throws IOException {
        StringBuilder sb = new StringBuilder(16_384);
        JvmInfo jvm = report.jvm();
        String title = "leakwatch report (" + report.reason() + ")" + (jvm.pid() > 0 ? " pid " + jvm.pid() : "");
        sb.append("<!DOCTYPE html>").append(NL)
          .append("<html lang=\"en\">").append(NL)
          .append("<head>").append(NL)
          .append("<meta charset=\"utf-8\">").append(NL)
          .append("<meta http-equiv=\"Content-Security-Policy\" content=\"").append(POLICY).append("\">").append(NL)
          .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">").append(NL)
          .append("<meta name=\"generator\" content=\"leakwatch ").append(LeakReport.FORMAT).append("\">").append(NL)
          .append("<title>").append(escape(title)).append("</title>").append(NL)
          .append("<style>").append(STYLE).append("</style>").append(NL)
          .append("</head>").append(NL)
          .append("<body>").append(NL);
        appendHeader(sb, report);
        appendTotals(sb, report);
        HistoryCharts.append(sb, report);
        HoldTimeCharts.append(sb, report.holdTimes());
        appendSites(sb, report);
        appendHeldApart(sb, report.heldApart());
        appendReleases(sb, report.releases());
        sb.append("<script>").append(SCRIPT).append("</script>").append(NL)
          .append("</body>").append(NL)
          .append("</html>").append(NL);
        out.write(sb.toString());
        out.flush();
    }

    private static void appendHeader(StringBuilder sb, LeakReport report) {
        JvmInfo jvm = report.jvm();
        long open = report.total(ResourceState.OPEN);
        long leaked = report.total(ResourceState.LEAKED);
        sb.append("<header>").append(NL)
          .append("<h1>leakwatch report</h1>").append(NL)
          .append("<p id=\"meta\">taken at <span id=\"reason\">").append(escape(report.reason())).append("</span>");
        if (jvm.pid() > 0) {
            sb.append(" &middot; pid <span id=\"pid\">").append(jvm.pid()).append("</span>");
        }
        sb.append(" &middot; Java <span id=\"java\">").append(escape(jvm.javaVersion())).append("</span>")
          .append(" &middot; <time id=\"created-at\">").append(report.createdAt()).append("</time></p>").append(NL)
          .append("<p id=\"summary\" data-open=\"").append(open).append("\" data-leaked=\"").append(leaked)
          .append("\" data-sites=\"").append(report.sites().size()).append("\">").append(open).append(" open, ")
          .append(leaked).append(" leaked resource(s) from ").append(report.sites().size()).append(" site(s).</p>")
          .append(NL)
          .append("</header>").append(NL);
    }

    private static void appendTotals(StringBuilder sb, LeakReport report) {
        sb.append("<section id=\"totals-section\">").append(NL)
          .append("<h2>Totals per kind</h2>").append(NL)
          .append("<table id=\"totals\">").append(NL)
          .append("<thead><tr><th scope=\"col\">kind</th><th scope=\"col\">open</th><th scope=\"col\">leaked</th>")
          .append("<th scope=\"col\">peak</th><th scope=\"col\">acquired</th><th scope=\"col\">released</th>")
          .append("<th scope=\"col\">bytes</th></tr></thead>").append(NL)
          .append("<tbody>").append(NL);
        for (Map.Entry<String, KindCounts> e : report.counts().entrySet()) {
            KindCounts c = e.getValue();
            sb.append("<tr class=\"kind-total\" data-kind=\"").append(escape(e.getKey())).append("\">")
              .append("<th scope=\"row\">").append(escape(e.getKey())).append("</th>")
              .append("<td class=\"open\">").append(c.open()).append("</td>")
              .append("<td class=\"leaked\">").append(c.leaked()).append("</td>")
              .append("<td class=\"peak\">").append(c.peak()).append("</td>")
              .append("<td class=\"acquired\">").append(c.acquired()).append("</td>")
              .append("<td class=\"released\">").append(c.released()).append("</td>")
              .append("<td class=\"bytes\">").append(c.bytes() >= 0 ? Bytes.format(c.bytes()) : "").append("</td>")
              .append("</tr>").append(NL);
        }
        sb.append("</tbody>").append(NL).append("</table>").append(NL);
        HeldApart apart = report.heldApart();
        if (apart.open() > 0) {
            sb.append("<p class=\"note\" id=\"held-apart\" data-jvm=\"").append(apart.jvm()).append("\" data-runner=\"")
              .append(apart.runner()).append("\" data-agents=\"").append(apart.agents()).append("\">")
              .append(escape(TextReportFormat.apartCounts(apart))).append(" are not the application's")
              .append(apart.sites().isEmpty() ? " and are not listed" : "").append(".</p>").append(NL);
        }
        if (apart.unusedPools() > 0) {
            sb.append("<p class=\"note\" id=\"unused-pools\">").append(apart.unusedPools())
              .append(apart.unusedPools() == 1 ? " thread pool was" : " thread pools were")
              .append(" dropped before starting any thread: they held nothing and are not leaks.</p>").append(NL);
        }
        if (report.suppressed() > 0) {
            sb.append("<p class=\"note\" id=\"suppressed\">").append(report.suppressed())
              .append(" open or leaked resources matched suppression rules and are not listed.</p>").append(NL);
        }
        if (report.agentFailures() > 0) {
            sb.append("<p class=\"note warn\" id=\"agent-failures\">leakwatch missed ").append(report.agentFailures())
              .append(" events after failures inside the agent; counts may be low.</p>").append(NL);
        }
        sb.append("</section>").append(NL);
    }

    private static void appendSites(StringBuilder sb, LeakReport report) {
        Set<String> kinds = new LinkedHashSet<>(report.counts().keySet());
        for (SiteEntry s : report.sites()) {
            kinds.add(s.kind());
        }
        sb.append("<section id=\"sites-section\">").append(NL)
          .append("<h2>Sites</h2>").append(NL)
          .append("<div id=\"controls\">").append(NL)
          .append("<label>Sort by <select id=\"sort\"><option value=\"count\">resources</option>")
          .append("<option value=\"bytes\">bytes</option></select></label>").append(NL)
          .append("<label>Kind <select id=\"filter-kind\"><option value=\"\">all</option>");
        for (String k : kinds) {
            sb.append("<option value=\"").append(escape(k)).append("\">").append(escape(k)).append("</option>");
        }
        sb.append("</select></label>").append(NL)
          .append("<label>State <select id=\"filter-state\"><option value=\"\">all</option>")
          .append("<option value=\"open\">open</option><option value=\"leaked\">leaked</option></select></label>")
          .append(NL)
          .append("<label>Search <input id=\"search\" type=\"search\" placeholder=\"frame, description or rule\">")
          .append("</label>").append(NL)
          .append("<span id=\"shown\" aria-live=\"polite\">").append(report.sites().size()).append(" of ")
          .append(report.sites().size()).append(" sites shown</span>").append(NL)
          .append("</div>").append(NL)
          .append("<ol id=\"sites\">").append(NL);
        List<SiteEntry> sites = report.sites();
        for (int i = 0; i < sites.size(); i++) {
            appendSite(sb, sites.get(i), i);
        }
        sb.append("</ol>").append(NL);
        if (sites.isEmpty()) {
            sb.append("<p id=\"no-sites\">No open or leaked resources.</p>").append(NL);
        }
        sb.append("</section>").append(NL);
    }

    /**
     * The sites held apart, when the report lists them: a section of their own, outside the list the filters and
     * counts work on, so that nothing there reads as the application's.
     */
    private static void appendHeldApart(StringBuilder sb, HeldApart apart) {
        if (apart.sites().isEmpty()) {
            return;
        }
        sb.append("<section id=\"held-apart-section\">").append(NL)
          .append("<h2>Held apart, not the application's</h2>").append(NL)
          .append("<ol id=\"held-apart-sites\">").append(NL);
        for (HeldApart.OwnedSite s : apart.sites()) {
            SiteEntry site = s.site();
            sb.append("<li class=\"apart-site\" data-owner=\"").append(escape(s.owner())).append("\" data-kind=\"")
              .append(escape(site.kind())).append("\" data-count=\"").append(site.count()).append("\">")
              .append("<span class=\"owner\">").append(escape(TextReportFormat.ownerPhrase(s.owner())))
              .append("</span>: <span class=\"kind\">").append(escape(site.kind())).append("</span>, ")
              .append(site.count()).append(site.count() == 1 ? " resource" : " resources");
            if (!site.examples().isEmpty()) {
                sb.append(", e.g. <span class=\"example\">").append(escape(site.examples().get(0))).append("</span>");
            }
            if (!site.stack().isEmpty()) {
                sb.append(" <code class=\"top-frame\">").append(escape(site.stack().get(0))).append("</code>");
            }
            sb.append("</li>").append(NL);
        }
        sb.append("</ol>").append(NL).append("</section>").append(NL);
    }

    private static void appendSite(StringBuilder sb, SiteEntry site, int index) {
        String state = site.state().label();
        sb.append("<li class=\"site\" id=\"site-").append(index + 1).append("\" data-index=\"").append(index)
          .append("\" data-kind=\"").append(escape(site.kind())).append("\" data-state=\"").append(state)
          .append("\" data-count=\"").append(site.count()).append("\" data-bytes=\"").append(site.bytes())
          .append(site.test() == null ? "" : "\" data-test=\"" + escape(site.test()))
          .append("\">").append(NL)
          .append("<div class=\"site-head\"><span class=\"state state-").append(state).append("\">")
          .append(state.equals("open") ? "Open" : "Leaked").append("</span> <span class=\"kind\">")
          .append(escape(site.kind())).append("</span>: <span class=\"count\">").append(site.count())
          .append("</span> ").append(site.count() == 1 ? "resource" : "resources");
        if (site.bytes() >= 0) {
            sb.append(", <span class=\"size\">").append(Bytes.format(site.bytes())).append("</span>");
        }
        sb.append("</div>").append(NL);
        if (!site.examples().isEmpty()) {
            sb.append("<div class=\"examples\">e.g. ");
            for (int i = 0; i < site.examples().size(); i++) {
                sb.append(i > 0 ? ", " : "").append("<span class=\"example\">").append(escape(site.examples().get(i)))
                  .append("</span>");
            }
            sb.append("</div>").append(NL);
        }
        if (site.test() != null) {
            sb.append("<div class=\"test\">in test <code>").append(escape(site.test())).append("</code></div>")
              .append(NL);
        }
        List<String> stack = site.stack();
        if (stack.isEmpty()) {
            sb.append("<div class=\"top-frame\">(no stack recorded)</div>").append(NL);
        } else {
            sb.append("<div class=\"top-frame\"><code>").append(escape(stack.get(0))).append("</code></div>").append(NL);
            appendStack(sb, stack);
            sb.append(NL);
        }
        SuppressionRule.suggestFor(site.kind(), stack).ifPresent(rule -> sb
                .append("<div class=\"suppression\">suppress with: <code class=\"rule\">").append(escape(rule))
                .append("</code></div>").append(NL));
        sb.append("</li>").append(NL);
    }

    /** A stack, collapsed: {@code details.stack} with every frame, numbered from 0. */
    private static void appendStack(StringBuilder sb, List<String> stack) {
        sb.append("<details class=\"stack\"><summary>stack, ").append(stack.size())
          .append(stack.size() == 1 ? " frame" : " frames").append("</summary><ol class=\"frames\" start=\"0\">");
        for (String frame : stack) {
            sb.append("<li><code>").append(escape(frame)).append("</code></li>");
        }
        sb.append("</ol></details>");
    }

    /** A stack in a table cell: its top frame, then the whole stack collapsed; {@code empty} when it has none. */
    private static void appendStackCell(StringBuilder sb, List<String> stack, String empty) {
        if (stack.isEmpty()) {
            sb.append("<span class=\"note\">").append(empty).append("</span>");
        } else {
            sb.append("<code>").append(escape(stack.get(0))).append("</code>");
            appendStack(sb, stack);
        }
    }

    /**
     * Where each site's resources were released: a block per acquisition site with a table of its release places and
     * one of its double releases, those that are a bug for the kind marked as findings. A section of its own, outside
     * the list the filters and counts work on: these resources were released, none of it is a leak.
     */
    private static void appendReleases(StringBuilder sb, List<ReleaseSite> releases) {
        if (releases.isEmpty()) {
            return;
        }
        long findings = 0;
        for (ReleaseSite site : releases) {
            findings += site.doubleReleaseIsFinding() ? site.doubleReleased() : 0;
        }
        sb.append("<section id=\"releases-section\">").append(NL)
          .append("<h2>Where resources were released</h2>").append(NL);
        if (findings > 0) {
            sb.append("<p class=\"note warn\" id=\"double-release-findings\">").append(findings)
              .append(findings == 1 ? " resource was" : " resources were")
              .append(" closed twice where a second close is a bug (marked below).</p>").append(NL);
        }
        sb.append("<div id=\"releases\">").append(NL);
        for (ReleaseSite site : releases) {
            appendReleaseSite(sb, site);
        }
        sb.append("</div>").append(NL).append("</section>").append(NL);
    }

    private static void appendReleaseSite(StringBuilder sb, ReleaseSite site) {
        sb.append("<div class=\"release-site\" data-kind=\"").append(escape(site.kind())).append("\" data-released=\"")
          .append(site.released()).append("\" data-open=\"").append(site.open()).append("\" data-leaked=\"")
          .append(site.leaked()).append("\">").append(NL)
          .append("<div class=\"site-head\"><span class=\"kind\">").append(escape(site.kind()))
          .append("</span>: <span class=\"released\">").append(site.released()).append("</span> released, <span ")
          .append("class=\"open\">").append(site.open()).append("</span> open, <span class=\"leaked\">")
          .append(site.leaked()).append("</span> leaked</div>").append(NL)
          .append("<div class=\"top-frame\">acquired at ");
        appendStackCell(sb, site.stack(), "(no stack recorded)");
        sb.append("</div>").append(NL);
        if (!site.places().isEmpty()) {
            sb.append("<table class=\"release-places\">").append(NL)
              .append("<thead><tr><th scope=\"col\">released at</th><th scope=\"col\">count</th>")
              .append("<th scope=\"col\">on another thread</th><th scope=\"col\">threads</th>")
              .append("<th scope=\"col\">held p50 (ms)</th><th scope=\"col\">p90</th><th scope=\"col\">p99</th>")
              .append("<th scope=\"col\">max</th></tr></thead>").append(NL)
              .append("<tbody>").append(NL);
            for (ReleasePlace place : site.places()) {
                HoldPercentiles hold = place.holdTimes();
                sb.append("<tr class=\"release-place\" data-count=\"").append(place.count())
                  .append("\" data-other-thread=\"").append(place.otherThread()).append("\"><td class=\"place\">");
                appendStackCell(sb, place.stack(), "without a close call (ended with its owner or found gone)");
                sb.append("</td><td class=\"count\">").append(place.count()).append("</td>")
                  .append("<td class=\"other-thread\">").append(place.otherThread()).append("</td>")
                  .append("<td class=\"threads\">").append(escape(String.join(", ", place.threads()))).append("</td>")
                  // empty cells, not zeros, where nothing was timed: 0 ms would read as a measurement
                  .append("<td class=\"p50\">").append(hold.isEmpty() ? "" : Long.toString(hold.p50())).append("</td>")
                  .append("<td class=\"p90\">").append(hold.isEmpty() ? "" : Long.toString(hold.p90())).append("</td>")
                  .append("<td class=\"p99\">").append(hold.isEmpty() ? "" : Long.toString(hold.p99())).append("</td>")
                  .append("<td class=\"max\">").append(hold.isEmpty() ? "" : Long.toString(hold.max())).append("</td>")
                  .append("</tr>").append(NL);
            }
            sb.append("</tbody>").append(NL).append("</table>").append(NL);
        }
        if (site.unplaced() > 0) {
            sb.append("<div class=\"unplaced\">").append(site.unplaced())
              .append(" released where no stack was recorded (the thread's stack budget was spent)</div>").append(NL);
        }
        if (!site.doubleReleases().isEmpty()) {
            String verdict = site.doubleReleaseIsFinding() ? "finding" : "information";
            sb.append("<table class=\"double-releases\">").append(NL)
              .append("<thead><tr><th scope=\"col\">closed twice: first at</th><th scope=\"col\">again at</th>")
              .append("<th scope=\"col\">count</th><th scope=\"col\">meaning</th></tr></thead>").append(NL)
              .append("<tbody>").append(NL);
            for (DoubleRelease d : site.doubleReleases()) {
                sb.append("<tr class=\"double-release ").append(verdict).append("\" data-count=\"").append(d.count())
                  .append("\"><td class=\"first\">");
                appendStackCell(sb, d.first(), "without a close call (ended with its owner or found gone)");
                sb.append("</td><td class=\"second\">");
                appendStackCell(sb, d.second(), "(no stack recorded)");
                sb.append("</td><td class=\"count\">").append(d.count()).append("</td><td class=\"verdict\">")
                  .append(site.doubleReleaseIsFinding()
                          ? "<span class=\"mark mark-finding\" title=\"a second close of this kind is a bug: a pooled "
                            + "connection closed twice may return another borrower&#39;s connection\">finding</span>"
                          : "<span class=\"mark mark-information\" title=\"a second close of this kind does nothing"
                            + "\">information</span>")
                  .append("</td></tr>").append(NL);
            }
            sb.append("</tbody>").append(NL).append("</table>").append(NL);
        }
        sb.append("</div>").append(NL);
    }

    /**
     * Text for an element's content or a quoted attribute value. Control characters, which HTML does not allow (NUL)
     * or renders invisibly, become U+FFFD so that a reader sees that something was there.
     */
    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&':
                    b.append("&amp;");
                    break;
                case '<':
                    b.append("&lt;");
                    break;
                case '>':
                    b.append("&gt;");
                    break;
                case '"':
                    b.append("&quot;");
                    break;
                case '\'':
                    b.append("&#39;");
                    break;
                default:
                    b.append(Character.isISOControl(c) && c != '\t' ? '\uFFFD' : c);
            }
        }
        return b.toString();
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            // every Java platform must provide SHA-256
            throw new IllegalStateException(e);
        }
    }
}
