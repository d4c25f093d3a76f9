package io.leakwatch.jmx;

import javax.management.openmbean.CompositeData;
import javax.management.openmbean.CompositeDataSupport;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenDataException;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;

/**
 * The notification types of the {@code Resources} beans and their user data, which is {@code CompositeData} (an open
 * type: a remote client reads it without leakwatch classes).
 *
 * <p>Thread-safe (constants and stateless builders).
 */
public final class LiveNotifications {
    /** An acquisition found the kind at its limit (sent by the acquiring path, through the monitor thread). */
    public static final String LIMIT_REACHED = "io.leakwatch.limit.reached";
    /** The kind's occupancy rose to (or fell back to) WARNING. */
    public static final String OCCUPANCY_WARNING = "io.leakwatch.occupancy.warning";
    /** The kind's occupancy rose to CRITICAL. */
    public static final String OCCUPANCY_CRITICAL = "io.leakwatch.occupancy.critical";
    /** The kind's occupancy fell back below the warning share. */
    public static final String OCCUPANCY_NORMAL = "io.leakwatch.occupancy.normal";
    /** A resource has been held longer than {@code holdthreshold=}: a suspected leak; once per resource. */
    public static final String HELD_TOO_LONG = "io.leakwatch.hold.exceeded";
    /** A resource became unreachable while open: nobody can close it any more. */
    public static final String LEAK_FOUND = "io.leakwatch.leak.found";

    static final Shape LIMIT = new Shape("LimitReached", "a limit reached",
        new String[] {"kind", "open", "limit", "refused", "topSite"},
        new OpenType<?>[] {SimpleType.STRING, SimpleType.LONG, SimpleType.LONG, SimpleType.BOOLEAN, SimpleType.STRING});
    static final Shape OCCUPANCY = new Shape("Occupancy", "an occupancy change",
        new String[] {"kind", "state", "previousState", "open", "limit", "percent"},
        new OpenType<?>[] {SimpleType.STRING, SimpleType.STRING, SimpleType.STRING, SimpleType.LONG, SimpleType.LONG,
                           SimpleType.DOUBLE});
    static final Shape HELD = new Shape("HeldTooLong", "a resource held longer than the threshold",
        new String[] {"id", "kind", "description", "thread", "acquiredAtMillis", "heldMillis", "site"},
        new OpenType<?>[] {SimpleType.LONG, SimpleType.STRING, SimpleType.STRING, SimpleType.STRING, SimpleType.LONG,
                           SimpleType.LONG, SimpleType.STRING});

    static final Shape LEAKED = new Shape("LeakFound", "a resource found leaked",
        new String[] {"id", "kind", "description", "thread", "heldMillis", "site"},
        new OpenType<?>[] {SimpleType.LONG, SimpleType.STRING, SimpleType.STRING, SimpleType.STRING, SimpleType.LONG,
                           SimpleType.STRING});

    private LiveNotifications() {
    }

    /** A composite type with its items in declaration order. Immutable; thread-safe. */
    static final class Shape {
        final CompositeType type;
        private final String[] items;

        Shape(String name, String description, String[] items, OpenType<?>[] types) {
            this.items = items;
            try {
                this.type = new CompositeType(name, description, items, items, types);
            } catch (OpenDataException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        /** The user data with {@code values} for the items, in declaration order. */
        CompositeData data(Object... values) {
            try {
                return new CompositeDataSupport(type, items, values);
            } catch (OpenDataException e) {
                throw new IllegalArgumentException(e);
            }
        }
    }
}
