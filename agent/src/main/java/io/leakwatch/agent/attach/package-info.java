/**
 * The {@code attach} command of the agent jar ({@code java -jar leakwatch-agent.jar attach <pid> [options]}): loads
 * the agent into a running JVM. Runs in the command's own JVM, loaded from {@code inst/} like the agent's internals.
 */
package io.leakwatch.agent.attach;
