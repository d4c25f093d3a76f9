package io.leakwatch.it.apps;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.leakwatch.bootstrap.LeakWatchControl;
import io.leakwatch.bootstrap.LeakWatchEvent;
import io.leakwatch.bootstrap.LeakWatchListener;
import io.leakwatch.bootstrap.ResourceKind;
import io.leakwatch.bootstrap.ResourceRegistry;

import java.io.Closeable;
import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.RandomAccessFile;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.channels.Pipe;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Limits ({@code limit.<kind>=N}, {@code onlimit=warn|fail}). Each scenario fills a kind up to its limit from one
 * site, tries more through every API of the kind, releases one and acquires again.
 *
 * <pre>
 * files N        N FileInputStreams; then FileInputStream, FileOutputStream, RandomAccessFile, Files.newInputStream,
 *                FileChannel.open, Files.newDirectoryStream, ZipFile; close one, open one, try once more
 * sockets N      a server socket with a client connected to it, then server sockets up to N; then ServerSocket,
 *                Socket, SocketChannel, ServerSocketChannel, DatagramSocket and accept(); close one, accept
 * descriptors    one pipe (2 ends) and one selector; then Pipe.open() and Selector.open() (limit.pipe=2,
 *                limit.selector=1)
 * pools N        N fixed thread pools; then newFixedThreadPool, new ThreadPoolExecutor, new ForkJoinPool,
 *                newScheduledThreadPool; shut one down, make one
 * jdbc N         N H2 connections from DriverManager; then DriverManager, H2's data source, a HikariCP borrow (the
 *                pool's own physical connections go ahead); close one, connect again
 * jdbc-kinds     limit.statement=2 and limit.jdbcpool=1: statements and a result set past the limit; a second pool's
 *                first borrow past the limit, the first pool's borrows going on
 * zero           with limit.file=0 and limit.threadpool=0: the application's opens and pools are refused, the JVM's
 *                own class loading and pools go ahead
 * warn           limit.file=2, onlimit=warn: 4 opens, all closed, 3 opens: two crossings; events recorded
 * runtime        no limit at start; the application sets limit.file through LeakWatchControl.registry()
 * </pre>
 *
 * <p>For every attempt {@code name} it prints {@code VAL name <exception class or "acquired">},
 * {@code VAL name.message <message>} and {@code VAL name.fds <descriptors opened by the attempt>} (from
 * {@code /proc/self/fd}, which a refused attempt must leave as it was).
 */
public final class LimitApis {
    static final List<Object> KEEP = Hold.KEEP;
    static final long MIB = 1024 * 1024;

    private LimitApis() {
    }

