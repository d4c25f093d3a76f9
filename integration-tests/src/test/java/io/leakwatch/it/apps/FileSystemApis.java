package io.leakwatch.it.apps;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.AsynchronousFileChannel;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Files.* on file systems other than the default one: a zip file system over {@code data/a.zip} (closed) and
 * {@code data/b.zip} (left open), and a Jimfs in-memory file system. No arguments.
 */
public final class FileSystemApis {
    private FileSystemApis() {
    }

    public static void main(String[] args) throws Exception {
        Files.createDirectories(Path.of("data"));
        writeZip(Path.of("data/a.zip"));
        writeZip(Path.of("data/b.zip"));
        zipFileSystemClosed();
        zipFileSystemOpen();
        jimfsClosed();
        jimfsLeftOpen();
        Hold.collect();
        System.out.println("done");
    }

    static void writeZip(Path zip) throws Exception {
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry("dir/x.txt"));
            out.write("x1\nx2\n".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
            out.putNextEntry(new ZipEntry("y.txt"));
            out.write("y".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
    }

    /** Reads every way through a zip file system, closing everything, then the file system. */
    static void zipFileSystemClosed() throws Exception {
        Mark.next("zipfs-closed");
        FileSystem fs = FileSystems.newFileSystem(Path.of("data/a.zip"));
        readEverything(fs.getPath("/"), fs.getPath("/dir/x.txt"));
        fs.close();
    }

    /** Reads through a zip file system, closing every stream, and leaves the file system open. */
    static void zipFileSystemOpen() throws Exception {
        Mark.next("zipfs-open");
        FileSystem fs = FileSystems.newFileSystem(Path.of("data/b.zip"));
        readEverything(fs.getPath("/"), fs.getPath("/dir/x.txt"));
        Hold.keep(fs);
    }

    static void jimfsClosed() throws Exception {
        FileSystem fs = Jimfs.newFileSystem(Configuration.unix());
        Path dir = fs.getPath("/work/dir");
        Files.createDirectories(dir);
        Path file = dir.resolve("x.txt");
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write("x1\nx2\n".getBytes(StandardCharsets.UTF_8));
        }
        Files.write(dir.resolve("y.txt"), List.of("y"));
        try (BufferedReader w = Files.newBufferedReader(file)) {
            w.readLine();
        }
        readEverything(fs.getPath("/work"), file);
        try (AsynchronousFileChannel ch = AsynchronousFileChannel.open(file, StandardOpenOption.READ)) {
            ch.read(java.nio.ByteBuffer.allocate(4), 0).get(10, TimeUnit.SECONDS);
        }
        try (AsynchronousFileChannel ch = AsynchronousFileChannel.open(dir.resolve("z.bin"), StandardOpenOption.WRITE, StandardOpenOption.CREATE)) {
            ch.write(java.nio.ByteBuffer.wrap(new byte[] {1}), 0).get(10, TimeUnit.SECONDS);
        }
        fs.close();
    }

    /** Jimfs streams, channels and the file system itself left open: memory, not descriptors. */
    static void jimfsLeftOpen() throws Exception {
        FileSystem fs = Jimfs.newFileSystem(Configuration.unix());
        Path file = fs.getPath("/x.txt");
        Files.write(file, List.of("x"));
        Hold.keep(fs);
        Hold.keep(Files.newInputStream(file));
        Hold.keep(Files.newOutputStream(fs.getPath("/out.txt")));
        Hold.keep(FileChannel.open(file));
        Hold.keep(Files.newDirectoryStream(fs.getPath("/")));
        Hold.keep(AsynchronousFileChannel.open(file, StandardOpenOption.READ));
    }

    static void readEverything(Path root, Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            in.readAllBytes();
        }
        Files.readAllLines(file);
        Files.readAllBytes(file);
        try (BufferedReader reader = Files.newBufferedReader(file)) {
            reader.readLine();
        }
        try (Stream<String> lines = Files.lines(file)) {
            lines.count();
        }
        try (SeekableByteChannel ch = Files.newByteChannel(file)) {
            ch.read(java.nio.ByteBuffer.allocate(4));
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ch.size();
        }
        try (Stream<Path> list = Files.list(root)) {
            list.count();
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.count();
        }
        try (Stream<Path> found = Files.find(root, 5, (p, a) -> a.isRegularFile())) {
            found.count();
        }
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(root)) {
            dir.forEach(p -> { });
        }
    }
}
