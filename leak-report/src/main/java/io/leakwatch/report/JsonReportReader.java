package io.leakwatch.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a JSON report back into a {@link LeakReport}: what {@link JsonReportFormat} writes, read so that writing then
 * reading gives an equal report. Reads every version of the contract ({@link #FORMATS}): a
 * {@code leakwatch-report/1} report, written before release places were recorded, has no release sites.
 *
 * <p>Fields the contract may add later are ignored (it only ever adds fields), and so are the derived ones (a site's
 * {@code suppression}, a release site's {@code released}). Everything else is checked: a file that is missing, not
 * JSON, another format, or a report with a missing or mistyped field is a {@link ReportInputException} whose one-line
 * message names the file, the report's format and the field.
 *
 * <p>Uses jackson-core's streaming parser only, like the writer: the agent carries no databind.
 *
 * <p>Thread-safe: stateless; the shared {@link JsonFactory} is thread-safe and every call gets its own parser.
 *
 * <pre>{@code
 * LeakReport report = JsonReportReader.read(Path.of("target/leaks-1234.json"));
 * }</pre>
 */
public final class JsonReportReader {

    /** The first version of the contract: no {@code releases}. */
    private static final String FORMAT_1 = "leakwatch-report/1";

    /** The versions of the contract this reader reads, oldest first; the last is the one written. */
    public static final List<String> FORMATS = List.of(FORMAT_1, LeakReport.FORMAT);

    /** The end of every format error: what the tools accept instead. */
    static final String VALID = "valid: a " + String.join(" or ", FORMATS) + " JSON report, as written by the agent "
                                + "with report=FILE.json or format=json";

    // The source is named in our own messages; Jackson's location text would repeat it, with the content.
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();

    private JsonReportReader() {
    }

    /**
     * Reads the report in {@code file} (UTF-8).
     *
     * @throws ReportInputException when the file is missing, unreadable, not a JSON report of this format, or invalid
     */
    public static LeakReport read(Path file) throws ReportInputException {
        String source = file.toString();
        if (Files.isDirectory(file)) {
            throw new ReportInputException(source + ": is a directory, not a report file; " + VALID);
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ReportInputException(source + ": no such file; " + VALID, e);
        } catch (AccessDeniedException e) {
            throw new ReportInputException(source + ": cannot be read (permission denied); " + VALID, e);
        } catch (CharacterCodingException e) {
            throw new ReportInputException(source + ": is not UTF-8 text, so not a JSON report; " + VALID, e);
        } catch (IOException e) {
            throw new ReportInputException(source + ": cannot be read (" + e + "); " + VALID, e);
        }
        return read(text, source);
    }

    /**
     * Reads a report from {@code json}; {@code source} names it in error messages (a file name, {@code stdin}).
     *
     * @throws ReportInputException when the text is not a JSON report of this format, or invalid
     */
    public static LeakReport read(String json, String source) throws ReportInputException {
        // a byte-order mark (an editor's re-save) is no reason to reject a report
        json = json.startsWith("\uFEFF") ? json.substring(1) : json;
        sniffOtherFormats(json, source);
        Object root;
        try (JsonParser p = FACTORY.createParser(json)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new ReportInputException(source + ": is empty; " + VALID);
            }
            root = value(p, first);
            if (p.nextToken() != null) {
                throw new ReportInputException(source + ": has more after the report's closing '}' at "
                                               + where(p.currentTokenLocation()) + "; " + VALID);
            }
        } catch (JsonParseException e) {
            throw new ReportInputException(source + ": is not valid JSON (" + parserMessage(e) + " at "
                                           + where(e.getLocation()) + "); " + VALID, e);
        } catch (ReportInputException e) {
            throw e;
        } catch (IOException e) {
            throw new ReportInputException(source + ": cannot be parsed (" + e.getMessage() + "); " + VALID, e);
        }
        if (!(root instanceof Map)) {
            throw new ReportInputException(source + ": is JSON but not a leakwatch report (its root is not an "
                                           + "object); " + VALID);
        }
        Map<String, Object> map = asMap(root);
        String format = checkFormat(map.get("format"), source);
        return new Fields(source, format, "", map).report();
    }

    /** The other forms leakwatch writes get a message that says which one it is. */
    private static void sniffOtherFormats(String text, String source) throws ReportInputException {
        String start = text.stripLeading();
        if (start.startsWith("=== leakwatch report")) {
            throw new ReportInputException(source + ": is a leakwatch text report, not JSON; " + VALID);
        }
        if (start.regionMatches(true, 0, "<!DOCTYPE html", 0, 14) || start.regionMatches(true, 0, "<html", 0, 5)) {
            throw new ReportInputException(source + ": is an HTML report, not JSON; " + VALID);
        }
    }

    /** The report's format, one of {@link #FORMATS}. */
    private static String checkFormat(Object format, String source) throws ReportInputException {
        if (format == null) {
            throw new ReportInputException(source + ": is JSON but not a leakwatch report (it has no \"format\" field); "
                                           + VALID);
        }
        if (!FORMATS.contains(format)) {
            throw new ReportInputException(source + ": has \"format\": " + quoted(format) + ", not \""
                                           + String.join("\" or \"", FORMATS) + "\"; " + VALID);
        }
        return (String) format;
    }

    /** Jackson's message without the placeholder it puts where the (deliberately excluded) source would be. */
    private static String parserMessage(JsonParseException e) {
        return String.valueOf(e.getOriginalMessage()).replaceAll("Source: REDACTED \\([^)]*\\); ", "");
    }

    private static String where(JsonLocation location) {
        return location == null ? "an unknown place"
                : "line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    // ---------------------------------------------------------------- a minimal tree on the streaming parser

    /** Objects become maps (field order kept), arrays lists, integers longs, other numbers doubles. */
    private static Object value(JsonParser p, JsonToken t) throws IOException {
        switch (t) {
            case START_OBJECT: {
                Map<String, Object> map = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    map.put(name, value(p, p.nextToken()));
                }
                return map;
            }
            case START_ARRAY: {
                List<Object> list = new ArrayList<>();
                for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                    list.add(value(p, e));
                }
                return list;
            }
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
                // not a conditional expression: its numeric promotion would turn every long into a double
                if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    return p.getDoubleValue();
                }
                return p.getLongValue();
            case VALUE_NUMBER_FLOAT:
                return p.getDoubleValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            default:
                // VALUE_NULL; the parser reports every other token as malformed before we see it
                return null;
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object o) {
        return (Map<String, Object>) o;
    }

    private static String quoted(Object value) {
        String s = value instanceof String ? "\"" + value + "\"" : String.valueOf(value);
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }

    /**
     * One JSON object of the report and where it is ({@code sites[2]}), so that a bad field is named exactly.
     * Not thread-safe; lives for one read.
     */
    private static final class Fields {
        private final String source;
        /** The report's format, named in error messages. */
        private final String format;
        private final String path;
        private final Map<String, Object> map;

        Fields(String source, String format, String path, Map<String, Object> map) {
            this.source = source;
            this.format = format;
            this.path = path;
            this.map = map;
        }

        LeakReport report() throws ReportInputException {
            Instant createdAt = instant("createdAt");
            Fields jvmFields = object("jvm");
            JvmInfo jvm = new JvmInfo(jvmFields.whole("pid"), jvmFields.stringOrNull("javaVersion"));
            Map<String, KindCounts> counts = new LinkedHashMap<>();
            Fields countFields = object("counts");
            for (String kind : countFields.map.keySet()) {
                counts.put(kind, countFields.object(kind).kindCounts());
            }
            List<ResourceEntry> resources = new ArrayList<>();
            for (Fields r : objects("resources")) {
                resources.add(r.resource());
            }
            List<SiteEntry> sites = new ArrayList<>();
            for (Fields s : objects("sites")) {
                sites.add(s.site());
            }
            // heldApart was added to the contract later: a report without it held apart only the JVM's
            HeldApart apart = map.containsKey("heldApart") ? object("heldApart").heldApart()
                : HeldApart.ofJvm(whole("jvmInternalOpen"));
            // the first contract had no release places; from the second on, every report has the array
            List<ReleaseSite> releases = new ArrayList<>();
            if (!format.equals(FORMAT_1)) {
                for (Fields r : objects("releases")) {
                    releases.add(r.releaseSite());
                }
            }
            // added to the contract: absent when the agent kept no samples of the open counts
            OpenHistory history = map.containsKey("history") ? object("history").history() : OpenHistory.NONE;
            // added to the contract: absent when no hold time was recorded
            List<HoldTimeDistribution> holdTimes = new ArrayList<>();
            if (map.containsKey("holdTimes")) {
                Fields all = object("holdTimes");
                for (String kind : all.map.keySet()) {
                    Fields h = all.object(kind);
                    List<Long> millis = h.wholes("millis");
                    if (millis.size() != HoldTimeDistribution.PERCENTILES.size()) {
                        throw h.bad(h.name("millis") + " has " + millis.size() + " values, not one per percentile ("
                                    + HoldTimeDistribution.PERCENTILES.size() + ")");
                    }
                    holdTimes.add(new HoldTimeDistribution(kind, h.whole("count"), millis));
                }
            }
            return new LeakReport(createdAt, string("reason"), jvm, counts, resources, sites, apart,
                                  wholeOr("agentFailures", 0), wholeOr("suppressed", 0), releases, history, holdTimes);
        }

        private ReleaseSite releaseSite() throws ReportInputException {
            List<ReleasePlace> places = new ArrayList<>();
            for (Fields p : objects("places")) {
                places.add(p.releasePlace());
            }
            List<DoubleRelease> doubles = new ArrayList<>();
            for (Fields d : objects("doubleReleases")) {
                doubles.add(new DoubleRelease(d.strings("first"), d.strings("second"), d.whole("count")));
            }
            // unplaced: absent when every release was placed
            return new ReleaseSite(string("kind"), strings("stack"), whole("open"), whole("leaked"), places, doubles,
                                   bool("doubleReleaseIsFinding"), wholeOr("unplaced", 0));
        }

        private ReleasePlace releasePlace() throws ReportInputException {
            HoldPercentiles hold = HoldPercentiles.NONE;
            // absent when no hold time was recorded there
            if (map.containsKey("holdMillis")) {
                Fields h = object("holdMillis");
                hold = new HoldPercentiles(h.whole("count"), h.whole("p50"), h.whole("p90"), h.whole("p99"),
                                           h.whole("max"));
            }
            return new ReleasePlace(strings("stack"), whole("count"), whole("otherThread"), strings("threads"), hold);
        }

        private HeldApart heldApart() throws ReportInputException {
            List<HeldApart.OwnedSite> sites = new ArrayList<>();
            if (map.containsKey("sites")) {
                for (Fields s : objects("sites")) {
                    String owner = s.string("owner");
                    if (!HeldApart.OWNERS.contains(owner)) {
                        throw s.bad(s.name("owner") + " is " + quoted(owner) + "; valid: \""
                                    + String.join("\", \"", HeldApart.OWNERS) + "\"");
                    }
                    sites.add(new HeldApart.OwnedSite(owner, s.site()));
                }
            }
            return new HeldApart(wholeOr("jvm", 0), wholeOr("runner", 0), wholeOr("agents", 0),
                                 wholeOr("unusedPools", 0), sites);
        }

        private KindCounts kindCounts() throws ReportInputException {
            List<DeviceCounts> devices = new ArrayList<>();
            if (map.containsKey("devices")) {
                Fields d = object("devices");
                for (String ordinal : d.map.keySet()) {
                    Fields device = d.object(ordinal);
                    int n;
                    try {
                        n = Integer.parseInt(ordinal);
                    } catch (NumberFormatException e) {
                        throw bad(name("devices") + " has the key " + quoted(ordinal)
                                  + ", which is not a device ordinal (a whole number)");
                    }
                    devices.add(new DeviceCounts(n, device.whole("open"), device.whole("bytes")));
                }
            }
            return new KindCounts(whole("open"), whole("leaked"), whole("peak"), whole("acquired"), whole("released"),
                                  wholeOr("bytes", -1), devices);
        }

        private ResourceEntry resource() throws ReportInputException {
            return new ResourceEntry(whole("id"), string("kind"), state(), string("description"), stringOrNull("thread"),
                                     instant("acquiredAt"), whole("ageMillis"), strings("stack"), wholeOr("bytes", -1),
                                     stringOrNull("test"));
        }

        private SiteEntry site() throws ReportInputException {
            return new SiteEntry(string("kind"), state(), whole("count"), strings("stack"), strings("examples"),
                                 wholeOr("bytes", -1), stringOrNull("test"));
        }

        private ResourceState state() throws ReportInputException {
            String s = string("state");
            try {
                return ResourceState.fromLabel(s);
            } catch (IllegalArgumentException e) {
                throw bad(name("state") + " is " + quoted(s) + "; valid: \"open\", \"leaked\"");
            }
        }

        private Instant instant(String field) throws ReportInputException {
            String s = string(field);
            try {
                return Instant.parse(s);
            } catch (DateTimeParseException e) {
                throw bad(name(field) + " is " + quoted(s) + ", not an ISO-8601 UTC time such as "
                          + "\"2024-03-05T07:08:09.012Z\"");
            }
        }

        private String string(String field) throws ReportInputException {
            Object v = present(field, "a string");
            if (!(v instanceof String)) {
                throw mistyped(field, v, "a string");
            }
            return (String) v;
        }

        private String stringOrNull(String field) throws ReportInputException {
            return map.get(field) == null ? null : string(field);
        }

        private long whole(String field) throws ReportInputException {
            Object v = present(field, "a whole number");
            if (!(v instanceof Long)) {
                throw mistyped(field, v, "a whole number");
            }
            return (Long) v;
        }

        private boolean bool(String field) throws ReportInputException {
            Object v = present(field, "true or false");
            if (!(v instanceof Boolean)) {
                throw mistyped(field, v, "true or false");
            }
            return (Boolean) v;
        }

        private long wholeOr(String field, long absent) throws ReportInputException {
            return map.containsKey(field) ? whole(field) : absent;
        }

        private Fields object(String field) throws ReportInputException {
            Object v = present(field, "an object");
            if (!(v instanceof Map)) {
                throw mistyped(field, v, "an object");
            }
            return new Fields(source, format, name(field), asMap(v));
        }

        private List<Fields> objects(String field) throws ReportInputException {
            List<Fields> out = new ArrayList<>();
            List<?> list = list(field);
            for (int i = 0; i < list.size(); i++) {
                Object v = list.get(i);
                String at = name(field) + "[" + i + "]";
                if (!(v instanceof Map)) {
                    throw bad(at + " is " + quoted(v) + ", not an object");
                }
                out.add(new Fields(source, format, at, asMap(v)));
            }
            return out;
        }

        private OpenHistory history() throws ReportInputException {
            List<Long> times = wholes("timesMillis");
            Fields open = object("open");
            java.util.Map<String, List<Long>> byKind = new java.util.LinkedHashMap<>();
            for (String kind : open.map.keySet()) {
                List<Long> values = open.wholes(kind);
                if (values.size() != times.size()) {
                    throw open.bad(open.name(kind) + " has " + values.size() + " samples, not one per time ("
                                   + times.size() + ")");
                }
                byKind.put(kind, values);
            }
            return new OpenHistory(times, byKind);
        }

        private List<Long> wholes(String field) throws ReportInputException {
            List<Long> out = new ArrayList<>();
            List<?> list = list(field);
            for (int i = 0; i < list.size(); i++) {
                Object v = list.get(i);
                if (!(v instanceof Long)) {
                    throw bad(name(field) + "[" + i + "] is " + quoted(v) + ", not a whole number");
                }
                out.add((Long) v);
            }
            return out;
        }

        private List<String> strings(String field) throws ReportInputException {
            List<String> out = new ArrayList<>();
            List<?> list = list(field);
            for (int i = 0; i < list.size(); i++) {
                Object v = list.get(i);
                if (!(v instanceof String)) {
                    throw bad(name(field) + "[" + i + "] is " + quoted(v) + ", not a string");
                }
                out.add((String) v);
            }
            return out;
        }

        private List<?> list(String field) throws ReportInputException {
            Object v = present(field, "an array");
            if (!(v instanceof List)) {
                throw mistyped(field, v, "an array");
            }
            return (List<?>) v;
        }

        private Object present(String field, String expected) throws ReportInputException {
            Object v = map.get(field);
            if (v == null) {
                throw bad(name(field) + (map.containsKey(field) ? " is null" : " is missing") + " (" + expected
                          + " expected)");
            }
            return v;
        }

        private ReportInputException mistyped(String field, Object v, String expected) {
            return bad(name(field) + " is " + quoted(v) + ", not " + expected);
        }

        private String name(String field) {
            return path.isEmpty() ? field : path + "." + field;
        }

        private ReportInputException bad(String what) {
            return new ReportInputException(source + ": is not a valid " + format + " report: " + what);
        }
    }
}
