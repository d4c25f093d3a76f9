package io.leakwatch.it.junitapps;

import io.leakwatch.it.apps.Mark;
import io.leakwatch.junit.LeakCheck;
import org.junit.jupiter.api.Test;

import java.io.FileOutputStream;
import java.io.IOException;

/**
 * No class annotation: checked only when JUnit auto-detects the extension
 * ({@code junit.jupiter.extensions.autodetection.enabled=true}), then with the defaults, except where a method's
 * annotation says otherwise.
 */
public class AutoDetectedScenarios {
    @Test
    void leaksWithoutAnnotation() throws IOException {
        Mark.next("auto-leak");
        Kept.keep(new FileOutputStream("auto-leak.txt"));
    }

    @Test
    void cleanWithoutAnnotation() throws IOException {
        try (FileOutputStream out = new FileOutputStream("auto-clean.txt")) {
            out.write(1);
        }
    }

    @Test
    @LeakCheck(allow = "*auto-allowed*")
    void annotationWins() throws IOException {
        Kept.keep(new FileOutputStream("auto-allowed.txt"));
    }
}
