/**
 * The part of leakwatch that lives in the bootstrap class loader: the entry points that advice inlined into JDK
 * classes ({@code java.io}, {@code sun.nio.ch}, ...) calls ({@link io.leakwatch.bootstrap.Hooks}), the registry of live
 * resources, stack capture and interning, and the per-thread re-entrancy guard.
 *
 * <p>Everything here imports only {@code java.*}: advice copied into a JDK class can call only what the bootstrap class
 * loader sees, and anything here is visible to every application class, so it must never drag a dependency along.
 * The rest of the agent (Byte Buddy, the report formats, option parsing) lives in a private class loader.
 */
package io.leakwatch.bootstrap;
