/**
 * The leakwatch JUnit Jupiter extension: {@link io.leakwatch.junit.LeakCheck} fails a test that leaves resources open,
 * using the agent running in the test JVM ({@code -javaagent:leakwatch-agent.jar}). Only
 * {@code AgentAccess} names the agent's classes, and it runs only once the agent is known to be there; everything else
 * depends on {@code junit-jupiter-api} and the JDK alone.
 */
package io.leakwatch.junit;
