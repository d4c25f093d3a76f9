package io.leakwatch.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Map;

/**
 * The {@code leakwatch-report/2} JSON contract (the first one and {@code releases}), written with Jackson's streaming API so that the agent needs
 * jackson-core only (no databind, no reflection on the model).
 *
 * <p>Thread-safe: stateless; the shared {@link JsonFactory} is thread-safe once built and every call gets its own
 * generator and pretty printer.
 */
final class JsonReportFormat implements ReportFormat {

    // The caller owns the Writer (the interface promises not to close it), so closing the generator must only flush.
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .build();

    // "\n" rather than the platform separator, so reports are byte-identical whichever OS wrote them.
    private static final DefaultIndenter INDENTER = new DefaultIndenter("  ", "\n");

    @Override
    public void write(LeakReport report, Writer out) throws IOException {
        try (JsonGenerator gen = FACTORY.createGenerator(out)) {
            gen.setPrettyPrinter(prettyPrinter());
            gen.writeStartObject();
            gen.writeStringField("format", LeakReport.FORMAT);
            gen.writeStringField("createdAt", report.createdAt().toString());
            gen.writeStringField("reason", report.reason());
            writeJvm(gen, report.jvm());
            writeCounts(gen, report.counts());
            // kept for readers of the first contract; heldApart says the same and more
            gen.writeNumberField("jvmInternalOpen", report.jvmInternalOpen());
            writeHeldApart(gen, report.heldApart());
            gen.writeNumberField("agentFailures", report.agentFailures());
            // added to the contract with suppression files; absent (0) in reports to which no rule applied
            if (report.suppressed() > 0) {
                gen.writeNumberField("suppressed", report.suppressed());
            }
            gen.writeArrayFieldStart("resources");
            for (ResourceEntry r : report.resources()) {
                writeResource(gen, r);
            }
            gen.writeEndArray();
            gen.writeArrayFieldStart("sites");
            for (SiteEntry s : report.sites()) {
                writeSite(gen, s);
            }
            gen.writeEndArray();
            // added with leakwatch-report/2
            gen.writeArrayFieldStart("releases");
            for (ReleaseSite s : report.releases()) {
                writeRelease(gen, s);
            }
            gen.writeEndArray();
            // added to the contract: absent when the agent kept no samples
            if (!report.history().isEmpty()) {
                writeHistory(gen, report.history());
            }
            // added to the contract: absent when no hold time was recorded
            if (!report.holdTimes().isEmpty()) {
                gen.writeObjectFieldStart("holdTimes");
                for (HoldTimeDistribution h : report.holdTimes()) {
                    gen.writeObjectFieldStart(h.kind());
                    gen.writeNumberField("count", h.count());
                    gen.writeArrayFieldStart("percentiles");
                    for (double p : HoldTimeDistribution.PERCENTILES) {
                        gen.writeNumber(p);
                    }
                    gen.writeEndArray();
                    gen.writeArrayFieldStart("millis");
                    for (long m : h.millis()) {
                        gen.writeNumber(m);
                    }
                    gen.writeEndArray();
                    gen.writeEndObject();
                }
                gen.writeEndObject();
            }
            gen.writeEndObject();
        }
        // A final newline keeps the file friendly to cat, diff and line-oriented CI tools.
        out.write('\n');
        out.flush();
    }

