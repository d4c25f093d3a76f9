/**
 * The command line on the agent jar, {@code java -jar leakwatch-agent.jar check|render|diff|trace ...}: gates, renders
 * and compares reports read back from their JSON form, and follows resources through the agent's audit trail. Loaded
 * by the agent jar's launcher through the agent's private class loader, like the rest of the agent;
 * {@link io.leakwatch.report.cli.ReportCli} is the entry point.
 */
package io.leakwatch.report.cli;
