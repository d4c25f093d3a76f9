package io.leakwatch.maven;

import org.apache.maven.artifact.Artifact;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Puts the leakwatch agent into every test JVM, as JaCoCo's {@code prepare-agent} does: sets the property Surefire's
 * and Failsafe's {@code argLine} read (by default {@code argLine}) to what it held plus
 * {@code -javaagent:<the agent jar>=report=target/leakwatch/leaks-{pid}.json,...}. Both a plain Surefire configuration
 * and {@code <argLine>@{argLine} -Xmx25m</argLine>} pick it up. The agent jar is the plugin's own dependency: there is
 * no path to write. Reports left in the output directory by an earlier run are removed first, so that
 * {@code report} and {@code check} see this run's test JVMs only.
 */
@Mojo(name = "prepare-agent", defaultPhase = LifecyclePhase.INITIALIZE, threadSafe = true)
public class PrepareAgentMojo extends AbstractMojo {
    /** The agent artifact in the plugin's artifact map (keyed without version and classifier). */
    static final String AGENT_ARTIFACT = "io.leakwatch:agent";

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    private MavenProject project;

    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    private MavenSession session;

    @Parameter(property = "plugin.artifactMap", readonly = true, required = true)
    private Map<String, Artifact> pluginArtifactMap;

    /** Skips the plugin: no agent in the test JVMs, no report, no check. */
    @Parameter(property = "leakwatch.skip", defaultValue = "false")
    private boolean skip;

    /**
     * The property the agent argument is added to. Surefire's and Failsafe's {@code argLine} read {@code argLine}; a
     * build that runs its tests' JVMs another way names its own property.
     */
    @Parameter(property = "leakwatch.propertyName", defaultValue = "argLine")
    private String propertyName;

    /** Where each test JVM writes its JSON report, and where {@code report} writes the merged one. */
    @Parameter(property = "leakwatch.outputDirectory", defaultValue = "${project.build.directory}/leakwatch")
    private File outputDirectory;

    /** The kinds to track, separated by commas: {@code file,socket,jdbc}. All by default. */
    @Parameter(property = "leakwatch.kinds")
    private String kinds;

    /** Limits per kind, {@code KIND=N} separated by commas: {@code file=500,jdbc=20}; {@code cuda.bytes=6g}. */
    @Parameter(property = "leakwatch.limits")
    private String limits;

    /** A suppression file ({@code kind:pattern} rules, one a line), read by the agent and by {@code check}. */
    @Parameter(property = "leakwatch.suppressions")
    private File suppressions;

    /** The agent's {@code stacks} option ({@code all} records every acquisition's stack). */
    @Parameter(property = "leakwatch.stacks")
    private String stacks;

    /** More agent options, verbatim, separated by commas: {@code depth=12,holdthreshold=30s}. */
    @Parameter(property = "leakwatch.options")
    private String options;

    @Override
    public void execute() throws MojoExecutionException {
        if (skip) {
            getLog().info("leakwatch: skipped (leakwatch.skip)");
            // a pom that writes @{argLine} must still find a value, as with JaCoCo's skip
            if (currentValue() == null) {
                project.getProperties().setProperty(propertyName, "");
            }
            return;
        }
        Path jar = agentJar();
        AgentArgument argument;
        try {
            argument = AgentArgument.of(jar, new AgentArgument.Settings(
                outputDirectory.toPath(), kinds, limits, suppressions == null ? null : suppressions.toPath(), stacks,
                options));
        } catch (IllegalArgumentException e) {
            throw new MojoExecutionException("leakwatch: " + e.getMessage());
        }
        if (suppressions != null && !suppressions.isFile()) {
            throw new MojoExecutionException("leakwatch: suppressions: " + suppressions + " is not a file; valid: a "
                                             + "file of kind:pattern rules, one a line");
        }
        removeOldReports(outputDirectory.toPath());
        String newValue = argument.appendTo(currentValue());
        project.getProperties().setProperty(propertyName, newValue);
        if (session.getUserProperties().getProperty(propertyName) != null) {
            // ${argLine} resolves to the command line's value, which does not hold the agent; @{argLine} is read
            // late, from the project's properties
            getLog().warn("leakwatch: " + propertyName + " is also given on the command line (-D" + propertyName
                          + "); a pom that writes ${" + propertyName + "} gets that value without the agent, one that "
                          + "writes @{" + propertyName + "} gets both");
        }
        getLog().info("leakwatch: " + propertyName + " set to " + newValue);
    }

    /** The property's value before this goal: the command line's, else the project's; {@code null} when neither. */
    private String currentValue() {
        String user = session.getUserProperties().getProperty(propertyName);
        return user != null ? user : project.getProperties().getProperty(propertyName);
    }

    private Path agentJar() throws MojoExecutionException {
        Artifact agent = pluginArtifactMap.get(AGENT_ARTIFACT);
        if (agent == null || agent.getFile() == null) {
            throw new MojoExecutionException("leakwatch: the agent jar (" + AGENT_ARTIFACT + ", classifier javaagent) "
                                             + "is not among the plugin's resolved dependencies");
        }
        return agent.getFile().toPath().toAbsolutePath();
    }

    /** Removes the test JVMs' reports of an earlier run, and an earlier merge, from {@code dir}. */
    private void removeOldReports(Path dir) throws MojoExecutionException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> old = Files.newDirectoryStream(dir, ForkReports.FORK_REPORT_GLOB)) {
            for (Path f : old) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir.resolve(ForkReports.MERGED_JSON));
            Files.deleteIfExists(dir.resolve(ForkReports.MERGED_HTML));
        } catch (IOException e) {
            throw new MojoExecutionException("leakwatch: cannot remove an earlier run's reports from " + dir + ": " + e,
                                             e);
        }
    }
}
