package io.leakwatch.demo;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Demo 5: a message relay over NIO pipes, watched by selectors: the two kinds Demo 1 does not show.
 *
 * <ul>
 *   <li>{@link #relay} opens a {@link Pipe} per batch and closes its source end, but not its sink end: a pipe is two
 *       descriptors, and each end must be closed. 3 batches, 3 sink ends dropped: {@code leaked}, at the
 *       {@code Pipe.open()} line, described {@code pipe sink}. The selector it waits on is closed (try-with-resources)
 *       and not reported, nor are the 3 source ends.</li>
 *   <li>{@link #newWatcher} opens a selector for a "file watcher" that is kept but never started nor closed: 4
 *       selectors {@code open} at exit (each an epoll descriptor and a wake-up pipe in the JDK).</li>
 * </ul>
 * The report's counts: {@code pipe: open 0, leaked 3}, {@code selector: open 4, leaked 0}.
 *
 * <p>Run, from the repository root, after {@code mvn -q -DskipTests package}:
 * <pre>
 * java -javaagent:agent/target/leakwatch-agent.jar -cp demo-apps/target/classes \
 *      io.leakwatch.demo.Demo05PipesAndSelectors
 * </pre>
 *
 * <p>Not thread-safe: a single-threaded demo program.
 */
public final class Demo05PipesAndSelectors {
    static final int BATCHES = 3;
    static final int MESSAGES = 10;
    static final int WATCHERS = 4;

    /** Selectors the demo keeps, so they are open (not leaked) at exit. */
    private static final List<Selector> WATCHING = new ArrayList<>();

    private Demo05PipesAndSelectors() {
    }

    public static void main(String[] args) throws IOException {
        long bytes = 0;
        for (int batch = 0; batch < BATCHES; batch++) {
            bytes += relay(batch);
        }
        for (int i = 0; i < WATCHERS; i++) {
            WATCHING.add(newWatcher());
        }
        System.out.println("relayed " + BATCHES * MESSAGES + " messages, " + bytes + " bytes; "
                           + WATCHING.size() + " watchers idle");
    }

    /**
     * Sends {@value #MESSAGES} messages through a new pipe and reads them back, waiting on a selector. Leaks the
     * pipe's sink end: only the source is closed.
     */
    static long relay(int batch) throws IOException {
        Pipe pipe = Pipe.open();
        long received = 0;
        try (Selector selector = Selector.open()) {
            pipe.source().configureBlocking(false);
            pipe.source().register(selector, SelectionKey.OP_READ);
            ByteBuffer buffer = ByteBuffer.allocate(64);
            for (int m = 0; m < MESSAGES; m++) {
                byte[] message = ("batch " + batch + " message " + m).getBytes(StandardCharsets.US_ASCII);
                pipe.sink().write(ByteBuffer.wrap(message));
                selector.select(1000);
                selector.selectedKeys().clear();
                buffer.clear();
                received += pipe.source().read(buffer);
            }
        } finally {
            pipe.source().close();
        }
        return received;
    }

    /** Leaks: a selector for a watcher that is never started; the caller keeps it, nobody closes it. */
    static Selector newWatcher() throws IOException {
        return Selector.open();
    }
}
