package io.leakwatch.agent.install;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JDK classes Byte Buddy instrumented in this JVM, each output with the exact bytes it was made from, for the
 * {@link TransformCache}. One class can be handed over in several forms (the boot loader's class file; the class as
 * HotSpot rebuilds it for a retransformation, which differs when the class came from the CDS archive or was
 * retransformed before): each form is kept with its own output, since only an output made from exactly the bytes a
 * later JVM hands over is sure to be what Byte Buddy would make there.
 *
 * <p>Thread-safe: classes are instrumented on any thread that loads them; every method locks this object.
 */
final class InstrumentedClasses {
    /** Binary name to its {@code {input, output}} pairs, in the order made. */
    private final Map<String, List<byte[][]>> byClass = new LinkedHashMap<>();

    /** Records that {@code output} was made from {@code input} for the class {@code binaryName}; a known input is kept once. */
    synchronized void add(String binaryName, byte[] input, byte[] output) {
        List<byte[][]> pairs = byClass.get(binaryName);
        if (pairs == null) {
            pairs = new ArrayList<>(2);
            byClass.put(binaryName, pairs);
        }
        if (!hasInput(pairs, input)) {
            pairs.add(new byte[][] {input, output});
        }
    }

    /** Whether one of {@code pairs} ({@code {input, output}}) was made from exactly {@code input}. */
    static boolean hasInput(List<byte[][]> pairs, byte[] input) {
        for (byte[][] p : pairs) {
            if (Arrays.equals(p[0], input)) {
                return true;
            }
        }
        return false;
    }

    /** Whether an output was made for {@code binaryName} (from any input). */
    synchronized boolean has(String binaryName) {
        return byClass.containsKey(binaryName);
    }

    /** Whether an output was made for {@code binaryName} from exactly {@code input}. */
    synchronized boolean has(String binaryName, byte[] input) {
        return hasInput(byClass.getOrDefault(binaryName, List.of()), input);
    }

    synchronized boolean isEmpty() {
        return byClass.isEmpty();
    }

    /** A copy: binary name to its {@code {input, output}} pairs, in the order made. */
    synchronized Map<String, List<byte[][]>> byClass() {
        Map<String, List<byte[][]>> copy = new LinkedHashMap<>();
        for (Map.Entry<String, List<byte[][]>> e : byClass.entrySet()) {
            copy.put(e.getKey(), List.copyOf(e.getValue()));
        }
        return copy;
    }
}
