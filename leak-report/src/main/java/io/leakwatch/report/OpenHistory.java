package io.leakwatch.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The open count of each kind over the run: sample times and, per kind, the open count at each. The agent samples
 * every second and halves its samples when it has 240, so the whole run is covered in bounded memory; the report's
 * last sample is the moment it was taken. A leak is a line that climbs.
 *
 * <p>Immutable and thread-safe.
 *
 * @param timesMillis sample times, milliseconds since the epoch, oldest first
 * @param open        per kind (in the kinds' order), the open count at each sample time
 */
public record OpenHistory(List<Long> timesMillis, Map<String, List<Long>> open) {
    /** No samples (a report of the first contract, a merged report). */
    public static final OpenHistory NONE = new OpenHistory(List.of(), Map.of());

    public OpenHistory {
        timesMillis = List.copyOf(timesMillis);
        Map<String, List<Long>> copy = new LinkedHashMap<>();
        for (Map.Entry<String, List<Long>> e : open.entrySet()) {
            if (e.getValue().size() != timesMillis.size()) {
                throw new IllegalArgumentException(e.getKey() + " has " + e.getValue().size() + " samples for "
                                                   + timesMillis.size() + " times");
            }
            copy.put(Objects.requireNonNull(e.getKey()), List.copyOf(e.getValue()));
        }
        open = Collections.unmodifiableMap(copy);
    }

    public boolean isEmpty() {
        return timesMillis.isEmpty();
    }

    /** The same history with only the kinds in {@code kinds}. */
    public OpenHistory onlyKinds(java.util.Collection<String> kinds) {
        Map<String, List<Long>> kept = new LinkedHashMap<>();
        for (Map.Entry<String, List<Long>> e : open.entrySet()) {
            if (kinds.contains(e.getKey())) {
                kept.put(e.getKey(), e.getValue());
            }
        }
        return new OpenHistory(timesMillis, kept);
    }

    /** The same history with one more sample at {@code timeMillis} ({@code open} by kind; a kind missing counts 0). */
    public OpenHistory plus(long timeMillis, Map<String, Long> openNow) {
        List<Long> times = new ArrayList<>(timesMillis);
        times.add(timeMillis);
        Map<String, List<Long>> values = new LinkedHashMap<>();
        for (Map.Entry<String, List<Long>> e : open.entrySet()) {
            List<Long> v = new ArrayList<>(e.getValue());
            v.add(openNow.getOrDefault(e.getKey(), 0L));
            values.put(e.getKey(), v);
        }
        return new OpenHistory(times, values);
    }
}
