package io.leakwatch.it.apps;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;

/**
 * Where resources are released, for the release places of a report.
 *
 * <pre>
 * places        one line opens 12 files: 7 closed at one line, 3 at another after 60 ms, one kept open, one dropped
 *               (leaked)
 * other-thread  one line opens 3 files, a thread named "closer" closes them
 * burst         one line opens 3,000 files, each closed at once at another: more than a thread's stack budget
 * twice         a pooled (HikariCP over H2) connection closed twice; a stream closed twice; a reader's stream closed
 *               by the reader, then again by hand; a stream with a channel closed once (its channel closes it again
 *               inside the same close: no second close)
 * </pre>
 */
public final class ReleaseApis {
    private ReleaseApis() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Files.createTempFile("leakwatch-release", ".txt");
        Files.writeString(file, "hello\n");
        file.toFile().deleteOnExit();
        switch (args[0]) {
            case "places":
                places(file);
                break;
            case "other-thread":
                otherThread(file);
                break;
            case "burst":
                burst(file);
                break;
            case "twice":
                twice(file);
                break;
            default:
                throw new IllegalArgumentException(args[0]);
        }
        Hold.collect();
        System.out.println("done");
        System.exit(0);
    }

    private static FileInputStream open(Path file) throws Exception {
        Mark.next("open");
        return new FileInputStream(file.toFile());
    }

    static void places(Path file) throws Exception {
        List<FileInputStream> streams = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            streams.add(open(file));
        }
        for (int i = 0; i < 7; i++) {
            Mark.next("close-a");
            streams.get(i).close();
        }
        Thread.sleep(60);
        for (int i = 7; i < 10; i++) {
            Mark.next("close-b");
            streams.get(i).close();
        }
        Hold.KEEP.add(streams.get(10));
        streams.clear();
    }

    static void otherThread(Path file) throws Exception {
        List<FileInputStream> streams = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            streams.add(open(file));
        }
        Thread closer = new Thread(() -> {
            for (FileInputStream s : streams) {
                try {
                    Mark.next("close-other");
                    s.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }, "closer");
        closer.start();
        closer.join();
    }

    static void burst(Path file) throws Exception {
        for (int i = 0; i < 3000; i++) {
            FileInputStream in = open(file);
            Mark.next("burst-close");
            in.close();
        }
    }

    static void twice(Path file) throws Exception {
        String url = "jdbc:h2:mem:release;DB_CLOSE_DELAY=-1";
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setPoolName("release-pool");
        config.setMinimumIdle(1);
        config.setMaximumPoolSize(2);
        try (HikariDataSource pool = new HikariDataSource(config)) {
            Mark.next("borrow");
            Connection c = pool.getConnection();
            Mark.next("return");
            c.close();
            Mark.next("return-again");
            c.close();
        }
        Mark.next("stream");
        FileInputStream in = new FileInputStream(file.toFile());
        Mark.next("stream-close");
        in.close();
        Mark.next("stream-close-again");
        in.close();
        Mark.next("wrapped");
        FileInputStream wrapped = new FileInputStream(file.toFile());
        BufferedReader reader = new BufferedReader(new InputStreamReader(wrapped, StandardCharsets.UTF_8));
        reader.readLine();
        Mark.next("reader-close");
        reader.close();
        Mark.next("wrapped-close-again");
        wrapped.close();
        Mark.next("with-channel");
        FileInputStream withChannel = new FileInputStream(file.toFile());
        withChannel.getChannel().size();
        Mark.next("with-channel-close");
        withChannel.close();
    }
}
