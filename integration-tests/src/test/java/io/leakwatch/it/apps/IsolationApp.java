package io.leakwatch.it.apps;

/**
 * Prints, for each class name argument, {@code <name> -> missing} or {@code <name> -> loader <loader>} where
 * {@code <loader>} is {@code null} for the bootstrap class loader.
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
        System.out.println("done");
    }
}
