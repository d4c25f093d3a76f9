package io.leakwatch.family.cuda.boot;

import java.lang.reflect.Field;

/**
 * Reads the address a JCuda pointer object names: {@code nativePointer + byteOffset}, which is what JCuda's native
 * code passes to CUDA (so what a free names), for {@code Pointer}, {@code CUdeviceptr} and the other
 * {@code NativePointerObject}s (arrays, handles, contexts, devices; those have no offset). The fields are private to
 * JCuda and read reflectively: the bootstrap package cannot link against JCuda, which the application may not have.
 *
 * <p>Thread-safe: the fields found per class are cached in a {@link ClassValue}.
 */
final class CudaPointers {
    private static final ClassValue<Field[]> FIELDS = new ClassValue<>() {
        @Override
        protected Field[] computeValue(Class<?> type) {
            return new Field[] {find(type, "nativePointer"), find(type, "byteOffset")};
        }
    };

    private CudaPointers() {
    }

    /** The address {@code pointer} names, or 0 when it is null or not a JCuda pointer object. */
    static long addressOf(Object pointer) {
        if (pointer == null) {
            return 0;
        }
        Field[] f = FIELDS.get(pointer.getClass());
        if (f[0] == null) {
            return 0;
        }
        try {
            long address = f[0].getLong(pointer);
            return f[1] == null ? address : address + f[1].getLong(pointer);
        } catch (IllegalAccessException | RuntimeException e) {
            return 0;
        }
    }

    private static Field find(Class<?> type, String name) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            try {
                Field f = c.getDeclaredField(name);
                if (f.getType() == long.class && f.trySetAccessible()) {
                    return f;
                }
            } catch (NoSuchFieldException | SecurityException absent) {
                // look in the superclass
            }
        }
        return null;
    }
}
