/**
 * The test runner's side of the agent: which test is running, told by a listener the agent registers on every JUnit
 * Platform launcher, so that reports and the CI gate name the test that left each resource behind.
 */
package io.leakwatch.agent.runner;
