package io.leakwatch.agent.install;

import net.bytebuddy.jar.asm.AnnotationVisitor;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Rewrites a bootstrap class so that every method marked {@code @io.leakwatch.bootstrap.OutOfLine} also carries
 * HotSpot's {@code @jdk.internal.vm.annotation.DontInline}, which the JIT honours for classes of the boot loader. The
 * mark cannot be written in the source: the JDK does not export that annotation's package to compilers.
 *
 * <p>The build runs it on the agent jar's copy of the bootstrap package ({@link #main}), so that a JVM starting the
 * agent loads no ASM for it; {@link #needed} tells the launcher whether a class still needs it (a bootstrap package
 * from the compiler's output, in the agent's own tests).
 *
 * <p>Thread-safe (stateless).
 */
public final class OutOfLineMarks {
    private static final String MARK = "Lio/leakwatch/bootstrap/OutOfLine;";
    private static final String DONT_INLINE = "Ljdk/internal/vm/annotation/DontInline;";

    private OutOfLineMarks() {
    }

    /** Whether {@code classFile} has a method marked but not yet carrying the JIT's annotation. */
    static boolean needed(byte[] classFile) {
        return contains(classFile, MARK) && !contains(classFile, DONT_INLINE);
    }

    /** {@code classFile} with the JIT's annotation added where marked; the same array when nothing needs it. */
    static byte[] apply(byte[] classFile) {
        if (!needed(classFile)) {
            return classFile;
        }
        return Rewriter.rewrite(classFile);
    }

    /**
     * Adds the JIT's annotation, in place, to every class file under the directory {@code args[0]} that needs it: run
     * by the build on the agent jar's staged classes (the bootstrap package and the families' bootstrap classes).
     */
    public static void main(String[] args) throws java.io.IOException {
        java.nio.file.Path dir = java.nio.file.Path.of(args[0]);
        if (!java.nio.file.Files.isDirectory(dir)) {
            throw new java.io.IOException("not a directory: " + args[0]);
        }
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(dir)) {
            for (java.nio.file.Path f : (Iterable<java.nio.file.Path>) files::iterator) {
                if (!f.toString().endsWith(".class")) {
                    continue;
                }
                byte[] in = java.nio.file.Files.readAllBytes(f);
                byte[] out = apply(in);
                if (out != in) {
                    java.nio.file.Files.write(f, out);
                }
            }
        }
    }

    /** Whether the constant pool can name the mark at all (most classes are returned untouched without parsing). */
    private static boolean contains(byte[] bytes, String text) {
        byte[] t = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        outer:
        for (int i = 0; i <= bytes.length - t.length; i++) {
            for (int j = 0; j < t.length; j++) {
                if (bytes[i + j] != t[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /**
     * The part that uses ASM, in a class of its own: verifying a class loads the classes its code passes around, so
     * {@link #needed} must not share a class with this.
     */
    private static final class Rewriter {
        private Rewriter() {
        }

        static byte[] rewrite(byte[] classFile) {
            ClassReader reader = new ClassReader(classFile);
            ClassWriter writer = new ClassWriter(reader, 0);
            reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
                @Override
                public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                                 String[] exceptions) {
                    MethodVisitor next = super.visitMethod(access, name, descriptor, signature, exceptions);
                    return new MethodVisitor(Opcodes.ASM9, next) {
                        @Override
                        public AnnotationVisitor visitAnnotation(String type, boolean visible) {
                            if (MARK.equals(type)) {
                                super.visitAnnotation(DONT_INLINE, true).visitEnd();
                            }
                            return super.visitAnnotation(type, visible);
                        }
                    };
                }
            }, 0);
            return writer.toByteArray();
        }
    }
}