    interface Call {
        Object run() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "files":
                files(Integer.parseInt(args[1]));
                break;
            case "sockets":
                sockets(Integer.parseInt(args[1]));
                break;
            case "descriptors":
                descriptors();
                break;
            case "pools":
                pools(Integer.parseInt(args[1]));
                break;
            case "jdbc":
                jdbc(Integer.parseInt(args[1]));
                break;
            case "jdbc-kinds":
                jdbcKinds();
                break;
            case "zero":
                zero();
                break;
            case "warn":
                warn();
                break;
            case "runtime":
                runtime();
                break;
            default:
                throw new IllegalArgumentException(args[0]);
        }
        System.out.println("done");
        // pools and H2 keep threads; the report is written by the agent's shutdown hook
        System.exit(0);
    }

    static int fds() {
        return new File("/proc/self/fd").list().length;
    }

    /**
     * Descriptors opened since {@code before} that stay open. A descriptor another thread holds for a moment (a class
     * file read, the JVM's own housekeeping) is not the refused call's, so a difference is read again for up to
     * 0.5 s. One the call leaked stays open: only a collection and the cleaner would close it, and sleeping allocates
     * nothing.
     */
    static int fdsOpenedSince(int before) throws InterruptedException {
        int opened = fds() - before;
        for (int i = 0; i < 25 && opened > 0; i++) {
            Thread.sleep(20);
            opened = Math.min(opened, fds() - before);
        }
        return opened;
    }

    /** Tries {@code call}; whatever it acquired is kept (state open at exit). */
    static void attempt(String name, Call call) throws InterruptedException {
        int before = fds();
        try {
            KEEP.add(call.run());
            Mark.val(name, "acquired");
        } catch (Exception e) {
            Mark.val(name, e.getClass().getName());
            Mark.val(name + ".message", e.getMessage());
            if (e instanceof SQLException) {
                Mark.val(name + ".sqlstate", ((SQLException) e).getSQLState());
            }
        }
        Mark.val(name + ".fds", fdsOpenedSince(before));
    }

    static void release(int index) throws Exception {
        Object o = KEEP.remove(index);
        if (o instanceof AutoCloseable) {
            ((AutoCloseable) o).close();
        } else {
            ((java.util.concurrent.ExecutorService) o).shutdown();
        }
    }

    static void files(int n) throws Exception {
        Path dir = Files.createDirectories(Path.of("data"));
        Path file = Files.writeString(dir.resolve("orders.csv"), "1,2,3\n");
        Path zip = dir.resolve("archive.zip");
        try (ZipOutputStream out = new ZipOutputStream(new FileOutputStream(zip.toFile()))) {
            out.putNextEntry(new ZipEntry("a.txt"));
            out.write(1);
        }
        for (int i = 0; i < n; i++) {
            Mark.next("file-hold");
            KEEP.add(new FileInputStream(file.toFile()));
        }
        Mark.next("fis");
        attempt("fis", () -> new FileInputStream(file.toFile()));
        Mark.next("fos");
        attempt("fos", () -> new FileOutputStream(dir.resolve("new.txt").toFile()));
        Mark.val("fos.created", Files.exists(dir.resolve("new.txt")));
        Mark.next("raf");
        attempt("raf", () -> new RandomAccessFile(file.toFile(), "r"));
        Mark.next("nio");
        attempt("nio", () -> Files.newInputStream(file));
        Mark.next("channel");
        attempt("channel", () -> FileChannel.open(dir.resolve("new.bin"), StandardOpenOption.CREATE, StandardOpenOption.WRITE));
        Mark.val("channel.created", Files.exists(dir.resolve("new.bin")));
        Mark.next("dir");
        attempt("dir", () -> Files.newDirectoryStream(dir));
        Mark.next("zip");
        attempt("zip", () -> new ZipFile(zip.toFile()));
        release(0);
        Mark.next("file-after");
        KEEP.add(new FileInputStream(file.toFile()));
        Mark.next("again");
        attempt("again", () -> Files.newBufferedReader(file));
    }

    static void sockets(int n) throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        Mark.next("socket-server");
        ServerSocket server = new ServerSocket(0, 50, loopback);
        KEEP.add(server);
        Mark.next("socket-client");
        KEEP.add(new Socket(loopback, server.getLocalPort()));
        for (int i = 2; i < n; i++) {
            Mark.next("socket-hold");
            KEEP.add(new ServerSocket(0, 50, loopback));
        }
        Mark.next("server-socket");
        attempt("server-socket", () -> new ServerSocket(0, 50, loopback));
        Mark.next("client-socket");
        attempt("client-socket", () -> new Socket(loopback, server.getLocalPort()));
        Mark.next("socket-channel");
        attempt("socket-channel", SocketChannel::open);
        Mark.next("server-channel");
        attempt("server-channel", ServerSocketChannel::open);
        Mark.next("datagram");
        attempt("datagram", () -> new DatagramSocket(0, loopback));
        Mark.next("accept");
        attempt("accept", server::accept);
        release(KEEP.size() - 1);
        Mark.next("socket-after");
        KEEP.add(server.accept());
    }

    static void descriptors() throws Exception {
        Mark.next("pipe-hold");
        Pipe pipe = Pipe.open();
        KEEP.add(pipe.source());
        KEEP.add(pipe.sink());
        Mark.next("selector-hold");
        KEEP.add(Selector.open());
        Mark.next("pipe");
        attempt("pipe", Pipe::open);
        Mark.next("selector");
        attempt("selector", Selector::open);
    }

    static int threads() {
        return Thread.activeCount();
    }

    static void pools(int n) throws Exception {
        for (int i = 0; i < n; i++) {
            Mark.next("pool-hold");
            KEEP.add(Executors.newFixedThreadPool(1));
        }
        int threads = threads();
        Mark.next("fixed");
        attempt("fixed", () -> Executors.newFixedThreadPool(2));
        Mark.next("tpe");
        attempt("tpe", () -> new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>()));
        Mark.next("fork-join");
        attempt("fork-join", () -> new ForkJoinPool(2));
        Mark.next("scheduled");
        attempt("scheduled", () -> Executors.newScheduledThreadPool(1));
        Mark.val("threads", threads() - threads);
        release(0);
        Mark.next("pool-after");
        KEEP.add(Executors.newFixedThreadPool(1));
    }

    static final String H2 = "jdbc:h2:mem:limits;DB_CLOSE_DELAY=-1";

    static void jdbc(int n) throws Exception {
        for (int i = 0; i < n; i++) {
            Mark.next("jdbc-hold");
            KEEP.add(DriverManager.getConnection(H2, "sa", "s3cret-limits"));
        }
        Mark.next("driver-manager");
        attempt("driver-manager", () -> DriverManager.getConnection(H2, "sa", "s3cret-limits"));
        org.h2.jdbcx.JdbcDataSource h2 = new org.h2.jdbcx.JdbcDataSource();
        h2.setURL(H2);
        h2.setUser("sa");
        h2.setPassword("s3cret-limits");
        Mark.next("data-source");
        attempt("data-source", h2::getConnection);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(H2);
        config.setUsername("sa");
        config.setPassword("s3cret-limits");
        config.setMaximumPoolSize(2);
        config.setMinimumIdle(1);
        // the pool's own physical connections are the pool's, not counted against limit.jdbc: this one goes ahead
        HikariDataSource pool = new HikariDataSource(config);
        KEEP.add(pool);
        Mark.next("hikari");
        attempt("hikari", pool::getConnection);
        release(0);
        Mark.next("jdbc-after");
        KEEP.add(pool.getConnection());
    }

    static HikariDataSource hikari(String name) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(H2);
        config.setUsername("sa");
        config.setPassword("s3cret-limits");
        config.setMaximumPoolSize(2);
        config.setPoolName(name);
        return new HikariDataSource(config);
    }

    static void jdbcKinds() throws Exception {
        Mark.next("conn");
        Connection c = DriverManager.getConnection(H2, "sa", "s3cret-limits");
        KEEP.add(c);
        for (int i = 0; i < 2; i++) {
            Mark.next("stmt-hold");
            KEEP.add(c.createStatement());
        }
        Mark.next("prepare");
        attempt("prepare", () -> c.prepareStatement("SELECT 1"));
        java.sql.Statement held = (java.sql.Statement) KEEP.get(1);
        Mark.next("query");
        attempt("query", () -> held.executeQuery("SELECT 1"));
        release(1);
        Mark.next("stmt-after");
        KEEP.add(c.prepareStatement("SELECT 1"));
        HikariDataSource first = hikari("first");
        HikariDataSource second = hikari("second");
        KEEP.add(first);
        KEEP.add(second);
        Mark.next("first-borrow");
        KEEP.add(first.getConnection());
        Mark.next("second-borrow");
        attempt("second-borrow", second::getConnection);
        Mark.next("first-again");
        KEEP.add(first.getConnection());
    }

    /** Loaded only when first used: the JVM opens its class file while file opens are forbidden. */
    static final class LoadedLate {
        static String hello() {
            return "loaded";
        }
    }

    static void zero() throws Exception {
        Path file = Path.of("zero.txt");
        Mark.next("zero-file");
        attempt("zero-file", () -> new FileInputStream("zero.txt"));
        Mark.next("zero-write");
        attempt("zero-write", () -> Files.newBufferedWriter(file));
        Mark.next("zero-pool");
        attempt("zero-pool", Executors::newSingleThreadExecutor);
        Mark.val("late-class", LoadedLate.hello());
        // the JDK's own scheduler behind delayedExecutor is a pool of the JVM: it goes ahead
        Mark.val("delayed", CompletableFuture.supplyAsync(() -> "ran", CompletableFuture.delayedExecutor(1,
            TimeUnit.MILLISECONDS)).get(10, TimeUnit.SECONDS));
    }

    /** Records limit events, one line each: {@code kind open limit refused topSite}. */
    static final class Events implements LeakWatchListener {
        final List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public void onEvent(LeakWatchEvent e) {
            if (e.type() == LeakWatchEvent.Type.LIMIT_REACHED) {
                seen.add(e.kind() + " " + e.open() + " " + e.limit() + " " + e.refused() + " " + e.topSite());
            }
        }
    }

    static void warn() throws Exception {
        Events events = new Events();
        LeakWatchControl.addListener(events);
        Path file = Files.writeString(Path.of("warn.txt"), "x");
        List<Closeable> open = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Mark.next("warn-hold");
            open.add(new FileInputStream(file.toFile()));
        }
        for (int i = 0; i < 2; i++) {
            Mark.next("warn-over");
            open.add(Files.newInputStream(file));
        }
        Mark.val("over", open.size());
        for (Closeable c : open) {
            c.close();
        }
        for (int i = 0; i < 3; i++) {
            Mark.next("warn-again");
            KEEP.add(new FileInputStream(file.toFile()));
        }
        // told on the listeners' thread: the two expected, then a moment for any that should not come
        for (int i = 0; i < 500 && events.seen.size() < 2; i++) {
            Thread.sleep(10);
        }
        Thread.sleep(300);
        Mark.val("events", events.seen.size());
        for (int i = 0; i < events.seen.size(); i++) {
            Mark.val("event." + i, events.seen.get(i));
        }
    }

    static void runtime() throws Exception {
        Path file = Files.writeString(Path.of("runtime.txt"), "x");
        ResourceRegistry registry = LeakWatchControl.registry();
        Mark.val("limit.initial", registry.limit(ResourceKind.FILE));
        registry.setLimit(ResourceKind.FILE, 1);
        Mark.val("limit.set", registry.limit(ResourceKind.FILE));
        Mark.next("rt-hold");
        KEEP.add(new FileInputStream(file.toFile()));
        Mark.next("rt-refused");
        attempt("rt-refused", () -> new FileInputStream(file.toFile()));
        registry.setLimit(ResourceKind.FILE, 3);
        for (int i = 0; i < 2; i++) {
            Mark.next("rt-more");
            KEEP.add(new FileInputStream(file.toFile()));
        }
        Mark.next("rt-refused-3");
        attempt("rt-refused-3", () -> new FileInputStream(file.toFile()));
        registry.setLimit(ResourceKind.FILE, Long.MAX_VALUE);
        Mark.next("rt-unlimited");
        KEEP.add(new FileInputStream(file.toFile()));
    }
}
