/**
 * Start-up wiring: reads the options, opens the JDK packages the bootstrap code needs, installs the registry into
 * {@link io.leakwatch.bootstrap.Hooks}, applies the advice plans with Byte Buddy, and registers the exit report.
 */
package io.leakwatch.agent.install;
