package io.leakwatch.agent.attach;

import io.leakwatch.report.ReportFiles;
import io.leakwatch.report.ReportFormatType;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * {@code java -jar leakwatch-agent.jar report <pid> [--format text|json|html] [--output FILE]}: the report of a
 * running JVM that runs the agent, without any JMX set-up: through the attach API, which starts that JVM's local JMX
 * connector, and the agent's {@code io.leakwatch:type=LeakWatch} bean. Written to {@code FILE} (through a temporary
 * file renamed over it) or to stdout.
 *
 * <p>Exit status: 0 written, 1 the JVM could not give it, 2 bad arguments or no such JVM.
 *
 * <p>Thread-safe (stateless); a command-line entry point.
 */
public final class ReportPidCommand {
    static final String USAGE = "usage: java -jar leakwatch-agent.jar report <pid> [--format text|json|html] "
                                + "[--output FILE]";
    static final String BEAN = "io.leakwatch:type=LeakWatch";

    private ReportPidCommand() {
    }

    /** Runs the command on {@code args}, the words after {@code report}; returns the exit status. */
    public static int run(String[] args) {
        return run(args, System.out, System.err);
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        String pid = null;
        String format = null;
        Path output = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--help") || a.equals("-h")) {
                out.println(USAGE);
                out.println();
                out.println("The report of a running JVM that runs the agent, through the attach API and that JVM's "
                            + "local JMX connector: no JMX set-up needed. Without --output it goes to stdout; the "
                            + "format is by default FILE's extension (.json, .html), else text.");
                return 0;
            }
            if ((a.equals("--format") || a.equals("--output")) && i + 1 >= args.length) {
                err.println("leakwatch report: " + a + " needs a value; " + USAGE);
                return 2;
            }
            if (a.equals("--format")) {
                format = args[++i];
            } else if (a.equals("--output")) {
                output = Path.of(args[++i]).toAbsolutePath();
            } else if (a.startsWith("--")) {
                err.println("leakwatch report: unknown option '" + a + "'; valid: --format, --output; " + USAGE);
                return 2;
            } else if (pid == null) {
                pid = a;
            } else {
                err.println("leakwatch report: one process id only, got '" + pid + "' and '" + a + "'; " + USAGE);
                return 2;
            }
        }
        if (pid == null) {
            err.println("leakwatch report: no process id given; " + USAGE);
            return 2;
        }
        if (!AttachCommand.isPid(pid)) {
            err.println("leakwatch report: '" + pid + "' is not a process id (a positive number, as jps or ps shows);"
                        + " " + USAGE);
            return 2;
        }
        ReportFormatType type;
        try {
            type = format != null ? ReportFormatType.fromOptionName(format)
                : ReportFormatType.forPath(output == null ? "" : output.getFileName().toString());
        } catch (IllegalArgumentException e) {
            err.println("leakwatch report: --format: " + e.getMessage());
            return 2;
        }
        format = type.optionName();
        String notJvm = AttachCommand.notAJvm(Long.parseLong(pid));
        if (notJvm != null) {
            err.println("leakwatch report: " + notJvm);
            return 2;
        }
        String report;
        try (LiveJvm jvm = LiveJvm.attach(pid)) {
            if (!jvm.agentActive()) {
                err.println("leakwatch report: the agent does not run in JVM " + pid + "; load it with: java -jar "
                            + "leakwatch-agent.jar attach " + pid);
                return 1;
            }
            MBeanServerConnection server = jvm.jmx();
            report = (String) server.invoke(new ObjectName(BEAN), "report", new Object[] {format},
                                            new String[] {String.class.getName()});
        } catch (IllegalStateException e) {
            err.println("leakwatch report: " + e.getMessage());
            return 1;
        } catch (javax.management.InstanceNotFoundException e) {
            err.println("leakwatch report: JVM " + pid + " runs the agent without its MBeans (jmx=false); its "
                        + "report is written at exit (report=FILE)");
            return 1;
        } catch (Exception e) {
            err.println("leakwatch report: JVM " + pid + " could not give its report: " + e);
            return 1;
        }
        if (output == null) {
            out.print(report);
            out.flush();
            return 0;
        }
        try {
            ReportFiles.writeAtomically(report, output);
        } catch (IOException e) {
            err.println("leakwatch report: cannot write " + output + ": " + e);
            return 1;
        }
        out.println("leakwatch report: wrote " + output + " (" + format + ") from JVM " + pid);
        return 0;
    }
}
