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
 * <p>Thread-safe (stateless).
 */
final class OutOfLineMarks {
    private static final String MARK = "Lio/leakwatch/bootstrap/OutOfLine;";
    private static final String DONT_INLINE = "Ljdk/internal/vm/annotation/DontInline;";

    private OutOfLineMarks() {
    }

    /** {@code classFile} with the JIT's annotation added where marked; the same array when nothing is marked. */
    static byte[] apply(byte[] classFile) {
        if (!contains(classFile, MARK)) {
            return classFile;
        }
        ClassReader reader = new ClassReader(classFile);
        ClassWriter writer = new ClassWriter(reader, 0);
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9, super.visitMethod(access, name, descriptor, signature, exceptions)) {
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
}