    // A pretty printer tracks nesting depth, so it must not be shared between concurrent writes.
    private static DefaultPrettyPrinter prettyPrinter() {
        Separators separators = Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER);
        return new DefaultPrettyPrinter(separators)
                .withObjectIndenter(INDENTER)
                .withArrayIndenter(INDENTER);
    }

    private static void writeJvm(JsonGenerator gen, JvmInfo jvm) throws IOException {
        gen.writeObjectFieldStart("jvm");
        gen.writeNumberField("pid", jvm.pid());
        gen.writeStringField("javaVersion", jvm.javaVersion());
        gen.writeEndObject();
    }

    private static void writeCounts(JsonGenerator gen, Map<String, KindCounts> counts) throws IOException {
        gen.writeObjectFieldStart("counts");
        for (Map.Entry<String, KindCounts> e : counts.entrySet()) {
            KindCounts c = e.getValue();
            gen.writeObjectFieldStart(e.getKey());
            gen.writeNumberField("open", c.open());
            gen.writeNumberField("leaked", c.leaked());
            gen.writeNumberField("peak", c.peak());
            gen.writeNumberField("acquired", c.acquired());
            gen.writeNumberField("released", c.released());
            if (c.bytes() >= 0) {
                gen.writeNumberField("bytes", c.bytes());
            }
            if (!c.devices().isEmpty()) {
                gen.writeObjectFieldStart("devices");
                for (DeviceCounts d : c.devices()) {
                    gen.writeObjectFieldStart(Integer.toString(d.device()));
                    gen.writeNumberField("open", d.open());
                    gen.writeNumberField("bytes", d.bytes());
                    gen.writeEndObject();
                }
                gen.writeEndObject();
            }
            gen.writeEndObject();
        }
        gen.writeEndObject();
    }

    private static void writeHeldApart(JsonGenerator gen, HeldApart apart) throws IOException {
        gen.writeObjectFieldStart("heldApart");
        gen.writeNumberField("jvm", apart.jvm());
        gen.writeNumberField("runner", apart.runner());
        gen.writeNumberField("agents", apart.agents());
        gen.writeNumberField("unusedPools", apart.unusedPools());
        if (!apart.sites().isEmpty()) {
            gen.writeArrayFieldStart("sites");
            for (HeldApart.OwnedSite s : apart.sites()) {
                gen.writeStartObject();
                gen.writeStringField("owner", s.owner());
                writeSiteFields(gen, s.site());
                gen.writeEndObject();
            }
            gen.writeEndArray();
        }
        gen.writeEndObject();
    }

    private static void writeResource(JsonGenerator gen, ResourceEntry r) throws IOException {
        gen.writeStartObject();
        gen.writeNumberField("id", r.id());
        gen.writeStringField("kind", r.kind());
        gen.writeStringField("state", r.state().label());
        gen.writeStringField("description", r.description());
        gen.writeStringField("thread", r.thread());
        gen.writeStringField("acquiredAt", r.acquiredAt().toString());
        gen.writeNumberField("ageMillis", r.ageMillis());
        if (r.bytes() >= 0) {
            gen.writeNumberField("bytes", r.bytes());
        }
        if (r.test() != null) {
            // added to the contract: the test that was running when it was acquired
            gen.writeStringField("test", r.test());
        }
        writeStrings(gen, "stack", r.stack());
        gen.writeEndObject();
    }

    private static void writeSite(JsonGenerator gen, SiteEntry s) throws IOException {
        gen.writeStartObject();
        writeSiteFields(gen, s);
        // added to the contract: the rule that silences this site, or null when its stack is empty
        gen.writeStringField("suppression", SuppressionRule.suggestFor(s.kind(), s.stack()).orElse(null));
        gen.writeEndObject();
    }

    private static void writeSiteFields(JsonGenerator gen, SiteEntry s) throws IOException {
        gen.writeStringField("kind", s.kind());
        gen.writeStringField("state", s.state().label());
        gen.writeNumberField("count", s.count());
        if (s.bytes() >= 0) {
            gen.writeNumberField("bytes", s.bytes());
        }
        if (s.test() != null) {
            gen.writeStringField("test", s.test());
        }
        writeStrings(gen, "stack", s.stack());
        writeStrings(gen, "examples", s.examples());
    }

    private static void writeHistory(JsonGenerator gen, OpenHistory h) throws IOException {
        gen.writeObjectFieldStart("history");
        gen.writeArrayFieldStart("timesMillis");
        for (long t : h.timesMillis()) {
            gen.writeNumber(t);
        }
        gen.writeEndArray();
        gen.writeObjectFieldStart("open");
        for (Map.Entry<String, List<Long>> e : h.open().entrySet()) {
            gen.writeArrayFieldStart(e.getKey());
            for (long v : e.getValue()) {
                gen.writeNumber(v);
            }
            gen.writeEndArray();
        }
        gen.writeEndObject();
        gen.writeEndObject();
    }

    private static void writeRelease(JsonGenerator gen, ReleaseSite s) throws IOException {
        gen.writeStartObject();
        gen.writeStringField("kind", s.kind());
        writeStrings(gen, "stack", s.stack());
        // derived (the places' counts and the unplaced summed), for readers that want the total; not read back
        gen.writeNumberField("released", s.released());
        gen.writeNumberField("open", s.open());
        gen.writeNumberField("leaked", s.leaked());
        if (s.unplaced() > 0) {
            gen.writeNumberField("unplaced", s.unplaced());
        }
        gen.writeArrayFieldStart("places");
        for (ReleasePlace p : s.places()) {
            gen.writeStartObject();
            writeStrings(gen, "stack", p.stack());
            gen.writeNumberField("count", p.count());
            gen.writeNumberField("otherThread", p.otherThread());
            writeStrings(gen, "threads", p.threads());
            HoldPercentiles hold = p.holdTimes();
            if (!hold.isEmpty()) {
                gen.writeObjectFieldStart("holdMillis");
                gen.writeNumberField("count", hold.count());
                gen.writeNumberField("p50", hold.p50());
                gen.writeNumberField("p90", hold.p90());
                gen.writeNumberField("p99", hold.p99());
                gen.writeNumberField("max", hold.max());
                gen.writeEndObject();
            }
            gen.writeEndObject();
        }
        gen.writeEndArray();
        gen.writeArrayFieldStart("doubleReleases");
        for (DoubleRelease d : s.doubleReleases()) {
            gen.writeStartObject();
            writeStrings(gen, "first", d.first());
            writeStrings(gen, "second", d.second());
            gen.writeNumberField("count", d.count());
            gen.writeEndObject();
        }
        gen.writeEndArray();
        gen.writeBooleanField("doubleReleaseIsFinding", s.doubleReleaseIsFinding());
        gen.writeEndObject();
    }

    private static void writeStrings(JsonGenerator gen, String field, List<String> values) throws IOException {
        gen.writeArrayFieldStart(field);
        for (String v : values) {
            gen.writeString(v);
        }
        gen.writeEndArray();
    }
}
