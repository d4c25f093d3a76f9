package io.leakwatch.agent.instrument;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClassHeaderTest {
    /** Constants of every kind (long, double, strings, method handles) before the header. */
    abstract static class Sample extends java.io.Reader implements java.sql.Wrapper, Comparable<Sample> {
        static final long L = 1L << 40;
        static final double D = 2.5;
        static final String S = "text";
        final Runnable r = () -> { };
    }

    static byte[] classFile(Class<?> c) throws IOException {
        try (InputStream in = c.getResourceAsStream(c.getSimpleName().replace('.', '$') + ".class")) {
            if (in != null) {
                return in.readAllBytes();
            }
        }
        try (InputStream in = c.getClassLoader().getResourceAsStream(c.getName().replace('.', '/') + ".class")) {
            return in.readAllBytes();
        }
    }

    static String[] expected(Class<?> c) {
        List<String> names = new ArrayList<>();
        names.add(c.getSuperclass() == null ? null : c.getSuperclass().getName());
        for (Class<?> i : c.getInterfaces()) {
            names.add(i.getName());
        }
        return names.toArray(new String[0]);
    }

    @Test
    void readsTheSuperclassAndInterfacesAsTheJvmDoes() throws IOException {
        for (Class<?> c : List.of(Sample.class, ClassHeaderTest.class, SuperTypeMatcher.class, ClassHeader.class)) {
            assertArrayEquals(expected(c), ClassHeader.superTypes(classFile(c)), c.getName());
        }
    }

    @Test
    void notAClassFileIsNoAnswer() {
        assertNull(ClassHeader.superTypes(new byte[] {1, 2, 3}));
        assertNull(ClassHeader.superTypes(new byte[] {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0, 0, 0, 61, 0, 5, 99}));
    }

    @Test
    void aClassOfJdkSupertypesOnlyNeedsNoLookAtAllButATargetOrAnUnknownOneDoes() throws IOException {
        SuperTypeMatcher m = new SuperTypeMatcher(Set.of("java.sql.Connection", "java.sql.Wrapper"));
        assertFalse(m.mayMatch(ClassHeaderTest.class.getName(), classFile(ClassHeaderTest.class)),
                    "extends Object, no interfaces");
        assertTrue(m.mayMatch(Sample.class.getName(), classFile(Sample.class)), "implements a target");
        assertTrue(m.mayMatch("x.Y", new String[] {"com.acme.Base"}), "an application supertype not seen yet");
        assertTrue(m.mayMatch("x.Y", (String[]) null), "an unreadable header");
    }

    /** An application class that implements no target, and classes below it. */
    abstract static class PlainBase implements Runnable {
    }

    abstract static class PlainChild extends PlainBase {
    }

    /** An application class below which a target is implemented only indirectly. */
    abstract static class JdbcBase implements java.sql.Connection {
    }

    abstract static class JdbcChild extends JdbcBase {
    }

    @Test
    void anApplicationSupertypeIsDecidedFromItsOwnHeaderThroughTheLoader() throws IOException {
        ClassLoader loader = ClassHeaderTest.class.getClassLoader();
        SuperTypeMatcher m = new SuperTypeMatcher(Set.of("java.sql.Connection"));
        assertFalse(m.mayMatch(PlainChild.class.getName(), classFile(PlainChild.class), loader),
                    "its superclass's header shows no target: turned away without Byte Buddy");
        assertFalse(m.mayMatch("x.Y", new String[] {PlainBase.class.getName()}),
                    "and the verdict is kept for the next subclass");
        assertTrue(m.mayMatch(JdbcChild.class.getName(), classFile(JdbcChild.class), loader),
                   "a target two levels up");
        assertTrue(new SuperTypeMatcher(Set.of("java.sql.Connection"))
                       .mayMatch(PlainChild.class.getName(), classFile(PlainChild.class), null),
                   "no loader to read the supertype through: in doubt");
        byte[] unknownSuper = classFile(PlainChild.class);
        assertFalse(new SuperTypeMatcher(Set.of("java.sql.Connection"))
                        .mayMatch(PlainChild.class.getName(), unknownSuper, new ClassLoader(null) { }),
                    "a supertype whose class file cannot be read: Byte Buddy's matcher fails on it and says no");
    }

    @Test
    void aTestRunnersClassesAndTheirSupertypesAreNeitherReadNorCandidates() throws IOException {
        SuperTypeMatcher m = new SuperTypeMatcher(Set.of("java.sql.Connection"));
        // a class loader that fails the test if asked for a class file
        ClassLoader reading = new ClassLoader(null) {
            @Override
            public java.io.InputStream getResourceAsStream(String name) {
                throw new AssertionError("read " + name);
            }
        };
        assertFalse(m.mayMatch("org.junit.platform.launcher.core.DefaultLauncher", classFile(JdbcBase.class), reading),
                    "a runner's class: turned away by its name, even with a target in its header");
        assertFalse(m.mayMatch("com.acme.FooTest", new String[] {"org.junit.jupiter.api.extension.Extension"}),
                    "a runner's supertype is never read");
        assertTrue(m.mayMatch("com.acme.Dao", new String[] {"com.acme.Base"}), "an application supertype still is");
    }

    /** An application class with code a JDBC subclass inherits, implementing nothing itself. */
    abstract static class PlainWithClose {
        public void close() {
        }
    }

    abstract static class JdbcOnPlain extends PlainWithClose implements java.sql.Connection {
    }

    interface MoreConnection extends java.sql.Connection {
    }

    abstract static class ViaInterface implements MoreConnection {
    }

    @Test
    void theHeadersSelectExactlyTheClassesByteBuddysMatcherSelectsInEitherOrder() throws IOException {
        ClassLoader loader = ClassHeaderTest.class.getClassLoader();
        // in load order: a superclass loads right after its subclass's bytes were matched
        List<Class<?>> order = List.of(PlainChild.class, JdbcChild.class, MoreConnection.class, JdbcOnPlain.class,
                                       PlainWithClose.class, ViaInterface.class, JdbcBase.class, PlainBase.class,
                                       Sample.class, ClassHeaderTest.class);
        SuperTypeMatcher byHeaders = new SuperTypeMatcher(Set.of("java.sql.Connection"));
        SuperTypeMatcher byByteBuddy = new SuperTypeMatcher(Set.of("java.sql.Connection"));
        List<String> selected = new ArrayList<>();
        for (Class<?> c : order) {
            Boolean fromHeaders = byHeaders.selects(c.getName(), classFile(c), loader);
            boolean fromByteBuddy = byByteBuddy.matches(net.bytebuddy.description.type.TypeDescription.ForLoadedType.of(c));
            assertEquals(Boolean.valueOf(fromByteBuddy), fromHeaders, c.getName());
            if (fromByteBuddy) {
                selected.add(c.getSimpleName());
            }
        }
        assertEquals(List.of("JdbcChild", "JdbcOnPlain", "PlainWithClose", "ViaInterface", "JdbcBase"), selected,
                     "the implementations, and the superclass a selected class inherits code from; no interface");
    }

    @Test
    void aClassWhoseSupertypeCannotBeReadIsNotSelectedAsByteBuddyWouldNotSelectIt() throws IOException {
        SuperTypeMatcher m = new SuperTypeMatcher(Set.of("java.sql.Connection"));
        ClassLoader blind = new ClassLoader(null) { };
        assertEquals(Boolean.FALSE, m.selects(PlainChild.class.getName(), classFile(PlainChild.class), blind));
        // Byte Buddy, given the same loader to read supertypes through, does not select it either
        net.bytebuddy.pool.TypePool pool = net.bytebuddy.pool.TypePool.Default.of(
            new net.bytebuddy.dynamic.ClassFileLocator.Compound(
                net.bytebuddy.dynamic.ClassFileLocator.Simple.of(PlainChild.class.getName(), classFile(PlainChild.class)),
                net.bytebuddy.dynamic.ClassFileLocator.ForClassLoader.of(blind)));
        assertFalse(new SuperTypeMatcher(Set.of("java.sql.Connection"))
                        .matches(pool.describe(PlainChild.class.getName()).resolve()));
        assertNull(m.selects("x.Y", new byte[] {1, 2, 3}, ClassHeaderTest.class.getClassLoader()), "not a class file");
        assertEquals(Boolean.FALSE, m.selects("java.util.HashMap", new byte[0], null), "a JDK class, by its name");
    }

    @Test
    void theHeaderSaysWhetherItIsAnInterface() throws IOException {
        assertTrue(ClassHeader.read(classFile(MoreConnection.class)).isInterface());
        assertFalse(ClassHeader.read(classFile(JdbcOnPlain.class)).isInterface());
        assertEquals(PlainWithClose.class.getName(), ClassHeader.read(classFile(JdbcOnPlain.class)).superClass());
    }
}
