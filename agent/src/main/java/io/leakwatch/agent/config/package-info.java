/**
 * The agent's configuration: one immutable {@link io.leakwatch.agent.config.LeakWatchOptions} built by
 * {@link io.leakwatch.agent.config.OptionsParser} from the agent arguments, {@code -Dleakwatch.*} properties and an
 * optional properties file.
 */
package io.leakwatch.agent.config;
