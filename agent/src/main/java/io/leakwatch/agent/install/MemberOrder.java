package io.leakwatch.agent.install;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A class file with its fields and methods in a fixed order, so that two class files that differ only in the order of
 * their members compare equal.
 *
 * <p>Why: a class loaded before the agent's transformer was registered is handed to it as HotSpot rebuilds it from the
 * loaded class, with the methods in the order HotSpot keeps them, sorted by the address of their name. That address
 * differs from one JVM to the next for names outside the CDS archive, so overloads of one name can come in either order
 * (seen with {@code SocketChannelImpl.write}). The constant pool, the members' own bytes and everything else stay the
 * same. A cached instrumentation made from one order is equally valid for the other: the JVM matches a retransformed
 * class's methods by name and descriptor, never by position.
 *
 * <p>Thread-safe (stateless).
 */
final class MemberOrder {
    private MemberOrder() {
    }

    /**
     * {@code classFile} with its fields sorted, then its methods sorted, each by its bytes; {@code null} when it is not
     * a class file this can read (then it matches nothing).
     */
    static byte[] canonical(byte[] classFile) {
        return withMembersSorted(classFile, Arrays::compare);
    }

    /** {@code classFile} with its fields, then its methods, sorted by {@code order} of their bytes; or {@code null}. */
    static byte[] withMembersSorted(byte[] classFile, java.util.Comparator<byte[]> order) {
        try {
            Reader r = new Reader(classFile);
            r.pos = 8; // magic, minor, major
            int cpCount = r.u2();
            for (int i = 1; i < cpCount; i++) {
                int tag = r.u1();
                switch (tag) {
                    case 1:
                        int length = r.u2(); // read before adding: "r.pos += r.u2()" would lose u2's own advance
                        r.pos += length;
                        break;
                    case 3: case 4: case 9: case 10: case 11: case 12: case 17: case 18:
                        r.pos += 4;
                        break;
                    case 5: case 6:
                        r.pos += 8;
                        i++; // takes two slots
                        break;
                    case 7: case 8: case 16: case 19: case 20:
                        r.pos += 2;
                        break;
                    case 15:
                        r.pos += 3;
                        break;
                    default:
                        return null;
                }
            }
            r.pos += 6; // access, this, super
            int interfaces = r.u2();
            r.pos += 2 * interfaces;
            ByteArrayOutputStream out = new ByteArrayOutputStream(classFile.length);
            out.write(classFile, 0, r.pos);
            for (int kind = 0; kind < 2; kind++) { // fields, then methods
                int count = r.u2();
                out.write(count >> 8);
                out.write(count);
                List<byte[]> members = new ArrayList<>(count);
                for (int m = 0; m < count; m++) {
                    int start = r.pos;
                    r.pos += 6; // access, name, descriptor
                    skipAttributes(r);
                    members.add(Arrays.copyOfRange(classFile, start, r.pos));
                }
                members.sort(order);
                for (byte[] m : members) {
                    out.write(m, 0, m.length);
                }
            }
            int attributes = r.pos;
            skipAttributes(r);
            if (r.pos != classFile.length) {
                return null;
            }
            out.write(classFile, attributes, classFile.length - attributes);
            return out.toByteArray();
        } catch (IndexOutOfBoundsException | IllegalArgumentException truncated) {
            return null;
        }
    }

    private static void skipAttributes(Reader r) {
        int n = r.u2();
        for (int a = 0; a < n; a++) {
            r.pos += 2;
            long length = r.u4();
            if (length > r.bytes.length) {
                throw new IndexOutOfBoundsException("attribute length " + length);
            }
            r.pos += (int) length;
        }
    }

    /** A position in a class file. Not thread-safe (one per call). */
    private static final class Reader {
        final byte[] bytes;
        int pos;

        Reader(byte[] bytes) {
            this.bytes = bytes;
        }

        int u1() {
            return bytes[pos++] & 0xff;
        }

        int u2() {
            int v = ((bytes[pos] & 0xff) << 8) | (bytes[pos + 1] & 0xff);
            pos += 2;
            return v;
        }

        long u4() {
            long v = ((long) (bytes[pos] & 0xff) << 24) | ((bytes[pos + 1] & 0xff) << 16)
                     | ((bytes[pos + 2] & 0xff) << 8) | (bytes[pos + 3] & 0xff);
            pos += 4;
            return v;
        }
    }
}
