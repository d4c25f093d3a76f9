/**
 * The part of leakwatch that lives in the bootstrap class loader: the registry of live resources, stack capture and
 * interning, the per-thread state ({@link io.leakwatch.bootstrap.CallDepth} nesting, the agent's re-entrancy guard),
 * and the API the families' boot hooks call ({@link io.leakwatch.bootstrap.Hooks}); each family's own boot classes,
 * which advice inlined into JDK classes calls, live in {@code io.leakwatch.family.<name>.boot}, defined in the boot
 * loader with this package.
 *
 * <p>Everything here imports only {@code java.*}: advice copied into a JDK class can call only what the bootstrap class
 * loader sees, and anything here is visible to every application class, so it must never drag a dependency along.
 * The rest of the agent (Byte Buddy, the report formats, option parsing) lives in a private class loader.
 */
package io.leakwatch.bootstrap;
