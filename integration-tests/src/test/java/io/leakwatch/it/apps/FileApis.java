package io.leakwatch.it.apps;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.FileReader;
import java.io.FileWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.AsynchronousFileChannel;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Scanner;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * File scenarios. Working directory: the run's own folder; inputs are created under {@code data/}, outputs go to
 * {@code out/}.
 *
 * <pre>
 * apis open|closed|leaked   every file API once, each from its own method (distinct sites)
 * edge                      channel close, double close, close on another thread, 500 opens from one site
 * failures N [deadPort]     N rounds of opens that fail (missing files, refused connections)
 * reflected                 40 files kept open by one line called through reflection (JDK 17 changes the
 *                           reflection frames between the 15th and 16th call)
 * none                      only the setup
 * </pre>
 */
public final class FileApis {
    static final String IN = "data/in.txt";
    static final Path IN_PATH = Path.of(IN);
    static final Path DIR = Path.of("data");

    private FileApis() {
    }

    public static void main(String[] args) throws Exception {
        setUp();
        switch (args[0]) {
            case "apis":
                Hold.mode(args[1]);
                apis();
                break;
            case "edge":
                edge();
                break;
            case "failures":
                int rounds = Integer.parseInt(args[1]);
                int deadPort = Integer.parseInt(args[2]);
                for (int i = 0; i < rounds; i++) {
                    failures(deadPort);
                }
                break;
            case "reflected":
                reflected();
                break;
            case "none":
                break;
            default:
                throw new IllegalArgumentException(args[0]);
        }
        Hold.collect();
        System.out.println("done");
    }

