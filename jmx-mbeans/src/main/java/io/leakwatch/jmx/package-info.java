/**
 * The MXBeans that JConsole and VisualVM will show (live counts per kind, top sites, hold times, limits): fed by a
 * snapshot supplier, with no dependency on the agent's internals. Empty until that issue is built; the module exists
 * so the build layout is final.
 */
package io.leakwatch.jmx;
