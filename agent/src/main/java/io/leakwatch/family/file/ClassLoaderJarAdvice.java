package io.leakwatch.family.file;

import io.leakwatch.agent.instrument.AdvicePlan;
import io.leakwatch.bootstrap.Hooks;
import net.bytebuddy.asm.Advice;

import java.net.URL;
import java.util.List;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * Whose the jars are that class loaders and {@code jar:} URL connections open (kind {@code file}; the jar files
 * themselves are tracked where every {@code ZipFile} opens, see {@link FileFamily}):
 *
 * <ul>
 *   <li>{@code URLClassLoader}'s constructors tell where each loader was made, with its {@code URLClassPath};</li>
 *   <li>{@code URLClassPath.getLoader(int)}, where every jar of a class path is first opened (JDK 17 to 25), tells
 *       which class path is opening jars on the thread, but only when it is about to open one (a lookup of a loader
 *       already open costs a field read and a comparison);</li>
 *   <li>{@code JarFileFactory.get(URL, boolean)} with caches off tells that a {@code jar:} connection opens a jar
 *       file of its own, which its stream closes.</li>
 * </ul>
 *
 * <p>Thread-safe: stateless.
 */
public final class ClassLoaderJarAdvice implements AdvicePlan.Advisor {
    private static final ClassLoaderJarAdvice ADVICE = new ClassLoaderJarAdvice();

    private ClassLoaderJarAdvice() {
    }

    /** The plans, part of kind {@code file}. */
    public static List<AdvicePlan> plans() {
        return AdvicePlan.on(ADVICE, "java.net.URLClassLoader",
                             "jdk.internal.loader.URLClassPath",
                             "sun.net.www.protocol.jar.JarFileFactory");
    }

    /** The advice of each plan above, by the class the plan is for (see {@link AdvicePlan.Advisor}). */
    @Override
    public void advise(String typeName, AdvicePlan.Builder b) {
        switch (typeName) {
            case "java.net.URLClassLoader":
                b.advise(LoaderMade.class, isConstructor());
                break;
            case "jdk.internal.loader.URLClassPath":
                b.advise(ClassPathOpening.class, named("getLoader").and(takesArguments(int.class)));
                break;
            case "sun.net.www.protocol.jar.JarFileFactory":
                b.advise(JarOpening.class, named("get").and(takesArguments(URL.class, boolean.class)));
                break;
            default:
                throw new IllegalArgumentException(typeName);
        }
    }

    static final class LoaderMade {
        private LoaderMade() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.FieldValue("ucp") Object classPath) {
            Hooks.classLoaderMade(classPath);
        }
    }

    /** Inside {@code getLoader(int)}, which is synchronized: {@code loaders} is read under the class path's lock. */
    static final class ClassPathOpening {
        private ClassPathOpening() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static Object enter(@Advice.This Object classPath, @Advice.Argument(0) int index,
                            @Advice.FieldValue("loaders") List<?> loaders) {
            return loaders.size() > index ? null : Hooks.classPathOpening(classPath);
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        static void exit(@Advice.Enter Object before) {
            if (before != null) {
                Hooks.jarOpeningEnded(before);
            }
        }
    }

    static final class JarOpening {
        private JarOpening() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static Object enter(@Advice.Argument(1) boolean useCaches) {
            return useCaches ? null : Hooks.uncachedJarOpening();
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        static void exit(@Advice.Enter Object before) {
            if (before != null) {
                Hooks.jarOpeningEnded(before);
            }
        }
    }
}
