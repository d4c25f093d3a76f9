package io.leakwatch.family.process.boot;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A child's streams, its description, and its masked command line, without a child (streams over a file). */
class ChildProcessTest {
    @TempDir
    Path dir;

    @Test
    void aStreamHoldsItsPipeUntilClosedOrReplacedByTheJdk() throws IOException {
        Path f = Files.writeString(dir.resolve("pipe"), "x");
        BufferedInputStream in = new BufferedInputStream(new FileInputStream(f.toFile()));
        BufferedOutputStream out = new BufferedOutputStream(new FileOutputStream(f.toFile()));
        assertTrue(ChildProcess.Streams.holdsPipe(in));
        assertTrue(ChildProcess.Streams.holdsPipe(out));
        in.close();
        out.close();
        assertFalse(ChildProcess.Streams.holdsPipe(in), "closed by the application");
        assertFalse(ChildProcess.Streams.holdsPipe(out), "closed by the application");
        // what the JDK leaves once the child ended: the rest of the output in memory
        assertFalse(ChildProcess.Streams.holdsPipe(new BufferedInputStream(new ByteArrayInputStream(new byte[1]))));
        assertFalse(ChildProcess.Streams.holdsPipe(InputStreamNull.INSTANCE), "a redirected stream");
        assertTrue(ChildProcess.Streams.JDK_CLOSES_AT_EXIT, "Linux: the process reaper closes the pipes");
    }

    @Test
    void describedAsRunningOrEndedAndWhereTheJdkLeavesThePipesWithTheStreamsStillOpen() throws IOException {
        Path f = Files.writeString(dir.resolve("pipe"), "x");
        BufferedOutputStream stdin = new BufferedOutputStream(new FileOutputStream(f.toFile()));
        BufferedInputStream stdout = new BufferedInputStream(new FileInputStream(f.toFile()));
        BufferedInputStream stderr = new BufferedInputStream(new FileInputStream(f.toFile()));
        stderr.close();
        ChildProcess running = new ChildProcess(7, "sleep 9", ProcessHandle.current(), false, new Object[] {stdin, stdout, stderr});
        assertEquals("pid 7: sleep 9 (running)", running.toString());
        ChildProcess elsewhere = new ChildProcess(7, "true", null, false, new Object[] {stdin, stdout, stderr});
        elsewhere.exitSeen(0);
        assertEquals("pid 7: true (exited with 0, its streams stdin, stdout never closed)", elsewhere.toString());
        assertEquals("stdin, stdout", elsewhere.openStreams());
        ChildProcess linux = new ChildProcess(7, "true", null, true, new Object[] {stdin, stdout, stderr});
        linux.exitSeen();
        assertEquals("pid 7: true (exited)", linux.toString());
        assertEquals("", linux.openStreams(), "the JDK closes them once the child ended");
        stdin.close();
        stdout.close();
    }

    @Test
    void credentialLookingArgumentsAreMasked() {
        assertEquals("mysql --user=app -p*** -h db", CommandLine.masked(List.of("mysql", "--user=app", "-psecret",
                                                                                  "-h", "db")));
        assertEquals("tool --password=*** --api-key *** -Dtoken=*** run", CommandLine.masked(
            List.of("tool", "--password=hunter2", "--api-key", "k1", "-Dtoken=t", "run")));
        assertEquals("curl https://bob:***@example.com/x", CommandLine.masked(List.of("curl",
                                                                                      "https://bob:pw@example.com/x")));
        assertEquals("ls -p /tmp", CommandLine.masked(List.of("ls", "-p", "/tmp")), "-p without a user is no password");
        assertEquals("echo hi", CommandLine.masked(List.of("echo", "hi")));
    }

    /** Stands for the JDK's null stream of a redirected child stream (neither buffered nor filtering). */
    private static final class InputStreamNull extends java.io.InputStream {
        static final InputStreamNull INSTANCE = new InputStreamNull();

        @Override
        public int read() {
            return -1;
        }
    }
}
