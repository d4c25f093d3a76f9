package io.leakwatch.report.cli;

import io.leakwatch.report.ReportInputException;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Arrays;

/**
 * The report commands of {@code java -jar leakwatch-agent.jar COMMAND ...}: {@code check}, {@code render},
 * {@code diff}, {@code trace} and {@code help}. The jar's launcher calls {@link #run(String[])} with all its arguments
 * (except for {@code attach}, which it routes itself) and exits with the status it returns.
 *
 * <p>Exit status: 0 success (check passed, no diff, the traced resource or site found), 1 the check failed, the diff
 * found new or grown sites, or the trace has no such resource or site, 2 bad input, said in one line on stderr
 * starting with {@code leakwatch: }: a missing or malformed report or trace, a report of another format, a bad
 * suppression line, an unknown command or option, a bad number.
 *
 * <p>Thread-safe: stateless.
 */
public final class ReportCli {

    /** The status for bad input and for a usage request without a command. */
    public static final int BAD_INPUT = 2;

    static final String USAGE = String.join("\n",
        "usage: java -jar leakwatch-agent.jar COMMAND ...",
        "",
        "  " + CheckCommand.SYNOPSIS,
        "      exit 0 when at most N (default 0) resources are open or leaked, else 1; prints a summary",
        "  " + RenderCommand.SYNOPSIS,
        "      writes the report in that format to FILE (atomically) or stdout; format by default from FILE's name",
        "  " + DiffCommand.SYNOPSIS,
        "      lists the sites new in HEAD or holding more resources there than in BASE; exit 1 if any, else 0",
        "  " + TraceCommand.SYNOPSIS,
        "      the life of one resource, or every acquisition at one site, from the agent's trace=FILE audit trail",
        "  jfc",
        "      writes leakwatch.jfc, the JDK Flight Recorder settings of leakwatch's events, to stdout: with the JDK's,",
        "      -XX:StartFlightRecording:settings=profile,settings=leakwatch.jfc,filename=app.jfr",
        "  attach PID [OPTIONS]",
        "      starts the agent in a running JVM; in one that runs it, changes its limits (limit.KIND=N)",
        "  report PID [--format text|json|html] [--output FILE]",
        "      the report of a running JVM that runs the agent, with no JMX set-up",
        "  help [COMMAND], COMMAND --help",
        "",
        inputs());

    /** What REPORT, --kinds and --suppressions are, for every command's own help. */
    private static final String INPUTS = inputs();

    /** The inputs' help, the kinds listed as the agent declares them ({@link io.leakwatch.report.Kinds}). */
    private static String inputs() {
        return String.join("\n",
            "REPORT, BASE and HEAD: " + String.join(" or ", io.leakwatch.report.JsonReportReader.FORMATS)
            + " JSON reports (written with",
            "report=FILE.json) or directories of them (every *.json in it); several are merged. --kinds: comma",
            "separated, from all, "
            + io.leakwatch.report.Kinds.choices() + ".",
            "--suppressions: a file of kind:pattern lines.",
            "Exit status 2: bad input, said in one line on stderr.");
    }

    private ReportCli() {
    }

