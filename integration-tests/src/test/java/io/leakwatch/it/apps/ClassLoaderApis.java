package io.leakwatch.it.apps;

import java.io.File;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.URLConnection;

/**
 * Class loaders and {@code jar:} URLs over a plugin jar the test builds (its path is the second argument; it holds
 * {@link Payload}'s class and {@code payload.txt}), one scenario per run (the first argument):
 *
 * <pre>
 * loader-open       a URLClassLoader per plugin, kept and never closed: its jar stays open
 * loader-dropped    a URLClassLoader dropped unclosed, with the class it loaded: its jar leaked
 * loader-closed     a URLClassLoader closed after use: nothing left
 * jar-url-uncached  a jar: URL connection with caches off whose stream is kept unclosed, and one closed
 * jar-url-cached    a jar: URL connection with caches on, its stream read and closed (the JDK caches the jar file)
 * </pre>
 *
 * The plugin loaders' parent is the platform loader, so the payload comes from the plugin jar, not the class path.
 */
public final class ClassLoaderApis {
    private ClassLoaderApis() {
    }

    public static void main(String[] args) throws Exception {
        URL jar = new File(args[1]).toURI().toURL();
        switch (args[0]) {
            case "loader-open":
                Hold.keep(pluginLoader(jar));
                break;
            case "loader-dropped":
                Mark.val("where", dropLoader(jar));
                break;
            case "loader-closed":
                URLClassLoader closed = pluginLoader(jar);
                closed.close();
                break;
            case "jar-url-uncached":
                jarUrlUncached(jar);
                break;
            case "jar-url-cached":
                try (InputStream in = new URL("jar:" + jar + "!/payload.txt").openStream()) {
                    Mark.val("read", in.readAllBytes().length);
                }
                break;
            default:
                throw new IllegalArgumentException(args[0]);
        }
        Hold.collect();
        System.out.println("done");
    }

    static URLClassLoader pluginLoader(URL jar) throws Exception {
        URLClassLoader loader = new URLClassLoader(new URL[] {jar}, ClassLoader.getPlatformClassLoader());
        Mark.next("plugin-class");
        Class<?> payload = loader.loadClass("io.leakwatch.it.apps.Payload");
        Mark.val("where", payload.getMethod("where").invoke(null));
        return loader;
    }

    /** Loads the plugin and forgets it: nothing but the returned string survives. */
    static String dropLoader(URL jar) throws Exception {
        URLClassLoader loader = new URLClassLoader(new URL[] {jar}, ClassLoader.getPlatformClassLoader());
        Mark.next("dropped-plugin-class");
        return String.valueOf(loader.loadClass("io.leakwatch.it.apps.Payload").getMethod("where").invoke(null));
    }

    static void jarUrlUncached(URL jar) throws Exception {
        URLConnection kept = new URL("jar:" + jar + "!/payload.txt").openConnection();
        kept.setUseCaches(false);
        Mark.next("uncached-kept");
        Hold.keep(kept.getInputStream());
        JarURLConnection closed = (JarURLConnection) new URL("jar:" + jar + "!/payload.txt").openConnection();
        closed.setUseCaches(false);
        try (InputStream in = closed.getInputStream()) {
            Mark.val("read", in.readAllBytes().length);
        }
    }
}
