package io.leakwatch.agent.premain;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.FileNotFoundException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLConnection;
import java.net.URLStreamHandler;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.security.cert.Certificate;
import java.util.Collections;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Loads the agent's internals and its dependencies (Byte Buddy, Jackson, ...) from the agent jar's {@link AgentPack},
 * one entry no other class loader can look into (a jar without one keeps them under {@code inst/} as
 * {@code *.classdata}, which no other loader finds either). The application can therefore bring its own versions of
 * the same libraries without a clash.
 *
 * <p>Its parent is the platform class loader: the agent sees the JDK (and the bootstrap package appended to the boot
 * class path) but never the application's classes.
 *
 * <p>In an application's JVM its classes have no code-source location: other agents' class file transformers are
 * called for every class any loader defines, and coverage agents such as JaCoCo instrument every class that has one,
 * which for the agent's thousand-odd classes (Byte Buddy's among them) cost about a second of CPU per JVM. JaCoCo,
 * like other agents that only instrument code loaded from somewhere, leaves classes without a location alone.
 *
 * <p>Thread-safe (parallel capable; the jar is only read).
 */
final class AgentClassLoader extends ClassLoader {
    static {
        registerAsParallelCapable();
    }

    private static final String PREFIX = "inst/";
    private final JarFile jar;
    private final File file;
    private final ProtectionDomain domain;
    /** The agent's files; {@code null} in a jar that keeps them as entries under {@code inst/}. */
    private final AgentPack pack;

    /**
     * @param hideLocation define the classes with no code-source location (in an application's JVM, see above); the
     *                     command line's own JVM keeps it
     */
    AgentClassLoader(File file, ClassLoader parent, boolean hideLocation) throws IOException {
        super("leakwatch", parent);
        this.file = file;
        this.jar = new JarFile(file, false);
        this.pack = AgentPack.open(jar);
        URL location = hideLocation ? null : file.toURI().toURL();
        this.domain = new ProtectionDomain(new CodeSource(location, (Certificate[]) null), null, this, null);
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        if (pack != null) {
            try {
                byte[] bytes = pack.read(name.replace('.', '/') + ".class");
                if (bytes == null) {
                    throw new ClassNotFoundException(name);
                }
                return defineClass(name, bytes, 0, bytes.length, domain);
            } catch (IOException e) {
                throw new ClassNotFoundException(name, e);
            }
        }
        JarEntry entry = jar.getJarEntry(PREFIX + name.replace('.', '/') + ".classdata");
        if (entry == null) {
            throw new ClassNotFoundException(name);
        }
        try (InputStream in = jar.getInputStream(entry)) {
            byte[] bytes = in.readAllBytes();
            return defineClass(name, bytes, 0, bytes.length, domain);
        } catch (IOException e) {
            throw new ClassNotFoundException(name, e);
        }
    }

    /**
     * Class files are served as resources too (Byte Buddy reads advice bytecode through its class loader), and the
     * few other files stored under {@code inst/} (a service file, a library's defaults).
     */
    @Override
    public InputStream getResourceAsStream(String name) {
        if (pack != null) {
            try {
                byte[] bytes = pack.read(name);
                if (bytes != null) {
                    return new ByteArrayInputStream(bytes);
                }
            } catch (IOException e) {
                return null;
            }
        }
        JarEntry entry = entryFor(name);
        if (entry != null) {
            try (InputStream in = jar.getInputStream(entry)) {
                return new ByteArrayInputStream(in.readAllBytes());
            } catch (IOException e) {
                return null;
            }
        }
        return super.getResourceAsStream(name);
    }

    /**
     * A resource under {@code inst/} as a URL that reads from the jar this loader holds open: a plain {@code jar:} URL
     * would open the jar once more and leave it open in the JDK's jar cache, a descriptor the application never asked
     * for.
     */
    @Override
    protected URL findResource(String name) {
        if (pack != null && pack.has(name)) {
            try {
                return new URL("jar", "", -1, file.toURI().toURL() + "!/" + AgentPack.ENTRY + "!/" + name,
                               new FileHandler(name, null));
            } catch (MalformedURLException e) {
                return null;
            }
        }
        JarEntry entry = entryFor(name);
        if (entry == null) {
            return null;
        }
        try {
            return new URL("jar", "", -1, file.toURI().toURL() + "!/" + entry.getName(), new FileHandler(null, entry));
        } catch (MalformedURLException e) {
            return null;
        }
    }

    /** Served too, so that a {@code ServiceLoader} (SLF4J's) and {@code getResources} callers (OSHI) find them. */
    @Override
    protected Enumeration<URL> findResources(String name) {
        URL url = findResource(name);
        return url == null ? Collections.emptyEnumeration() : Collections.enumeration(java.util.List.of(url));
    }

    /**
     * Opens one of the agent's files: a file of the pack ({@code packed} not null) or an entry of the loader's jar.
     * Thread-safe (the pack's reads and the jar's streams are).
     */
    private final class FileHandler extends URLStreamHandler {
        private final String packed;
        private final JarEntry entry;

        FileHandler(String packed, JarEntry entry) {
            this.packed = packed;
            this.entry = entry;
        }

        @Override
        protected URLConnection openConnection(URL url) {
            return new URLConnection(url) {
                @Override
                public void connect() {
                    connected = true;
                }

                @Override
                public InputStream getInputStream() throws IOException {
                    InputStream in;
                    if (packed != null) {
                        byte[] bytes = pack.read(packed);
                        in = bytes == null ? null : new ByteArrayInputStream(bytes);
                    } else {
                        in = jar.getInputStream(entry);
                    }
                    if (in == null) {
                        throw new FileNotFoundException(url.toString());
                    }
                    return in;
                }
            };
        }
    }

    private JarEntry entryFor(String name) {
        String path = name.endsWith(".class") ? name.substring(0, name.length() - ".class".length()) + ".classdata" : name;
        return jar.getJarEntry(PREFIX + path);
    }
}
