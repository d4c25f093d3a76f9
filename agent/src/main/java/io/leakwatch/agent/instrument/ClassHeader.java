package io.leakwatch.agent.instrument;

/**
 * Reads the names of a class file's superclass and interfaces straight from its bytes: one pass over the constant
 * pool, no parsing of fields, methods or attributes. Used to let most classes load without Byte Buddy looking at them
 * at all (see {@link SuperTypeMatcher#mayMatch}).
 *
 * <p>Stateless and thread-safe.
 */
public final class ClassHeader {
    private ClassHeader() {
    }

    /**
     * The binary names (dotted) of the superclass and the interfaces of the class in {@code bytes}, or {@code null}
     * when the bytes are not a class file this reader understands (the caller then lets Byte Buddy decide).
     */
    public static String[] superTypes(byte[] bytes) {
        Header h = read(bytes);
        return h == null ? null : h.superTypes();
    }

    /**
     * What a class file's header says about its place in the hierarchy: its access flags and the binary names
     * (dotted) of its superclass (element 0, {@code null} for {@code java.lang.Object} and {@code module-info}) and
     * interfaces.
     */
    public record Header(int access, String[] superTypes) {
        private static final int ACC_INTERFACE = 0x0200;

        /** Whether the class file is an interface's (or an annotation's). */
        public boolean isInterface() {
            return (access & ACC_INTERFACE) != 0;
        }

        /** The superclass's binary name, or {@code null}. */
        public String superClass() {
            return superTypes[0];
        }
    }

    /** The header of the class in {@code bytes}, or {@code null} when they are not a class file this reader understands. */
    public static Header read(byte[] bytes) {
        try {
            if (bytes.length < 10 || readInt(bytes, 0) != 0xCAFEBABE) {
                return null;
            }
            int count = readU2(bytes, 8);
            int[] offsets = new int[count];
            int p = 10;
            for (int i = 1; i < count; i++) {
                offsets[i] = p;
                int tag = bytes[p] & 0xFF;
                switch (tag) {
                    case 1: // Utf8
                        p += 3 + readU2(bytes, p + 1);
                        break;
                    case 3: case 4: case 9: case 10: case 11: case 12: case 17: case 18: // 4-byte entries
                        p += 5;
                        break;
                    case 5: case 6: // Long, Double: two slots
                        p += 9;
                        i++;
                        break;
                    case 7: case 8: case 16: case 19: case 20: // Class, String, MethodType, Module, Package
                        p += 3;
                        break;
                    case 15: // MethodHandle
                        p += 4;
                        break;
                    default:
                        return null;
                }
            }
            // access_flags, this_class, super_class, interfaces_count, interfaces[]
            int access = readU2(bytes, p);
            int superIndex = readU2(bytes, p + 4);
            int interfaces = readU2(bytes, p + 6);
            String[] out = new String[1 + interfaces];
            out[0] = superIndex == 0 ? null : className(bytes, offsets, superIndex);
            for (int i = 0; i < interfaces; i++) {
                out[1 + i] = className(bytes, offsets, readU2(bytes, p + 8 + 2 * i));
            }
            return new Header(access, out);
        } catch (RuntimeException malformed) {
            return null;
        }
    }

    private static String className(byte[] b, int[] offsets, int classIndex) {
        int utf8 = offsets[readU2(b, offsets[classIndex] + 1)];
        int length = readU2(b, utf8 + 1);
        // class names are ASCII in practice; a non-ASCII one is decoded byte-wise, which still never matches a JDK name
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            char c = (char) (b[utf8 + 3 + i] & 0xFF);
            chars[i] = c == '/' ? '.' : c;
        }
        return new String(chars);
    }

    private static int readU2(byte[] b, int p) {
        return ((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF);
    }

    private static int readInt(byte[] b, int p) {
        return (readU2(b, p) << 16) | readU2(b, p + 2);
    }
}
