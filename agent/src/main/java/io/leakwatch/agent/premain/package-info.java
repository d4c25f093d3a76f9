/**
 * The launcher: the {@code Premain-Class} and the private class loader that holds the rest of the agent. It keeps no
 * state, loads nothing but the JDK, and never lets a failure escape into the JVM's start-up.
 */
package io.leakwatch.agent.premain;
