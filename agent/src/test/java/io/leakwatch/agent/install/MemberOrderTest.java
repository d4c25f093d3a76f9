package io.leakwatch.agent.install;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

class MemberOrderTest {
    /** Overloads and fields to reorder. */
    @SuppressWarnings("unused")
    static final class Sample {
        int a;
        long b;
        String c;

        int write(int x) {
            return x + a;
        }

        long write(long x, long y) {
            return x * y + b;
        }

        String write(String s) {
            return s + c;
        }

        static double other(double d) {
            return d * 2;
        }
    }

    static byte[] classFile(Class<?> c) throws IOException {
        try (InputStream in = c.getResourceAsStream(c.getName().substring(c.getName().lastIndexOf('.') + 1)
                                                    + ".class")) {
            return in.readAllBytes();
        }
    }

    @Test
    void twoMemberOrdersOfOneClassHaveOneCanonicalForm() throws Exception {
        byte[] original = classFile(Sample.class);
        Comparator<byte[]> byBytes = Arrays::compare;
        byte[] reversed = MemberOrder.withMembersSorted(original, byBytes.reversed());
        assertNotNull(reversed);
        assertFalse(Arrays.equals(original, reversed), "reversing changes the bytes");
        assertEquals(original.length, reversed.length);
        assertArrayEquals(MemberOrder.canonical(original), MemberOrder.canonical(reversed));
        // the reordered file is a valid class with the same members
        Class<?> defined = new ClassLoader(null) {
            Class<?> define() {
                return defineClass(Sample.class.getName(), reversed, 0, reversed.length);
            }
        }.define();
        assertEquals(signatures(Sample.class), signatures(defined));
        assertEquals(Set.of("a", "b", "c"), new TreeSet<>(Arrays.stream(defined.getDeclaredFields())
                                                              .map(f -> f.getName()).toList()));
    }

    @Test
    void whatIsNotAClassFileHasNoCanonicalForm() throws IOException {
        byte[] original = classFile(Sample.class);
        assertNull(MemberOrder.canonical(new byte[] {1, 2, 3}));
        assertNull(MemberOrder.canonical(Arrays.copyOf(original, original.length - 1)), "truncated");
        assertNull(MemberOrder.canonical(Arrays.copyOf(original, original.length + 1)), "trailing byte");
    }

    private static Set<String> signatures(Class<?> c) {
        Set<String> out = new TreeSet<>();
        for (Method m : c.getDeclaredMethods()) {
            out.add(m.getName() + Arrays.toString(m.getParameterTypes()) + m.getReturnType());
        }
        return out;
    }
}
