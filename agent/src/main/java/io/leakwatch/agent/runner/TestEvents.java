package io.leakwatch.agent.runner;

import io.leakwatch.bootstrap.RunningTests;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The calls JUnit makes on the agent's test listener: when a test or a test class starts on a thread, that thread runs
 * it ({@link RunningTests#running}); when it finishes, the thread runs what contains it again (the class after a
 * method), or no test. A method is named {@code com.example.FooTest#readsTheHeader} (the form Surefire's
 * {@code -Dtest=} and JUnit's method selectors take), a class {@code com.example.FooTest}: what a class's static
 * initializers and {@code @BeforeAll} methods acquire is the class's. Invocations of a parameterized or repeated test,
 * and dynamic tests, carry the name of their method.
 *
 * <p>Every call returns normally whatever happens inside: a failure costs the test name, never the test run.
 *
 * <p>Thread-safe: JUnit calls it from any thread (tests run in parallel); the running tests are in a concurrent map.
 */
final class TestEvents implements InvocationHandler {
    /** What stands for "no name" in the map, which takes no nulls. */
    private static final String NONE = "";
    /** The unique ids of the tests and containers running now, with the name their acquisitions get. */
    private final ConcurrentHashMap<String, String> running = new ConcurrentHashMap<>();

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) {
        try {
            switch (method.getName()) {
                case "executionStarted":
                    started(args[0]);
                    return null;
                case "executionFinished":
                    finished(args[0]);
                    return null;
                case "testPlanExecutionFinished":
                    running.clear();
                    RunningTests.running(null);
                    return null;
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "equals":
                    return args != null && args.length == 1 && proxy == args[0];
                case "toString":
                    return "leakwatch test listener";
                default:
                    // every other listener method returns nothing
                    return null;
            }
        } catch (Throwable t) {
            return defaultOf(method);
        }
    }

    private void started(Object id) throws ReflectiveOperationException {
        String name = nameOf(id);
        if (name == null) {
            name = nameOrNone(parentOf(id));
        }
        running.put(uniqueIdOf(id), name);
        RunningTests.running(name.isEmpty() ? null : name);
    }

    private void finished(Object id) throws ReflectiveOperationException {
        running.remove(uniqueIdOf(id));
        String parent = nameOrNone(parentOf(id));
        RunningTests.running(parent.isEmpty() ? null : parent);
    }

    /** The name running under the container {@code parentId}, or {@link #NONE}. */
    private String nameOrNone(String parentId) {
        String name = parentId == null ? null : running.get(parentId);
        return name == null ? NONE : name;
    }

    /** {@code Class#method} for a method's test, {@code Class} for a class's, {@code null} for anything else. */
    static String nameOf(Object id) throws ReflectiveOperationException {
        Object source = ((Optional<?>) call(id, "getSource")).orElse(null);
        if (source == null) {
            return null;
        }
        String type = source.getClass().getName();
        if (type.equals("org.junit.platform.engine.support.descriptor.MethodSource")) {
            return call(source, "getClassName") + "#" + call(source, "getMethodName");
        }
        if (type.equals("org.junit.platform.engine.support.descriptor.ClassSource")) {
            return (String) call(source, "getClassName");
        }
        return null;
    }

    private static String uniqueIdOf(Object id) throws ReflectiveOperationException {
        return (String) call(id, "getUniqueId");
    }

    private static String parentOf(Object id) throws ReflectiveOperationException {
        return (String) ((Optional<?>) call(id, "getParentId")).orElse(null);
    }

    /** A public no-argument method of JUnit's public classes. */
    private static Object call(Object target, String method) throws ReflectiveOperationException {
        return target.getClass().getMethod(method).invoke(target);
    }

    private static Object defaultOf(Method method) {
        Class<?> r = method.getReturnType();
        if (r == boolean.class) {
            return false;
        }
        if (r == int.class) {
            return 0;
        }
        return null;
    }
}
