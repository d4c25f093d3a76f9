package io.leakwatch.it.apps;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Child process scenarios (kind {@code process}), each from its own line.
 *
 * <pre>
 * lifecycle     never waited (running at exit); waited (waitFor, exitValue, onExit) with its streams closed;
 *               destroyed; dropped while running (leaked once it ended and was collected); waited with its streams
 *               never closed (the JDK closes the pipes on Linux), then kept; streams closed only after the wait; a
 *               pipeline of two, never waited; Runtime.exec, its streams closed and polled with isAlive until it ended
 * limit         three starts under limit.process=2 with onlimit=fail: the third is refused (VAL refused)
 * secret        a command line with credential-looking arguments, never waited
 * </pre>
 */
public final class ProcessApis {
    private ProcessApis() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "lifecycle":
                lifecycle();
                break;
            case "limit":
                limit();
                break;
            case "secret":
                secret();
                break;
            default:
                throw new IllegalArgumentException(args[0]);
        }
        Hold.collect();
        System.out.println("done");
    }

    static void lifecycle() throws Exception {
        Mark.next("never-waited");
        Process running = new ProcessBuilder("sleep", "20").start();
        Hold.keep(running);
        Mark.val("running-pid", running.pid());

        Mark.next("waited");
        Process waited = new ProcessBuilder("true").start();
        closeStreams(waited);
        waited.waitFor();

        Mark.next("exit-value");
        Process polled = new ProcessBuilder("true").start();
        closeStreams(polled);
        while (true) {
            try {
                polled.exitValue();
                break;
            } catch (IllegalThreadStateException stillRunning) {
                Thread.sleep(10);
            }
        }

        Mark.next("on-exit");
        Process told = new ProcessBuilder("true").start();
        closeStreams(told);
        told.onExit().get(20, TimeUnit.SECONDS);

        Mark.next("destroyed");
        Process destroyed = new ProcessBuilder("sleep", "20").start();
        destroyed.destroy();
        awaitEnd(destroyed.pid());

        Mark.next("dropped");
        Process dropped = new ProcessBuilder("sleep", "0.3").start();
        long droppedPid = dropped.pid();
        dropped = null;
        // the JDK keeps a running child's Process reachable: it can be collected only once the child ended
        awaitEnd(droppedPid);

        Mark.next("streams-open");
        Process streamsOpen = new ProcessBuilder("true").start();
        Mark.val("streams-open-code", streamsOpen.waitFor());
        Hold.keep(streamsOpen);

        Mark.next("closed-after-wait");
        Process closedLater = new ProcessBuilder("true").start();
        if (!closedLater.waitFor(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("true did not end");
        }
        closeStreams(closedLater);
        Hold.keep(closedLater);

        List<ProcessBuilder> builders = List.of(new ProcessBuilder("echo", "hi"), new ProcessBuilder("cat"));
        Mark.next("pipeline");
        List<Process> pipeline = ProcessBuilder.startPipeline(builders);
        Hold.keep(pipeline);

        Mark.next("exec");
        Process exec = Runtime.getRuntime().exec(new String[] {"true"});
        closeStreams(exec);
        while (exec.isAlive()) {
            Thread.sleep(10);
        }
    }

    static void limit() throws Exception {
        for (int i = 0; i < 3; i++) {
            try {
                Mark.next("limited");
                Hold.keep(new ProcessBuilder("sleep", "20").start());
            } catch (IOException e) {
                Mark.val("refused", e.getMessage().replace('\n', ' '));
            }
        }
    }

    static void secret() throws Exception {
        ProcessBuilder echo = new ProcessBuilder("echo", "--password=hunter2", "-Dapi.token=abc123", "--user", "admin",
                                                 "-psekrit", "--secret", "opensesame", "https://bob:pa55@example.com/x");
        Mark.next("secret");
        Process p = echo.start();
        Hold.keep(p);
    }

    private static void closeStreams(Process p) throws IOException {
        try (OutputStream in = p.getOutputStream(); InputStream out = p.getInputStream();
             InputStream err = p.getErrorStream()) {
            out.readAllBytes();
            err.readAllBytes();
        }
    }

    /** Waits for the child with this pid to end, through its handle (which the agent does not treat as a wait). */
    private static void awaitEnd(long pid) throws Exception {
        ProcessHandle h = ProcessHandle.of(pid).orElse(null);
        if (h != null) {
            h.onExit().get(20, TimeUnit.SECONDS);
        }
    }
}
