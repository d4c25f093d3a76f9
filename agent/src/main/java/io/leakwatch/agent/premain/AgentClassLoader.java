package io.leakwatch.agent.premain;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.security.cert.Certificate;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Loads the agent's internals and its dependencies (Byte Buddy, Jackson, ...) from {@code inst/} in the agent jar,
 * where classes are stored as {@code *.classdata} so that no other class loader can find them. The application can
 * therefore bring its own versions of the same libraries without a clash.
 *
 * <p>Its parent is the platform class loader: the agent sees the JDK (and the bootstrap package appended to the boot
 * class path) but never the application's classes.
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

    AgentClassLoader(File file, ClassLoader parent) throws IOException {
        super("leakwatch", parent);
        this.file = file;
        this.jar = new JarFile(file, false);
        this.domain = new ProtectionDomain(new CodeSource(file.toURI().toURL(), (Certificate[]) null), null, this, null);
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
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

    /** Class files are served as resources too: Byte Buddy reads advice bytecode through its class loader. */
    @Override
    public InputStream getResourceAsStream(String name) {
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

    @Override
    protected URL findResource(String name) {
        JarEntry entry = entryFor(name);
        if (entry == null) {
            return null;
        }
        try {
            return new URL("jar:" + file.toURI().toURL() + "!/" + entry.getName());
        } catch (MalformedURLException e) {
            return null;
        }
    }

    private JarEntry entryFor(String name) {
        String path = name.endsWith(".class") ? name.substring(0, name.length() - ".class".length()) + ".classdata" : name;
        return jar.getJarEntry(PREFIX + path);
    }
}
