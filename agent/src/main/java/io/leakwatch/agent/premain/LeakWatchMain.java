package io.leakwatch.agent.premain;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * The jar's {@code Main-Class}: {@code java -jar leakwatch-agent.jar COMMAND ...}.
 *
 * <p>The commands are not here: like the agent itself, they live under {@code inst/} and are loaded through an
 * {@link AgentClassLoader}, so this class stays a launcher that loads nothing but the JDK. {@code attach} goes to
 * {@value #ATTACH}'s {@code public static int run(String[] args)} with the arguments after {@code attach}, when this
 * build has that class (under {@code inst/} or as a plain class), through a loader whose parent is the system class
 * loader, since the JDK's attach API ({@code jdk.attach}) is defined there, not to the platform loader; every other
 * command, and none, goes to {@value #REPORT_CLI}'s {@code run(String[])} with all the arguments. The JVM exits with
 * the status the command returns (2 for bad input).
 *
 * <p>Thread-safe (stateless).
 */
public final class LeakWatchMain {
    private static final String REPORT_CLI = "io.leakwatch.report.cli.ReportCli";
    private static final String ATTACH = "io.leakwatch.agent.attach.AttachCommand";
    /** {@code report <pid>}: a running JVM's report, through the attach API like {@code attach}. */
    private static final String REPORT_PID = "io.leakwatch.agent.attach.ReportPidCommand";
    private static final int BAD_INPUT = 2;

    private LeakWatchMain() {
    }

    public static void main(String[] args) {
        int status = run(args);
        System.out.flush();
        System.err.flush();
        System.exit(status);
    }

    static int run(String[] args) {
        try {
            File jar = new File(LeakWatchMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (args.length > 0 && (args[0].equals("attach") || args[0].equals("report"))) {
                // the attach API's module is seen by the system loader only
                ClassLoader loader = new AgentClassLoader(jar, ClassLoader.getSystemClassLoader(), false);
                Class<?> command;
                try {
                    command = Class.forName(args[0].equals("attach") ? ATTACH : REPORT_PID, true, loader);
                } catch (ClassNotFoundException e) {
                    System.err.println("leakwatch: " + args[0] + " is not available in this build");
                    return BAD_INPUT;
                }
                return call(command, Arrays.copyOfRange(args, 1, args.length));
            }
            ClassLoader loader = new AgentClassLoader(jar, ClassLoader.getPlatformClassLoader(), false);
            return call(Class.forName(REPORT_CLI, true, loader), args);
        } catch (InvocationTargetException e) {
            System.err.println("leakwatch: the command failed: " + e.getCause());
            return BAD_INPUT;
        } catch (Exception | LinkageError e) {
            System.err.println("leakwatch: the command line cannot start (is this jar complete?): " + e);
            return BAD_INPUT;
        }
    }

    private static int call(Class<?> command, String[] args) throws ReflectiveOperationException {
        Method run = command.getMethod("run", String[].class);
        return (Integer) run.invoke(null, (Object) args);
    }
}
