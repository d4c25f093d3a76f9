package io.leakwatch.bootstrap;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Reads the JVM's raw backtrace of a {@link Throwable} without materializing {@link StackTraceElement}s, which is
 * what makes capturing a stack at every acquisition affordable: {@code fillInStackTrace} records method ids, bytecode
 * indices and classes in a few arrays; {@code getStackTrace()} would turn each frame into strings and objects.
 *
 * <p>The layout is HotSpot's ({@code java_lang_Throwable} in {@code javaClasses.hpp}): a chain of {@code Object[]}
 * chunks of 32 frames, each holding {@code short[] methods} at 0, {@code int[] bcis} at 1, {@code Object[] mirrors}
 * at 2, then names, and the next chunk at index 4 on JDK 17 (six slots) or 5 on JDK 19 and later (seven slots, a
 * continuations array was added at 4). {@link #create()} checks that layout against {@code getStackTrace()} and
 * returns {@code null} when it does not match, and the agent then falls back to symbolizing every stack.
 *
 * <p>Immutable and thread-safe.
 */
final class BacktraceReader {
    static final int CHUNK = 32;
    private final VarHandle backtrace;
    private final VarHandle depth;

    private BacktraceReader(VarHandle backtrace, VarHandle depth) {
        this.backtrace = backtrace;
        this.depth = depth;
    }

    /** A reader verified on this JVM, or {@code null} when the backtrace is not readable here. */
    static BacktraceReader create() {
        try {
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(Throwable.class, MethodHandles.lookup());
            BacktraceReader reader = new BacktraceReader(
                lookup.findVarHandle(Throwable.class, "backtrace", Object.class),
                lookup.findVarHandle(Throwable.class, "depth", int.class));
            return reader.verify(recurse(CHUNK + 7)) ? reader : null;
        } catch (Throwable notReadable) {
            return null;
        }
    }

    private static Throwable recurse(int n) {
        return n == 0 ? new Throwable() : recurse(n - 1);
    }

    private boolean verify(Throwable t) {
        StackTraceElement[] expected = t.getStackTrace();
        int n = depth(t);
        if (n != expected.length || n <= CHUNK) {
            return false;
        }
        Object[] chunk = firstChunk(t);
        for (int i = 0; i < n; i++) {
            if (i > 0 && i % CHUNK == 0) {
                chunk = next(chunk);
            }
            Object mirror = ((Object[]) chunk[2])[i % CHUNK];
            if (!(mirror instanceof Class) || !((Class<?>) mirror).getName().equals(expected[i].getClassName())) {
                return false;
            }
            if (!(chunk[0] instanceof short[]) || !(chunk[1] instanceof int[])) {
                return false;
            }
        }
        return true;
    }

    int depth(Throwable t) {
        return (int) depth.get(t);
    }

    Object[] firstChunk(Throwable t) {
        return (Object[]) backtrace.get(t);
    }

    static Object[] next(Object[] chunk) {
        // JDK 17: [methods, bcis, mirrors, names, next, hidden]; JDK 19+: [methods, bcis, mirrors, names, conts, next, hidden]
        return (Object[]) chunk[chunk.length == 6 ? 4 : 5];
    }

    static short method(Object[] chunk, int i) {
        return ((short[]) chunk[0])[i & (CHUNK - 1)];
    }

    static int bci(Object[] chunk, int i) {
        return ((int[]) chunk[1])[i & (CHUNK - 1)];
    }

    static Class<?> mirror(Object[] chunk, int i) {
        return (Class<?>) ((Object[]) chunk[2])[i & (CHUNK - 1)];
    }

    static short[] methods(Object[] chunk) {
        return (short[]) chunk[0];
    }

    static int[] bcis(Object[] chunk) {
        return (int[]) chunk[1];
    }

    static Object[] mirrors(Object[] chunk) {
        return (Object[]) chunk[2];
    }

    static boolean startsChunk(int i) {
        return i > 0 && (i & (CHUNK - 1)) == 0;
    }
}
