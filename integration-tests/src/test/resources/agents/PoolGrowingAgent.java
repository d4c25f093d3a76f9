// compiled by TransformCacheTest into an agent jar of its own: a class on the tests' class path would be
// loaded from there, as an application class

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;

/**
 * A Java agent that changes a JDK class's bytes as it loads, as an APM agent might, without changing what it does:
 * it adds one unused string to the constant pool of the class named by its argument (internal name). Put before
 * leakwatch on the command line, it hands leakwatch other bytes than the JDK's for that class.
 */
public final class PoolGrowingAgent {
    private PoolGrowingAgent() {
    }

    public static void premain(String internalName, Instrumentation inst) {
        inst.addTransformer(new ClassFileTransformer() {
            @Override
            public byte[] transform(Module module, ClassLoader loader, String name, Class<?> redefined,
                                    ProtectionDomain domain, byte[] bytes) {
                return internalName.equals(name) ? withOneMoreConstant(bytes) : null;
            }
        });
    }

    /** {@code classFile} with a UTF-8 constant appended to its constant pool. */
    static byte[] withOneMoreConstant(byte[] classFile) {
        int count = u2(classFile, 8);
        int p = 10;
        for (int i = 1; i < count; i++) {
            int tag = classFile[p] & 0xff;
            switch (tag) {
                case 1 -> p += 3 + u2(classFile, p + 1);
                case 3, 4, 9, 10, 11, 12, 17, 18 -> p += 5;
                case 5, 6 -> {
                    p += 9;
                    i++;
                }
                case 7, 8, 16, 19, 20 -> p += 3;
                case 15 -> p += 4;
                default -> throw new IllegalArgumentException("constant pool tag " + tag);
            }
        }
        byte[] extra = {1, 0, 5, 'e', 'x', 't', 'r', 'a'};
        byte[] out = new byte[classFile.length + extra.length];
        System.arraycopy(classFile, 0, out, 0, p);
        System.arraycopy(extra, 0, out, p, extra.length);
        System.arraycopy(classFile, p, out, p + extra.length, classFile.length - p);
        out[8] = (byte) ((count + 1) >>> 8);
        out[9] = (byte) (count + 1);
        return out;
    }

    private static int u2(byte[] b, int p) {
        return ((b[p] & 0xff) << 8) | (b[p + 1] & 0xff);
    }
}
