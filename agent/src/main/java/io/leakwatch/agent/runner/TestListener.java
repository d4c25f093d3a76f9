package io.leakwatch.agent.runner;

import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * Registers the agent's test listener on each JUnit Platform launcher made (see {@code TestRunnerInstrumentation}):
 * a {@link Proxy} of JUnit's own {@code TestExecutionListener} interface, made in the launcher's class loader, so that
 * nothing of the agent's needs JUnit's classes and nothing is put on the test class path. Everything goes through
 * JUnit's public API by reflection: {@code Launcher.registerTestExecutionListeners}, {@code TestIdentifier},
 * {@code MethodSource}, {@code ClassSource}.
 *
 * <p>Thread-safe: stateless; each listener's state is its own {@link TestEvents}.
 */
public final class TestListener implements java.util.function.Consumer<Object> {
    static final String LISTENER = "org.junit.platform.launcher.TestExecutionListener";
    static final String LAUNCHER = "org.junit.platform.launcher.Launcher";

    @Override
    public void accept(Object launcher) {
        try {
            ClassLoader loader = launcher.getClass().getClassLoader();
            Class<?> listenerType = Class.forName(LISTENER, false, loader);
            Object listener = Proxy.newProxyInstance(loader, new Class<?>[] {listenerType}, new TestEvents());
            Object listeners = Array.newInstance(listenerType, 1);
            Array.set(listeners, 0, listener);
            // through the public interface: the launcher's own class is not public
            Method register = Class.forName(LAUNCHER, false, loader)
                                   .getMethod("registerTestExecutionListeners", listeners.getClass());
            register.invoke(launcher, listeners);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            // another JUnit Platform than the one this was written for: no test names, nothing else changes
        }
    }
}
