/**
 * The launchers: the {@code Premain-Class}, the {@code Main-Class} of the command line, and the private class loader
 * that holds the rest of the agent. They keep no state, load nothing but the JDK, and never let a failure escape into
 * the JVM's start-up.
 */
package io.leakwatch.agent.premain;
