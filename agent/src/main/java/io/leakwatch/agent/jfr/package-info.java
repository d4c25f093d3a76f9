/**
 * leakwatch's JDK Flight Recorder events, and the bridge that commits them while a recording runs: leaks found,
 * limits reached and resources held too long (told to the bridge as a listener of the agent's events), and the
 * periodic open counts of every kind. Category {@code leakwatch}; names {@code leakwatch.*}.
 */
package io.leakwatch.agent.jfr;
