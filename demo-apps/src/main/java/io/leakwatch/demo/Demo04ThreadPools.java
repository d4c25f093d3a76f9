package io.leakwatch.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Demo 4: a "report renderer" that makes a thread pool per request and never shuts it down.
 *
 * <ul>
 *   <li>{@link #render} creates a fixed pool of 2 threads for each of the {@value #REQUESTS} requests, runs one task on
 *       it and returns: {@value #REQUESTS} pools stay {@code open} at one site. Their idle worker threads keep them
 *       reachable, so they never become garbage; each one holds a thread until the JVM exits.</li>
 *   <li>The shared pool made once in {@link #main} is shut down and awaited at the end: it is not reported.</li>
 * </ul>
 * The report's counts: {@code threadpool: open 200, leaked 0, acquired 201, released 1}.
 *
 * <p>The leaked pools' threads are not daemon threads, so the JVM would never end on its own: that is how this leak
 * often shows in production (a service that does not stop, thousands of {@code pool-N-thread-1} threads in a thread
 * dump). The demo calls {@link System#exit} for that reason; the agent's report runs in a shutdown hook.
 *
 * <p>Run, from the repository root, after {@code mvn -q -DskipTests package}:
 * <pre>
 * java -javaagent:agent/target/leakwatch-agent.jar -cp demo-apps/target/classes io.leakwatch.demo.Demo04ThreadPools
 * </pre>
 *
 * <p>Not thread-safe: a single-threaded demo program (its pools' tasks share nothing).
 */
public final class Demo04ThreadPools {
    static final int REQUESTS = 200;

    private Demo04ThreadPools() {
    }

    public static void main(String[] args) throws Exception {
        ExecutorService shared = Executors.newFixedThreadPool(2);
        List<Future<Integer>> sizes = new ArrayList<>();
        for (int request = 0; request < REQUESTS; request++) {
            String page = render(request);
            sizes.add(shared.submit(page::length));
        }
        long bytes = 0;
        for (Future<Integer> size : sizes) {
            bytes += size.get();
        }
        shared.shutdown();
        if (!shared.awaitTermination(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the shared pool did not stop");
        }
        System.out.println("rendered " + REQUESTS + " reports, " + bytes + " characters");
        System.exit(0);
    }

    /** Leaks: a pool per request, used for one task and never shut down. */
    static String render(int request) throws InterruptedException, ExecutionException {
        ExecutorService executor = Executors.newFixedThreadPool(2);
        Future<String> body = executor.submit(() -> "<h1>report " + request + "</h1>");
        return body.get();
    }
}
