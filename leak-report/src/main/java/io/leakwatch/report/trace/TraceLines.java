package io.leakwatch.report.trace;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.leakwatch.report.LeakGate;
import io.leakwatch.report.ReportInputException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses one line of a trace into a {@link TraceEvent}, with jackson-core's streaming parser (the agent carries no
 * databind). Fields this reader does not know are skipped unread, and lines of event types it does not know are
 * skipped whole: the format only ever adds fields and types. The fields of a known type are checked, and a bad one is
 * a {@link ReportInputException} naming the file and line.
 *
 * <p>Thread-safe: stateless; the shared {@link JsonFactory} is thread-safe and every line gets its own parser.
 */
final class TraceLines {

    // The file and line are named in our own messages; Jackson's location text would repeat the whole line.
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();

    /** The fields any known line type has; only these are read into values, the rest are skipped. */
    private static final Set<String> KNOWN = Set.of("event", "format", "id", "kind", "time", "thread", "site",
                                                    "description", "heldMillis", "count", "stack");

    /** A value that is an object: kept only to say "an object" in a message. */
    private static final Object OBJECT = new Object();

    /** Longest piece of a bad line quoted in a message: enough to recognise it, short enough for one line. */
    private static final int EXCERPT = 60;

    private TraceLines() {
    }

    /**
     * The {@code "format"} of a header line ({@code {"event":"trace","format":...}}): a string, or {@code null} when
     * the line is no header (not a JSON object, or another event) or has no string format.
     */
    static String headerFormat(String line) {
        Map<String, Object> fields = fields(line);
        if (fields == null || !"trace".equals(fields.get("event"))) {
            return null;
        }
        Object format = fields.get("format");
        return format instanceof String ? (String) format : null;
    }

    /**
     * The event on {@code line}, or {@code null} for a line to skip (an event type this reader does not know, a
     * header repeated).
     *
     * @param where the file and line number, {@code FILE:LINE}, for messages
     * @throws ReportInputException when the line is not a JSON object, or a field of a known type is missing or bad
     */
    static TraceEvent parse(String line, String where) throws ReportInputException {
        Map<String, Object> fields = fields(line);
        if (fields == null) {
            throw new ReportInputException(where + ": not a JSON object: " + excerpt(line) + "; each line of a "
                                           + TraceReader.FORMAT + " trace is one JSON object");
        }
        Object event = fields.get("event");
        if (!(event instanceof String)) {
            throw new ReportInputException(where + ": \"event\" is " + (event == null ? "missing" : describe(event))
                                           + "; each line of a " + TraceReader.FORMAT + " trace has an \"event\" "
                                           + "string, such as \"acquire\"");
        }
        TraceEvent.Type type = TraceEvent.Type.of((String) event);
        if (type == null) {
            return null;
        }
        Line l = new Line(where, type, fields);
        long none = TraceEvent.NONE;
        switch (type) {
            case SITE:
                return new TraceEvent(type, none, null, null, null, l.whole("site"), null, none, none,
                                      l.strings("stack"));
            case ACQUIRE:
                return new TraceEvent(type, l.whole("id"), l.string("kind"), l.string("time"), l.string("thread"),
                                      l.whole("site"), l.string("description"), none, none, List.of());
            case RELEASE:
            case LEAK:
                return new TraceEvent(type, l.whole("id"), l.string("kind"), l.string("time"), l.string("thread"),
                                      l.whole("site"), l.string("description"), l.wholeOr("heldMillis"), none,
                                      List.of());
            case REFUSED:
                return new TraceEvent(type, none, l.string("kind"), l.string("time"), l.stringOr("thread"),
                                      l.whole("site"), l.stringOr("description"), none, none, List.of());
            case DROPPED:
                return new TraceEvent(type, none, null, l.string("time"), null, none, null, none, l.whole("count"),
                                      List.of());
            default:
                throw new AssertionError(type);
        }
    }

