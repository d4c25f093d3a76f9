package io.leakwatch.it.junitapps;

import io.leakwatch.it.apps.Mark;
import io.leakwatch.junit.LeakCheck;
import org.junit.jupiter.api.Test;

import java.io.FileOutputStream;
import java.io.IOException;

/** Run with {@code limit.file=1}: a test that leaks past the limit is told so in its failure. */
@LeakCheck
public class LimitScenarios {
    @Test
    void leaksPastALimit() throws IOException {
        Mark.next("limit-first");
        Kept.keep(new FileOutputStream("limit-first.txt"));
        Mark.next("limit-second");
        Kept.keep(new FileOutputStream("limit-second.txt"));
    }
}
