package io.leakwatch.report;

/**
 * Whether a tracked resource that was never released can still be released by the application.
 *
 * <p>Immutable and thread-safe.
 */
public enum ResourceState {
    /** Still open and still reachable: the application may yet close it. */
    OPEN("open"),
    /** Became unreachable while still open: nobody can release it any more. */
    LEAKED("leaked");

    private final String label;

    ResourceState(String label) {
        this.label = label;
    }

    /** The lower-case name used in every report format ({@code open}, {@code leaked}). */
    public String label() {
        return label;
    }

    /**
     * The state with this {@link #label()}, exactly as reports write it.
     *
     * @throws IllegalArgumentException naming the valid labels when {@code label} is none of them
     */
    public static ResourceState fromLabel(String label) {
        for (ResourceState s : values()) {
            if (s.label.equals(label)) {
                return s;
            }
        }
        throw new IllegalArgumentException("'" + label + "' is not a state; valid: open, leaked");
    }
}