    /** The help of one command, or {@code null} for a command without one here. */
    static String helpOf(String command) {
        switch (command) {
            case CheckCommand.NAME:
                return "usage: java -jar leakwatch-agent.jar " + CheckCommand.SYNOPSIS + "\n\n"
                       + "The CI gate: exit 0 when at most N (default 0) resources are open or leaked after the\n"
                       + "suppressions, else 1; prints the verdict, the counts per kind and the largest sites, each\n"
                       + "with the test that acquired it and the rule that would suppress it.\n\n" + INPUTS;
            case RenderCommand.NAME:
                return "usage: java -jar leakwatch-agent.jar " + RenderCommand.SYNOPSIS + "\n\n"
                       + "Writes the (merged) report as text, JSON or HTML to FILE, atomically, or to stdout; the\n"
                       + "format is FILE's extension unless --format says otherwise.\n\n" + INPUTS;
            case DiffCommand.NAME:
                return "usage: java -jar leakwatch-agent.jar " + DiffCommand.SYNOPSIS + "\n\n"
                       + "Lists the sites new in HEAD, or holding more resources there than in BASE: exit 1 if any,\n"
                       + "else 0. Sites are matched on the application's frames, so a JDK upgrade is no new leak.\n\n"
                       + INPUTS;
            case TraceCommand.NAME:
                return "usage: java -jar leakwatch-agent.jar " + TraceCommand.SYNOPSIS + "\n\n"
                       + "Reads the audit trail the agent writes with -javaagent:leakwatch-agent.jar=trace=FILE:\n"
                       + "FILE and its rotated FILE.1, FILE.2, ... (oldest first), read as one stream.\n"
                       + "  --id N    the life of resource N: its acquisition (time, thread, stack), and its release\n"
                       + "            (time, thread, how long held) or leak, or that it was still open at the end\n"
                       + "  --site S  every acquisition at site S, in order, with how each ended and how long it was\n"
                       + "            held, and a summary\n"
                       + "N and S are the \"id\" and \"site\" of the trace's lines. A trace being written can be\n"
                       + "read: the line the agent is in the middle of writing is left out.\n"
                       + "Exit status 0 when the trace has the resource or site, 1 when not; 2: bad input, said in\n"
                       + "one line on stderr.";
            default:
                return null;
        }
    }

    /**
     * {@code jfc}: the agent's {@code leakwatch.jfc} (a resource of the agent jar, read through this class's loader,
     * the agent's own) on {@code out}.
     */
    private static int jfc(String[] args, PrintStream out) throws UsageException, IOException {
        if (args.length != 0) {
            throw new UsageException("jfc takes no arguments; write it to a file: java -jar leakwatch-agent.jar jfc"
                                     + " > leakwatch.jfc");
        }
        try (java.io.InputStream in = ReportCli.class.getClassLoader().getResourceAsStream("leakwatch.jfc")) {
            if (in == null) {
                throw new UsageException("jfc: this build of the agent has no leakwatch.jfc");
            }
            out.write(in.readAllBytes());
        }
        return 0;
    }

    /** Whether {@code args} ask for help. */
    private static boolean asksForHelp(String[] args) {
        for (String a : args) {
            if (a.equals("--help") || a.equals("-h")) {
                return true;
            }
        }
        return false;
    }

    /** Runs the command {@code args} name on {@code System.out} and {@code System.err}; returns the exit status. */
    public static int run(String[] args) {
        return run(args, System.out, System.err);
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.println(USAGE);
            return BAD_INPUT;
        }
        String command = args[0];
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        if (helpOf(command) != null && asksForHelp(rest)) {
            out.println(helpOf(command));
            out.flush();
            return 0;
        }
        if (command.equals("help") && rest.length == 1 && helpOf(rest[0]) != null) {
            out.println(helpOf(rest[0]));
            out.flush();
            return 0;
        }
        try {
            switch (command) {
                case CheckCommand.NAME:
                    return CheckCommand.run(rest, out);
                case RenderCommand.NAME:
                    return RenderCommand.run(rest, out);
                case DiffCommand.NAME:
                    return DiffCommand.run(rest, out);
                case TraceCommand.NAME:
                    return TraceCommand.run(rest, out, err);
                case "jfc":
                    return jfc(rest, out);
                case "help":
                case "--help":
                case "-h":
                    out.println(USAGE);
                    return 0;
                default:
                    throw new UsageException("unknown command '" + command + "'; valid: check, render, diff, trace, "
                                             + "jfc, attach, report, help");
            }
        } catch (UsageException | ReportInputException e) {
            err.println("leakwatch: " + e.getMessage());
            return BAD_INPUT;
        } catch (IOException e) {
            // writing the output failed (a full disk, a directory in the way): the input was fine, the place is not
            err.println("leakwatch: " + command + ": cannot write the output (" + e + ")");
            return BAD_INPUT;
        } finally {
            out.flush();
            err.flush();
        }
    }
}
