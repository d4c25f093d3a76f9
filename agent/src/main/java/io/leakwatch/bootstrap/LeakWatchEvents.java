package io.leakwatch.bootstrap;

/**
 * What the registry tells the live view (the MBeans' notifications) as it happens. Installed through
 * {@link LeakWatchControl#installEvents}; called on the acquiring thread, so implementations return quickly and never
 * throw (a failure is suppressed by the caller and counted as an agent failure).
 *
 * <p>Implementations are thread-safe.
 */
public interface LeakWatchEvents {
    /**
     * An acquisition of {@code kind} found {@code open} resources (bytes, for CUDA) already open against a limit of
     * {@code limit}. {@code refused}: the acquisition was failed ({@code onlimit=fail}); otherwise it went ahead.
     * {@code topSite} is the first frame of the site holding the most, or empty when not known.
     */
    void limitReached(String kind, long open, long limit, boolean refused, String topSite);
}
