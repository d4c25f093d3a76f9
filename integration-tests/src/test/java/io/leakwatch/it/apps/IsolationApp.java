package io.leakwatch.it.apps;

/**
 * Prints, for each class name argument, {@code <name> -> missing} or {@code <name> -> loader <loader>} where
 * {@code <loader>} is {@code null} for the bootstrap class loader; then whether the application can reach JDK
 * internals reflectively ({@code jdk.internal.misc -> open|closed}): the agent opens JDK packages to itself only.
 */
public final class IsolationApp {
    private IsolationApp() {
    }

    public static void main(String[] args) {
        for (String name : args) {
            try {
                Class<?> c = Class.forName(name);
                System.out.println(name + " -> loader " + c.getClassLoader());
            } catch (ClassNotFoundException e) {
                System.out.println(name + " -> missing");
            }
        }
        try {
            Class.forName("jdk.internal.misc.Unsafe").getMethod("getUnsafe").invoke(null);
            System.out.println("jdk.internal.misc -> open");
        } catch (ReflectiveOperationException | RuntimeException e) {
            System.out.println("jdk.internal.misc -> closed");
        }
        System.out.println("done");
    }
}
