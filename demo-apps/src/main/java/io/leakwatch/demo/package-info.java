/**
 * Runnable programs that leak resources, numbered, each saying in its javadoc how to run it under the agent.
 */
package io.leakwatch.demo;
