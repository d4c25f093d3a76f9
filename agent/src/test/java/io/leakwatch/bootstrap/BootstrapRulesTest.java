package io.leakwatch.bootstrap;

import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.Handle;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.commons.ClassRemapper;
import net.bytebuddy.jar.asm.commons.Remapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bootstrap package's two rules, and the same for each family's own bootstrap classes
 * ({@code io.leakwatch.family.<name>.boot}, defined in the boot loader with the package; they may also use the
 * package's public API), read from its built classes rather than trusted to comments: a violation would
 * fail at run time inside a JDK method, where the advice's {@code suppress = Throwable} swallows it and the records are
 * silently lost.
 * <ul>
 *   <li>It refers to {@code java.*} and itself only: it is defined in the boot class loader, which sees nothing
 *       else (not the agent's libraries, not the application's), and the JDK's internal packages are not exported to
 *       it unless the agent opens them (each one it does use is listed below with its reason).</li>
 *   <li>No {@code invokedynamic}: its code runs inside the JDK's own classes, where a lambda or string concatenation
 *       would bootstrap {@code java.lang.invoke} while that is being initialized (a hang or a linkage error early in
 *       start-up), and each call site spins a class at every start.</li>
 * </ul>
 */
class BootstrapRulesTest {
    private static final String PACKAGE = "io/leakwatch/bootstrap/";
    private static final String FAMILIES = "io/leakwatch/family/";

    /**
     * References outside {@code java.*} that the package needs, by internal name, each with its reason. Empty: what
     * it reads of the JDK's internals it reads by reflection, in packages the agent opens to it.
     */
    private static final Map<String, String> ALLOWED = Map.of();

    @Test
    void theBootstrapPackageRefersToJavaAndItselfOnly() throws IOException {
        Set<String> outside = new TreeSet<>();
        for (Path c : classes()) {
            ClassReader reader = new ClassReader(Files.readAllBytes(c));
            String owner = reader.getClassName();
            String ownPackage = owner.substring(0, owner.lastIndexOf('/') + 1);
            reader.accept(new ClassRemapper(new ClassVisitor(Opcodes.ASM9) {
            }, new Remapper() {
                @Override
                public String map(String internalName) {
                    if (!internalName.startsWith("java/") && !internalName.startsWith(PACKAGE)
                        && !(internalName.startsWith(ownPackage) && internalName.indexOf('/', ownPackage.length()) < 0)
                        && !ALLOWED.containsKey(internalName)) {
                        outside.add(owner + " -> " + internalName);
                    }
                    return internalName;
                }
            }), 0);
        }
        assertEquals(Set.of(), outside, "the bootstrap package must refer to java.* and itself only");
    }

    @Test
    void theBootstrapPackageHasNoInvokedynamic() throws IOException {
        Set<String> found = new TreeSet<>();
        for (Path c : classes()) {
            ClassReader reader = new ClassReader(Files.readAllBytes(c));
            String owner = reader.getClassName();
            reader.accept(new ClassVisitor(Opcodes.ASM9) {
                @Override
                public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                                 String[] exceptions) {
                    return new MethodVisitor(Opcodes.ASM9) {
                        @Override
                        public void visitInvokeDynamicInsn(String n, String d, Handle bootstrap, Object... args) {
                            found.add(owner + "." + name + " (" + bootstrap.getOwner() + "." + bootstrap.getName()
                                      + ")");
                        }
                    };
                }
            }, 0);
        }
        assertEquals(Set.of(), found, "no invokedynamic (lambda, method reference, string concatenation, record "
                                      + "equals/hashCode/toString, switch on patterns) in the bootstrap package");
    }

    /** The package's and the families' bootstrap class files, as the build compiled them. */
    private static Set<Path> classes() throws IOException {
        Path root;
        try {
            root = Path.of(ResourceKind.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        Set<Path> out = new TreeSet<>();
        try (Stream<Path> files = Files.list(root.resolve(PACKAGE))) {
            files.filter(f -> f.toString().endsWith(".class")).forEach(out::add);
        }
        assertTrue(out.size() > 30, "the bootstrap package's classes in " + root + ": " + out.size());
        Path families = root.resolve(FAMILIES);
        if (Files.isDirectory(families)) {
            try (Stream<Path> files = Files.walk(families)) {
                files.filter(f -> f.toString().endsWith(".class") && f.getParent().getFileName().toString().equals("boot"))
                     .forEach(out::add);
            }
        }
        return out;
    }
}
