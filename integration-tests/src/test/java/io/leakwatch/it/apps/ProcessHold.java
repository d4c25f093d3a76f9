package io.leakwatch.it.apps;

import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Holds files and sockets open as a test tells it on stdin, one command a line, and answers each on stdout:
 * {@code files N} opens N more {@code FileInputStream}s (one descriptor each), {@code sockets N} binds N more
 * {@code ServerSocket}s on the loopback address (one descriptor each), {@code close} closes all of them, {@code exit}
 * ends. Each answer is {@code OK <files> <sockets>}, what it holds then. It starts with {@code READY <pid>}.
 *
 * <p>It opens nothing else once ready: stdin and stdout were open before the agent, so what the agent tracks is
 * exactly what it holds. Run: {@code java -javaagent:leakwatch-agent.jar -cp target/test-classes
 * io.leakwatch.it.apps.ProcessHold <dir>}.
 */
public final class ProcessHold {
    private ProcessHold() {
    }

    public static void main(String[] args) throws Exception {
        Path data = Files.writeString(Path.of(args[0]).resolve("held.txt"), "held open by ProcessHold\n");
        List<FileInputStream> files = new ArrayList<>();
        List<ServerSocket> sockets = new ArrayList<>();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        System.out.println("READY " + ProcessHandle.current().pid());
        System.out.flush();
        for (String line = in.readLine(); line != null && !line.equals("exit"); line = in.readLine()) {
            String[] command = line.trim().split(" ");
            switch (command[0]) {
                case "files":
                    for (int i = Integer.parseInt(command[1]); i > 0; i--) {
                        files.add(new FileInputStream(data.toFile()));
                    }
                    break;
                case "sockets":
                    for (int i = Integer.parseInt(command[1]); i > 0; i--) {
                        sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
                    }
                    break;
                case "close":
                    for (FileInputStream f : files) {
                        f.close();
                    }
                    for (ServerSocket s : sockets) {
                        s.close();
                    }
                    files.clear();
                    sockets.clear();
                    break;
                default:
                    System.out.println("ERROR unknown command: " + line);
                    continue;
            }
            System.out.println("OK " + files.size() + " " + sockets.size());
            System.out.flush();
        }
    }
}
