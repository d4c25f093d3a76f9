/**
 * What leakwatch instruments, one class per resource family, each with its advice nested inside. Advice is inlined
 * into JDK classes, so it calls only {@link io.leakwatch.bootstrap.Hooks} and suppresses its own failures.
 *
 * <p>The hook points are where a descriptor is actually created or released ({@code FileInputStream.open},
 * {@code FileChannelImpl}'s constructor, {@code NioSocketImpl.create}, ...), not every public factory above them:
 * one hook then covers every API built on it, a failed open never reaches it, and resources of other file systems
 * (a zip file system, an in-memory one) are tracked through the descriptors they really hold. These names are JDK
 * internals; all of them exist unchanged from JDK 17 to 25.
 */
package io.leakwatch.agent.instrument;
