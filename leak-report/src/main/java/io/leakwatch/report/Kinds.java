package io.leakwatch.report;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The resource kinds the agent reports, by the lower-case label reports use. Tools check user input against it (a
 * suppression rule for {@code flie} would otherwise never match and silently suppress nothing).
 *
 * <p>The kinds are declared once, in the agent ({@code ResourceKind}); its build writes them into the agent jar as
 * {@value #RESOURCE}, which this class reads: the report tools run from that jar, and the Maven plugin has it on its
 * class path. Where the list is absent (this module used on its own), every label is accepted. A report may still
 * carry a kind the list lacks (one written by a newer agent): readers accept any label.
 *
 * <p>Thread-safe: the list is read once and never changes.
 */
public final class Kinds {
    /** The list's resource: one kind a line, in the agent's order, its label then {@code bytes} if measured so. */
    public static final String RESOURCE = "META-INF/leakwatch/kinds";

    private static volatile Declared declared;

    private Kinds() {
    }

    /** Every kind label, in the agent's order (that of the documentation); empty when the list is absent. */
    public static List<String> known() {
        return declared().labels;
    }

    /** Whether {@code kind} is a kind (any label is, when the list is absent). */
    public static boolean isKnown(String kind) {
        List<String> labels = known();
        return labels.isEmpty() || labels.contains(kind);
    }

    /** Whether {@code kind} is measured in bytes (its limit is {@code limit.<kind>.bytes}). */
    public static boolean inBytes(String kind) {
        return declared().bytes.contains(kind);
    }

    /** The known labels, comma separated, for messages that list the valid choices. */
    public static String choices() {
        List<String> labels = known();
        return labels.isEmpty() ? "any kind the agent tracks" : String.join(", ", labels);
    }

    private static Declared declared() {
        Declared d = declared;
        if (d == null) {
            d = read();
            declared = d;
        }
        return d;
    }

    private static Declared read() {
        List<String> labels = new ArrayList<>();
        List<String> bytes = new ArrayList<>();
        ClassLoader loader = Kinds.class.getClassLoader();
        try (InputStream in = loader == null ? ClassLoader.getSystemResourceAsStream(RESOURCE)
                                             : loader.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    String[] parts = line.trim().split("\\s+");
                    if (!parts[0].isEmpty()) {
                        labels.add(parts[0]);
                        if (parts.length > 1 && parts[1].equals("bytes")) {
                            bytes.add(parts[0]);
                        }
                    }
                }
            }
        } catch (IOException e) {
            // read as absent: every label accepted
            labels.clear();
            bytes.clear();
        }
        return new Declared(Collections.unmodifiableList(labels), Collections.unmodifiableList(bytes));
    }

    private record Declared(List<String> labels, List<String> bytes) {
    }
}
