package io.leakwatch.agent.premain;

import java.io.File;

/**
 * The jar's {@code Main-Class}: {@code java -jar leakwatch-agent.jar attach <pid> [options]}. Hands the command to
 * its implementation in {@code inst/}, loaded like the agent's internals, and exits with its status.
 *
 * <p>Thread-safe (stateless).
 */
public final class LeakWatchMain {
    private static final String ATTACH = "io.leakwatch.agent.attach.AttachCommand";

    private LeakWatchMain() {
    }

    public static void main(String[] args) {
        if (args.length == 0 || !args[0].equals("attach")) {
            System.err.println("leakwatch: " + (args.length == 0 ? "no command" : "unknown command '" + args[0] + "'")
                               + "; usage: java -jar leakwatch-agent.jar attach <pid> [key=value ...]");
            System.exit(2);
        }
        int status;
        try {
            File jar = new File(LeakWatchMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            ClassLoader loader = new AgentClassLoader(jar, ClassLoader.getPlatformClassLoader());
            String[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
            status = (Integer) Class.forName(ATTACH, true, loader).getMethod("run", String[].class)
                .invoke(null, (Object) rest);
        } catch (Throwable t) {
            Throwable cause = t.getCause() != null ? t.getCause() : t;
            System.err.println("leakwatch: the attach command failed: " + cause);
            status = 1;
        }
        System.exit(status);
    }
}