    static void setUp() throws IOException {
        Files.createDirectories(DIR);
        Files.createDirectories(Path.of("out"));
        Files.write(IN_PATH, List.of("alpha", "beta", "gamma"), StandardCharsets.UTF_8);
        Files.write(Path.of("data/notzip.txt"), List.of("this is not a zip file"), StandardCharsets.UTF_8);
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(Path.of("data/a.zip")))) {
            zip.putNextEntry(new ZipEntry("x.txt"));
            zip.write("x".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(Path.of("data/a.jar")))) {
            jar.putNextEntry(new ZipEntry("y.txt"));
            jar.write("y".getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
        }
    }

    // ---------------------------------------------------------------- apis

    static void apis() throws Exception {
        fileInputStreamString();
        fileInputStreamFile();
        fileOutputStream();
        fileOutputStreamAppend();
        randomAccessRead();
        randomAccessReadWrite();
        fileReader();
        fileWriter();
        printWriterFile();
        scannerFile();
        bufferedReaderChain();
        fileChannelRead();
        fileChannelWrite();
        filesNewInputStream();
        filesNewOutputStream();
        filesNewOutputStreamAppend();
        filesNewBufferedReader();
        filesNewBufferedWriter();
        filesNewByteChannel();
        filesLines();
        filesList();
        filesWalk();
        filesFind();
        filesNewDirectoryStream();
        asyncRead();
        asyncWrite();
        asyncReadWrite();
        zipFileFile();
        zipFileString();
        jarFile();
    }

    static void fileInputStreamString() throws Exception {
        Mark.next("fis-string");
        FileInputStream in = new FileInputStream(IN);
        in.read();
        Hold.done(in);
    }

    static void fileInputStreamFile() throws Exception {
        File file = new File("data", "in.txt");
        Mark.next("fis-file");
        FileInputStream in = new FileInputStream(file);
        Hold.done(in);
    }

    static void fileOutputStream() throws Exception {
        Mark.next("fos");
        FileOutputStream out = new FileOutputStream("out/fos.txt");
        out.write(1);
        Hold.done(out);
    }

    static void fileOutputStreamAppend() throws Exception {
        Mark.next("fos-append");
        FileOutputStream out = new FileOutputStream("out/fos-append.txt", true);
        Hold.done(out);
    }

    static void randomAccessRead() throws Exception {
        Mark.next("raf-r");
        RandomAccessFile raf = new RandomAccessFile(IN, "r");
        Hold.done(raf);
    }

    static void randomAccessReadWrite() throws Exception {
        Mark.next("raf-rw");
        RandomAccessFile raf = new RandomAccessFile("out/raf.bin", "rw");
        Hold.done(raf);
    }

    static void fileReader() throws Exception {
        Mark.next("file-reader");
        FileReader reader = new FileReader(IN);
        Hold.done(reader);
    }

    static void fileWriter() throws Exception {
        Mark.next("file-writer");
        FileWriter writer = new FileWriter("out/writer.txt");
        Hold.done(writer);
    }

    static void printWriterFile() throws Exception {
        File file = new File("out", "print.txt");
        Mark.next("print-writer");
        PrintWriter writer = new PrintWriter(file);
        Hold.done(writer);
    }

    static void scannerFile() throws Exception {
        File file = new File(IN);
        Mark.next("scanner");
        Scanner scanner = new Scanner(file);
        scanner.nextLine();
        Hold.done(scanner);
    }

    static void bufferedReaderChain() throws Exception {
        Mark.next("buffered-reader-chain");
        BufferedReader reader = new BufferedReader(new InputStreamReader(new FileInputStream(IN), StandardCharsets.UTF_8));
        reader.readLine();
        Hold.done(reader);
    }

    static void fileChannelRead() throws Exception {
        Mark.next("channel-read");
        FileChannel ch = FileChannel.open(IN_PATH, StandardOpenOption.READ);
        Hold.done(ch);
    }

    static void fileChannelWrite() throws Exception {
        Path p = Path.of("out/channel.bin");
        Mark.next("channel-write");
        FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE, StandardOpenOption.CREATE);
        Hold.done(ch);
    }

    static void filesNewInputStream() throws Exception {
        Mark.next("files-input-stream");
        InputStream in = Files.newInputStream(IN_PATH);
        Hold.done(in);
    }

    static void filesNewOutputStream() throws Exception {
        Path p = Path.of("out/files-out.txt");
        Mark.next("files-output-stream");
        OutputStream out = Files.newOutputStream(p);
        Hold.done(out);
    }

    static void filesNewOutputStreamAppend() throws Exception {
        Path p = Path.of("out/files-append.txt");
        Mark.next("files-output-stream-append");
        OutputStream out = Files.newOutputStream(p, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        Hold.done(out);
    }

    static void filesNewBufferedReader() throws Exception {
        Mark.next("files-buffered-reader");
        BufferedReader reader = Files.newBufferedReader(IN_PATH);
        Hold.done(reader);
    }

    static void filesNewBufferedWriter() throws Exception {
        Path p = Path.of("out/files-writer.txt");
        Mark.next("files-buffered-writer");
        BufferedWriter writer = Files.newBufferedWriter(p);
        Hold.done(writer);
    }

    static void filesNewByteChannel() throws Exception {
        Mark.next("files-byte-channel");
        SeekableByteChannel ch = Files.newByteChannel(IN_PATH);
        Hold.done(ch);
    }

    static void filesLines() throws Exception {
        Mark.next("files-lines");
        Stream<String> lines = Files.lines(IN_PATH);
        Hold.done(lines);
    }

    static void filesList() throws Exception {
        Mark.next("files-list");
        Stream<Path> list = Files.list(DIR);
        Hold.done(list);
    }

    static void filesWalk() throws Exception {
        Mark.next("files-walk");
        Stream<Path> walk = Files.walk(DIR);
        Hold.done(walk);
    }

    static void filesFind() throws Exception {
        Mark.next("files-find");
        Stream<Path> found = Files.find(DIR, 3, (p, attrs) -> true);
        Hold.done(found);
    }

    static void filesNewDirectoryStream() throws Exception {
        Mark.next("files-directory-stream");
        DirectoryStream<Path> dir = Files.newDirectoryStream(DIR);
        Hold.done(dir);
    }

    static void asyncRead() throws Exception {
        Mark.next("async-read");
        AsynchronousFileChannel ch = AsynchronousFileChannel.open(IN_PATH, StandardOpenOption.READ);
        Hold.done(ch);
    }

    static void asyncWrite() throws Exception {
        Path p = Path.of("out/async-w.bin");
        Mark.next("async-write");
        AsynchronousFileChannel ch = AsynchronousFileChannel.open(p, StandardOpenOption.WRITE, StandardOpenOption.CREATE);
        Hold.done(ch);
    }

    static void asyncReadWrite() throws Exception {
        Path p = Path.of("out/async-rw.bin");
        Mark.next("async-read-write");
        AsynchronousFileChannel ch = AsynchronousFileChannel.open(p, StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.CREATE);
        Hold.done(ch);
    }

    static void zipFileFile() throws Exception {
        File file = new File("data/a.zip");
        Mark.next("zip-file");
        ZipFile zip = new ZipFile(file);
        zip.getEntry("x.txt");
        Hold.done(zip);
    }

    static void zipFileString() throws Exception {
        Mark.next("zip-string");
        ZipFile zip = new ZipFile("data/a.zip");
        Hold.done(zip);
    }

    static void jarFile() throws Exception {
        Mark.next("jar-file");
        JarFile jar = new JarFile("data/a.jar");
        jar.getManifest();
        Hold.done(jar);
    }

    // ---------------------------------------------------------------- edge

    static final int REFLECTED = 40;
    private static int reflectedCalls;

    static void reflected() throws Exception {
        java.lang.reflect.Method open = FileApis.class.getDeclaredMethod("openReflected");
        for (int i = 0; i < REFLECTED; i++) {
            open.invoke(null);
        }
    }

    static void openReflected() throws IOException {
        boolean first = reflectedCalls++ == 0;
        if (first) Mark.next("reflected"); // the line below is the site
        Hold.keep(new FileInputStream(IN));
    }

    static void edge() throws Exception {
        Mark.next("fis-channel-close");
        FileInputStream in = new FileInputStream(IN);
        in.getChannel().close();

        Mark.next("raf-channel-close");
        RandomAccessFile raf = new RandomAccessFile("out/edge.bin", "rw");
        raf.getChannel().close();

        Mark.next("double-close");
        FileOutputStream out = new FileOutputStream("out/double.txt");
        out.close();
        out.close();

        Mark.next("double-close-channel");
        FileChannel ch = FileChannel.open(IN_PATH);
        ch.close();
        ch.close();

        Mark.next("wrapper-close");
        BufferedReader reader = new BufferedReader(new InputStreamReader(new FileInputStream(IN), StandardCharsets.UTF_8));
        reader.close();

        Mark.next("other-thread-close");
        FileInputStream shared = new FileInputStream(IN);
        Thread closer = new Thread(() -> {
            try {
                shared.close();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }, "closer");
        closer.start();
        closer.join();

        Mark.next("other-thread-close-channel");
        FileChannel sharedChannel = FileChannel.open(IN_PATH);
        Thread channelCloser = new Thread(() -> {
            try {
                sharedChannel.close();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }, "channel-closer");
        channelCloser.start();
        channelCloser.join();

        many();
    }

    static void many() throws Exception {
        List<FileInputStream> streams = new ArrayList<>();
        Mark.next("many");
        for (int i = 0; i < 500; i++) streams.add(new FileInputStream(IN));
        Hold.keep(streams);
    }

    // ---------------------------------------------------------------- failures

    static void failures(int deadPort) throws Exception {
        expectFailure(() -> new FileInputStream("data/missing.txt"));
        expectFailure(() -> new FileInputStream(new File("data/missing.txt")));
        expectFailure(() -> new FileOutputStream("no-such-dir/out.txt"));
        expectFailure(() -> new RandomAccessFile("data/missing.txt", "r"));
        expectFailure(() -> new FileReader("data/missing.txt"));
        expectFailure(() -> new Scanner(new File("data/missing.txt")));
        expectFailure(() -> FileChannel.open(Path.of("data/missing.txt")));
        expectFailure(() -> Files.newInputStream(Path.of("data/missing.txt")));
        expectFailure(() -> Files.newBufferedReader(Path.of("data/missing.txt")));
        expectFailure(() -> Files.lines(Path.of("data/missing.txt")));
        expectFailure(() -> Files.list(Path.of("no-such-dir")));
        expectFailure(() -> Files.walk(Path.of("no-such-dir")));
        expectFailure(() -> Files.newDirectoryStream(Path.of("no-such-dir")));
        expectFailure(() -> AsynchronousFileChannel.open(Path.of("data/missing.txt"), StandardOpenOption.READ));
        expectFailure(() -> new ZipFile("data/missing.zip"));
        expectFailure(() -> new JarFile("data/missing.jar"));
        expectFailure(() -> new ZipFile("data/notzip.txt"));
        InetSocketAddress dead = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), deadPort);
        expectFailure(() -> new Socket(dead.getAddress(), dead.getPort()));
        expectFailure(() -> SocketChannel.open(dead));
    }

    interface Opener {
        AutoCloseable open() throws Exception;
    }

    static void expectFailure(Opener opener) throws Exception {
        AutoCloseable opened;
        try {
            opened = opener.open();
        } catch (IOException expected) {
            return;
        }
        opened.close();
        throw new IllegalStateException("expected the open to fail, got " + opened);
    }
}
