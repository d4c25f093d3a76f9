package io.leakwatch.it.apps;

import java.io.File;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Temporary file scenarios (kind {@code tempfile}), each from its own line, in a directory of the run's (VAL dir).
 *
 * <pre>
 * lifecycle   left on disk (Files.createTempFile, 4096 bytes written; File.createTempFile, empty); a directory left
 *             with two files of 1000 bytes in it (its files part of it, not listed again); deleted (Files.delete,
 *             File.delete); a directory deleted with its tree; handed to deleteOnExit; opened with DELETE_ON_CLOSE
 *             and closed
 * limit       limit.tempfile.bytes=5000 with onlimit=fail: a 4096-byte file, a 2000-byte one, then the next creation
 *             refused (VAL refused)
 * </pre>
 */
public final class TempFileApis {
    private TempFileApis() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createDirectories(Path.of(args[1]));
        Mark.val("dir", dir);
        switch (args[0]) {
            case "lifecycle":
                lifecycle(dir);
                break;
            case "limit":
                limit(dir);
                break;
            default:
                throw new IllegalArgumentException(args[0]);
        }
        System.out.println("done");
    }

    static void lifecycle(Path dir) throws Exception {
        Mark.next("left-nio");
        Path left = Files.createTempFile(dir, "left", ".bin");
        Files.write(left, new byte[4096]);
        Mark.next("left-io");
        File leftIo = File.createTempFile("left-io", ".txt", dir.toFile());
        Mark.val("left-io", leftIo.getAbsolutePath());

        Mark.next("dir-left");
        Path tree = Files.createTempDirectory(dir, "tree");
        Files.write(Files.createTempFile(tree, "a", ".bin"), new byte[1000]);
        Files.write(tree.resolve("b.bin"), new byte[1000]);

        Mark.next("deleted-nio");
        Path deleted = Files.createTempFile(dir, "deleted", ".bin");
        Files.delete(deleted);
        Mark.next("deleted-io");
        File deletedIo = File.createTempFile("deleted-io", ".txt", dir.toFile());
        deletedIo.delete();

        Mark.next("dir-deleted");
        Path gone = Files.createTempDirectory(dir, "gone");
        Files.write(gone.resolve("c.bin"), new byte[10]);
        try (Stream<Path> walk = Files.walk(gone)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }

        Mark.next("on-exit");
        Path onExit = Files.createTempFile(dir, "on-exit", ".bin");
        onExit.toFile().deleteOnExit();

        Mark.next("delete-on-close");
        Path onClose = Files.createTempFile(dir, "on-close", ".bin");
        try (OutputStream out = Files.newOutputStream(onClose, StandardOpenOption.DELETE_ON_CLOSE)) {
            out.write(1);
        }
    }

    static void limit(Path dir) throws Exception {
        Files.write(Files.createTempFile(dir, "first", ".bin"), new byte[4096]);
        Files.write(Files.createTempFile(dir, "second", ".bin"), new byte[2000]);
        try {
            Files.createTempFile(dir, "third", ".bin");
            Mark.val("refused", "no");
        } catch (java.io.IOException e) {
            Mark.val("refused", e.getMessage());
        }
    }
}