    /**
     * The known fields of the JSON object on {@code line}, raw (strings, longs, doubles, booleans, lists, or
     * {@link #OBJECT}; a JSON null is left out); {@code null} when the line is not exactly one JSON object.
     */
    private static Map<String, Object> fields(String line) {
        try (JsonParser p = FACTORY.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            Map<String, Object> fields = new HashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                if (KNOWN.contains(name)) {
                    Object v = value(p, t);
                    if (v != null) {
                        fields.put(name, v);
                    }
                } else {
                    p.skipChildren();
                }
            }
            // a second value on the line (two objects, or a truncated write followed by the next one) is no object
            return p.nextToken() == null ? fields : null;
        } catch (IOException e) {
            // malformed JSON: the caller's message quotes the line, which says more than the parser's position
            return null;
        }
    }

    private static Object value(JsonParser p, JsonToken t) throws IOException {
        switch (t) {
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
                // beyond a long is no id anyone wrote: a double, so that it is reported as "not a whole number"
                return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? (Object) p.getDoubleValue()
                        : (Object) p.getLongValue();
            case VALUE_NUMBER_FLOAT:
                return p.getDoubleValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case START_ARRAY: {
                List<Object> list = new ArrayList<>();
                for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                    list.add(value(p, e));
                }
                return list;
            }
            case START_OBJECT:
                p.skipChildren();
                return OBJECT;
            default:
                // VALUE_NULL; the parser reports every other token as malformed before we see it
                return null;
        }
    }

    /** {@code "x"}, {@code 3}, {@code an array}, {@code an object}: a value for a message. */
    private static String describe(Object v) {
        if (v == OBJECT) {
            return "an object";
        }
        if (v instanceof List) {
            return "an array";
        }
        return v instanceof String ? excerpt("\"" + v + "\"") : String.valueOf(v);
    }

    /** The start of untrusted text, on one line and without terminal escapes. */
    private static String excerpt(String s) {
        String safe = LeakGate.safe(s);
        return safe.length() > EXCERPT ? safe.substring(0, EXCERPT - 3) + "..." : safe;
    }

    /**
     * The known fields of one line of a known type, checked as they are taken. Not thread-safe; lives for one line.
     */
    private static final class Line {
        private final String where;
        private final TraceEvent.Type type;
        private final Map<String, Object> fields;

        Line(String where, TraceEvent.Type type, Map<String, Object> fields) {
            this.where = where;
            this.type = type;
            this.fields = fields;
        }

        String string(String name) throws ReportInputException {
            Object v = fields.get(name);
            if (!(v instanceof String)) {
                throw bad(name, v, "a string");
            }
            return (String) v;
        }

        String stringOr(String name) throws ReportInputException {
            return fields.containsKey(name) ? string(name) : null;
        }

        long whole(String name) throws ReportInputException {
            Object v = fields.get(name);
            if (!(v instanceof Long) || (Long) v < 0) {
                throw bad(name, v, "a whole number of 0 or more");
            }
            return (Long) v;
        }

        long wholeOr(String name) throws ReportInputException {
            return fields.containsKey(name) ? whole(name) : TraceEvent.NONE;
        }

        List<String> strings(String name) throws ReportInputException {
            Object v = fields.get(name);
            if (!(v instanceof List)) {
                throw bad(name, v, "an array of strings");
            }
            List<?> list = (List<?>) v;
            List<String> out = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                Object e = list.get(i);
                if (!(e instanceof String)) {
                    throw new ReportInputException(where + ": " + type.label() + " event: \"" + name + "\"[" + i
                                                   + "] is " + (e == null ? "null" : describe(e)) + ", not a string");
                }
                out.add((String) e);
            }
            return out;
        }

        /** {@code FILE:7: acquire event: "id" is "x", not a whole number of 0 or more}. */
        private ReportInputException bad(String name, Object v, String expected) {
            String what = v == null ? "is missing (" + expected + " expected)"
                    : "is " + describe(v) + ", not " + expected;
            return new ReportInputException(where + ": " + type.label() + " event: \"" + name + "\" " + what);
        }
    }
}
