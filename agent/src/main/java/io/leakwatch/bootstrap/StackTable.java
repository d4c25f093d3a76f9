package io.leakwatch.bootstrap;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Captures the stack of an acquisition and interns it, so that every acquisition from one call path shares one
 * {@link InternedStack}.
 *
 * <p>Capture is a plain {@code new Throwable()}: HotSpot records the frames as arrays of method ids and bytecode
 * indices, and {@link BacktraceReader} hashes and compares those directly. Symbolizing ({@code getStackTrace()}, the
 * expensive part) happens once per distinct stack, on the first acquisition from it. Where the backtrace cannot be
 * read, every stack is symbolized and not shared (slower, still correct).
 *
 * <p>Thread-safe: lookups read the bucket chains without locking; inserts are serialized on the table (they happen
 * once per distinct stack).
 */
final class StackTable {
    private static final int BUCKETS = 4096;
    /** Beyond this many distinct stacks (generated code can make them without end) new ones are not shared. */
    private static final int MAX_STACKS = 100_000;
    private final AtomicReferenceArray<InternedStack> buckets = new AtomicReferenceArray<>(BUCKETS);
    private final BacktraceReader reader;
    private final FrameFilter filter;
    /** Raw frames that take part in the key: the agent's and the acquiring API's frames sit above the shown depth. */
    private final int keyFrames;
    private int size;

    StackTable(BacktraceReader reader, FrameFilter filter) {
        this.reader = reader;
        this.filter = filter;
        this.keyFrames = filter.depth() + 40;
    }

    /** Who the code on the stacks is; see {@link FrameFilter}. */
    CodeOrigins origins() {
        return filter.origins();
    }

    /** Whether stacks are interned from the raw backtrace (the fast path). */
    boolean isInterning() {
        return reader != null;
    }

    /**
     * The interned stack recorded in {@code t}. The caller creates the {@code Throwable} itself, as close to the
     * instrumented method as it can: every frame between costs time in {@code fillInStackTrace}.
     */
    InternedStack intern(Throwable t, int skipTop) {
        return reader != null ? internRaw(t, skipTop) : filter.classify(0, null, null, null, t.getStackTrace(), skipTop);
    }

    /** {@code skipTop} is the same for every capture from one instrumented method, so it is not part of the key. */
    private InternedStack internRaw(Throwable t, int skipTop) {
        int n = Math.min(reader.depth(t), keyFrames);
        Object[] first = reader.firstChunk(t);
        int h = n;
        Object[] chunk = first;
        for (int base = 0; base < n; base += BacktraceReader.CHUNK) {
            if (base > 0) {
                chunk = BacktraceReader.next(chunk);
            }
            short[] methods = BacktraceReader.methods(chunk);
            int[] bcis = BacktraceReader.bcis(chunk);
            Object[] mirrors = BacktraceReader.mirrors(chunk);
            int end = Math.min(BacktraceReader.CHUNK, n - base);
            for (int i = 0; i < end; i++) {
                // by name, as compared in matches(): one class reloaded or defined twice is still one site
                h = 31 * (31 * (31 * h + ((Class<?>) mirrors[i]).getName().hashCode()) + methods[i]) + bcis[i];
            }
        }
        h ^= h >>> 16;
        for (InternedStack s = buckets.get(h & (BUCKETS - 1)); s != null; s = s.next) {
            if (s.hash == h && matches(s, first, n)) {
                return s;
            }
        }
        return insert(t, h, first, n, skipTop);
    }

    private static boolean matches(InternedStack s, Object[] chunk, int n) {
        if (s.classNames.length != n) {
            return false;
        }
        for (int base = 0; base < n; base += BacktraceReader.CHUNK) {
            if (base > 0) {
                chunk = BacktraceReader.next(chunk);
            }
            short[] methods = BacktraceReader.methods(chunk);
            int[] bcis = BacktraceReader.bcis(chunk);
            Object[] mirrors = BacktraceReader.mirrors(chunk);
            int end = Math.min(BacktraceReader.CHUNK, n - base);
            for (int i = 0; i < end; i++) {
                int k = base + i;
                if (s.methodIds[k] != methods[i] || s.bcis[k] != bcis[i]) {
                    return false;
                }
                // class names, not classes: the table must never keep a class loader alive
                String name = ((Class<?>) mirrors[i]).getName();
                if (name != s.classNames[k] && !name.equals(s.classNames[k])) {
                    return false;
                }
            }
        }
        return true;
    }

    private synchronized InternedStack insert(Throwable t, int h, Object[] first, int n, int skipTop) {
        int b = h & (BUCKETS - 1);
        for (InternedStack s = buckets.get(b); s != null; s = s.next) {
            if (s.hash == h && matches(s, first, n)) {
                return s;
            }
        }
        if (size >= MAX_STACKS) {
            return filter.classify(h, null, null, null, t.getStackTrace(), skipTop);
        }
        String[] classNames = new String[n];
        short[] methodIds = new short[n];
        int[] bcis = new int[n];
        // the frames' classes, to tell whose code each is by where it was loaded from: used here, never kept
        Class<?>[] classes = new Class<?>[n];
        Object[] chunk = first;
        for (int i = 0; i < n; i++) {
            if (BacktraceReader.startsChunk(i)) {
                chunk = BacktraceReader.next(chunk);
            }
            classes[i] = BacktraceReader.mirror(chunk, i);
            classNames[i] = classes[i].getName();
            methodIds[i] = BacktraceReader.method(chunk, i);
            bcis[i] = BacktraceReader.bci(chunk, i);
        }
        InternedStack s = filter.classify(h, classNames, methodIds, bcis, t.getStackTrace(), skipTop, classes);
        s.next = buckets.get(b);
        buckets.set(b, s);
        size++;
        return s;
    }
}
