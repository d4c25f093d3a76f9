/**
 * The overhead benchmark: {@link io.leakwatch.bench.BenchmarkRunner} starts fresh JVMs running a
 * {@link io.leakwatch.bench.Workload}, alternately without and with the agent, and prints the ratio of the medians.
 * A plain harness rather than JMH because the variable under test is a JVM flag ({@code -javaagent}).
 */
package io.leakwatch.bench;
