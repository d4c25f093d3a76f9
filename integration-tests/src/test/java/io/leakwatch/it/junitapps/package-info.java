/**
 * JUnit test classes that {@code JUnitExtensionTest} runs with the JUnit Console Launcher in child JVMs, under the
 * agent and without it. Several fail on purpose; the module's own Surefire run excludes this package. Like the other
 * scenarios they announce their acquiring lines with {@link io.leakwatch.it.apps.Mark}.
 */
package io.leakwatch.it.junitapps;
