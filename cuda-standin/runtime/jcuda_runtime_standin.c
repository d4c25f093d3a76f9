/*
 * TEST STAND-IN for JCuda's CUDA runtime JNI library: no GPU involved;
 * allocations are host memory.
 *
 * JCuda's real libJCudaRuntime-<version>-linux-x86_64.so links the CUDA runtime
 * (cudart) statically; without an NVIDIA driver every call returns
 * cudaErrorInsufficientDriver (35). This file is a complete REPLACEMENT of that
 * JNI library: it implements the JNI entry points of jcuda.runtime.JCuda
 * directly (no cudart, no libcuda). build.sh names the result exactly as
 * JCuda looks it up (libJCudaRuntime-<version>-linux-x86_64.so); put its
 * directory on -Djava.library.path and JCuda's LibUtils.loadLibrary picks it
 * up with System.loadLibrary before it would extract its own copy.
 *
 * Pointer handling mirrors JCuda's JNI code (JCudaRuntime.cpp + PointerUtils.cpp):
 *  - cudaMalloc / cudaMallocPitch: setPointer() ALWAYS (also on failure):
 *    NativePointerObject.nativePointer = address (0 on failure), Pointer.byteOffset = 0.
 *  - cudaMallocHost / cudaHostAlloc: on success only: Pointer.buffer = direct
 *    ByteBuffer over the memory, Pointer.pointers = null, byteOffset = 0,
 *    nativePointer = address.
 *  - cudaMallocManaged: on success only; buffer/pointers/byteOffset only for
 *    flags == cudaMemAttachHost; nativePointer always (on success).
 *  - cudaMalloc3D: cudaPitchedPtr.ptr gets setPointer(), pitch/xsize/ysize set.
 *  - cudaMallocArray / cudaMalloc3DArray: cudaArray.nativePointer set always.
 *  - cudaFree / cudaFreeHost use nativePointer + byteOffset of the given Pointer.
 *
 * Bookkeeping: per device, "device" memory (cudaMalloc*, cudaMallocManaged,
 * arrays) is booked against LEAKWATCH_CUDA_STANDIN_CAPACITY (default 1 GiB)
 * -> cudaErrorMemoryAllocation (2); pinned host memory (cudaMallocHost,
 * cudaHostAlloc) against LEAKWATCH_CUDA_STANDIN_HOST_CAPACITY. Unknown pointers
 * (double free, interior pointer, wrong kind) -> cudaErrorInvalidValue (1).
 * cudaDeviceReset (and the deprecated cudaThreadExit) frees everything
 * allocated on the current device, including its pinned host memory.
 * This pool is independent of the driver stand-in's pool.
 *
 * Every other int-returning native of jcuda.runtime.JCuda is a generated stub
 * (see build.sh) returning cudaErrorNotSupported (801).
 */
#include <jni.h>

#include "../common/standin_heap.h"

#define RT_EXPORT __attribute__((visibility("default")))

enum
{
    cudaSuccess                      = 0,
    cudaErrorInvalidValue            = 1,
    cudaErrorMemoryAllocation        = 2,
    cudaErrorInvalidMemcpyDirection  = 21,
    cudaErrorInsufficientDriver      = 35,
    cudaErrorNoDevice                = 100,
    cudaErrorInvalidDevice           = 101,
    cudaErrorNotSupported            = 801
};

#define JCUDA_INTERNAL_ERROR ((jint)0x80000001)

#define cudaMemAttachGlobal 0x01
#define cudaMemAttachHost   0x02

#define RT_PITCH_ALIGNMENT  512
#define RT_VERSION          12000

static __thread int rt_current_device;

/* Field, method and class IDs, resolved in JNI_OnLoad. */
static jfieldID  NativePointerObject_nativePointer;
static jfieldID  Pointer_buffer;
static jfieldID  Pointer_pointers;
static jfieldID  Pointer_byteOffset;
static jfieldID  cudaPitchedPtr_ptr;
static jfieldID  cudaPitchedPtr_pitch;
static jfieldID  cudaPitchedPtr_xsize;
static jfieldID  cudaPitchedPtr_ysize;
static jfieldID  cudaExtent_width;
static jfieldID  cudaExtent_height;
static jfieldID  cudaExtent_depth;
static jclass    cudaChannelFormatDesc_class;
static jmethodID cudaChannelFormatDesc_constructor;
static jfieldID  cudaChannelFormatDesc_x;
static jfieldID  cudaChannelFormatDesc_y;
static jfieldID  cudaChannelFormatDesc_z;
static jfieldID  cudaChannelFormatDesc_w;
static jfieldID  cudaChannelFormatDesc_f;
static jmethodID Buffer_isDirect;
static jmethodID Buffer_array;
static jclass    Buffer_classes[7];
static const int Buffer_element_sizes[7] = { 1, 2, 2, 4, 4, 8, 8 };
static const char *Buffer_class_names[7] =
{
    "java/nio/ByteBuffer", "java/nio/CharBuffer", "java/nio/ShortBuffer", "java/nio/IntBuffer",
    "java/nio/FloatBuffer", "java/nio/LongBuffer", "java/nio/DoubleBuffer"
};

static int rt_class(JNIEnv *env, const char *name, jclass *out)
{
    jclass cls = (*env)->FindClass(env, name);
    if (cls == NULL)
    {
        return 0;
    }
    *out = cls;
    return 1;
}

static int rt_field(JNIEnv *env, jclass cls, jfieldID *out, const char *name, const char *signature)
{
    *out = (*env)->GetFieldID(env, cls, name, signature);
    return *out != NULL;
}

RT_EXPORT JNIEXPORT jint JNICALL JNI_OnLoad(JavaVM *vm, void *reserved)
{
    (void)reserved;
    JNIEnv *env = NULL;
    if ((*vm)->GetEnv(vm, (void **)&env, JNI_VERSION_1_6) != JNI_OK)
    {
        return JNI_ERR;
    }
    sh_component = "runtime";
    jclass cls = NULL;
    if (!rt_class(env, "jcuda/NativePointerObject", &cls)
        || !rt_field(env, cls, &NativePointerObject_nativePointer, "nativePointer", "J")) return JNI_ERR;
    if (!rt_class(env, "jcuda/Pointer", &cls)
        || !rt_field(env, cls, &Pointer_buffer, "buffer", "Ljava/nio/Buffer;")
        || !rt_field(env, cls, &Pointer_pointers, "pointers", "[Ljcuda/NativePointerObject;")
        || !rt_field(env, cls, &Pointer_byteOffset, "byteOffset", "J")) return JNI_ERR;
    if (!rt_class(env, "jcuda/runtime/cudaPitchedPtr", &cls)
        || !rt_field(env, cls, &cudaPitchedPtr_ptr, "ptr", "Ljcuda/Pointer;")
        || !rt_field(env, cls, &cudaPitchedPtr_pitch, "pitch", "J")
        || !rt_field(env, cls, &cudaPitchedPtr_xsize, "xsize", "J")
        || !rt_field(env, cls, &cudaPitchedPtr_ysize, "ysize", "J")) return JNI_ERR;
    if (!rt_class(env, "jcuda/runtime/cudaExtent", &cls)
        || !rt_field(env, cls, &cudaExtent_width, "width", "J")
        || !rt_field(env, cls, &cudaExtent_height, "height", "J")
        || !rt_field(env, cls, &cudaExtent_depth, "depth", "J")) return JNI_ERR;
    if (!rt_class(env, "jcuda/runtime/cudaChannelFormatDesc", &cls)
        || !rt_field(env, cls, &cudaChannelFormatDesc_x, "x", "I")
        || !rt_field(env, cls, &cudaChannelFormatDesc_y, "y", "I")
        || !rt_field(env, cls, &cudaChannelFormatDesc_z, "z", "I")
        || !rt_field(env, cls, &cudaChannelFormatDesc_w, "w", "I")
        || !rt_field(env, cls, &cudaChannelFormatDesc_f, "f", "I")) return JNI_ERR;
    cudaChannelFormatDesc_class = (jclass)(*env)->NewGlobalRef(env, cls);
    cudaChannelFormatDesc_constructor = (*env)->GetMethodID(env, cls, "<init>", "()V");
    if (cudaChannelFormatDesc_class == NULL || cudaChannelFormatDesc_constructor == NULL) return JNI_ERR;
    if (!rt_class(env, "java/nio/Buffer", &cls)) return JNI_ERR;
    Buffer_isDirect = (*env)->GetMethodID(env, cls, "isDirect", "()Z");
    Buffer_array = (*env)->GetMethodID(env, cls, "array", "()Ljava/lang/Object;");
    if (Buffer_isDirect == NULL || Buffer_array == NULL) return JNI_ERR;
    for (int i = 0; i < 7; i++)
    {
        if (!rt_class(env, Buffer_class_names[i], &cls)) return JNI_ERR;
        Buffer_classes[i] = (jclass)(*env)->NewGlobalRef(env, cls);
        if (Buffer_classes[i] == NULL) return JNI_ERR;
    }
    sh_trace("libJCudaRuntime TEST STAND-IN loaded (no GPU; allocations are host memory)");
    return JNI_VERSION_1_6;
}

/* ------------------------------------------------------------------------ */
/* Helpers                                                                  */
/* ------------------------------------------------------------------------ */

static void rt_throw_npe(JNIEnv *env, const char *message)
{
    jclass cls = (*env)->FindClass(env, "java/lang/NullPointerException");
    if (cls != NULL)
    {
        (*env)->ThrowNew(env, cls, message);
    }
}

#define RT_REQUIRE(param, fn) \
    if ((param) == NULL) \
    { \
        rt_throw_npe(env, "Parameter '" #param "' is null for " fn); \
        return JCUDA_INTERNAL_ERROR; \
    }

/* Common precondition of device/memory calls: forced error, then "no device". */
static int rt_check(void)
{
    sh_read_config();
    if (sh_forced_error != 0) return sh_forced_error;
    if (sh_device_count == 0) return cudaErrorNoDevice;
    return cudaSuccess;
}

/* JCuda's setPointer(): nativePointer = value, byteOffset = 0. */
static void rt_set_pointer(JNIEnv *env, jobject pointer, jlong value)
{
    if (pointer == NULL) return;
    (*env)->SetLongField(env, pointer, NativePointerObject_nativePointer, value);
    (*env)->SetLongField(env, pointer, Pointer_byteOffset, 0);
}

/* JCuda's getPointer(): nativePointer + byteOffset. */
static uintptr_t rt_get_pointer(JNIEnv *env, jobject pointer)
{
    if (pointer == NULL) return 0;
    jlong start = (*env)->GetLongField(env, pointer, NativePointerObject_nativePointer);
    jlong offset = (*env)->GetLongField(env, pointer, Pointer_byteOffset);
    return (uintptr_t)(start + offset);
}

/* Pointer with a direct ByteBuffer over host memory, as JCuda sets it for pinned host memory. */
static void rt_set_host_buffer_pointer(JNIEnv *env, jobject pointer, uintptr_t address, jlong size,
                                       int with_buffer)
{
    if (with_buffer)
    {
        jobject buffer = (*env)->NewDirectByteBuffer(env, (void *)address, size);
        (*env)->SetObjectField(env, pointer, Pointer_buffer, buffer);
        (*env)->SetObjectField(env, pointer, Pointer_pointers, NULL);
        (*env)->SetLongField(env, pointer, Pointer_byteOffset, 0);
    }
    (*env)->SetLongField(env, pointer, NativePointerObject_nativePointer, (jlong)address);
}

static int rt_alloc(const char *fn, sh_kind kind, size_t bytes, unsigned int flags, uintptr_t *out)
{
    *out = 0;
    int rc = rt_check();
    int device = rt_current_device;
    if (rc == cudaSuccess)
    {
        pthread_mutex_lock(&sh_lock);
        rc = sh_alloc_locked(kind, bytes, device, NULL, flags, out) == 0 ? cudaSuccess : cudaErrorMemoryAllocation;
        sh_trace("%s(%zu bytes) device=%d -> %d ptr=%#lx device_used=%zu/%zu host_used=%zu/%zu", fn, bytes, device,
                 rc, (unsigned long)*out, sh_dev_used[device], sh_capacity, sh_host_used, sh_host_capacity);
        pthread_mutex_unlock(&sh_lock);
    }
    else
    {
        sh_trace("%s(%zu bytes) -> %d", fn, bytes, rc);
    }
    return rc;
}

static int rt_free(const char *fn, uintptr_t address, int kinds)
{
    int rc = rt_check();
    if (rc == cudaSuccess && address != 0)
    {
        pthread_mutex_lock(&sh_lock);
        rc = sh_free_locked(address, kinds) == 0 ? cudaSuccess : cudaErrorInvalidValue;
        pthread_mutex_unlock(&sh_lock);
    }
    sh_trace("%s(%#lx) -> %d", fn, (unsigned long)address, rc);
    return rc;
}

/* ------------------------------------------------------------------------ */
/* Logging, versions, errors                                                */
/* ------------------------------------------------------------------------ */

RT_EXPORT JNIEXPORT void JNICALL Java_jcuda_runtime_JCuda_setLogLevel(JNIEnv *env, jclass cls, jint level)
{
    (void)env; (void)cls; (void)level;
}

static int rt_set_int(JNIEnv *env, jintArray array, jint value)
{
    if ((*env)->GetArrayLength(env, array) < 1)
    {
        jclass cls = (*env)->FindClass(env, "java/lang/ArrayIndexOutOfBoundsException");
        if (cls != NULL) (*env)->ThrowNew(env, cls, "array must have at least one element");
        return 0;
    }
    (*env)->SetIntArrayRegion(env, array, 0, 1, &value);
    return !(*env)->ExceptionCheck(env);
}

static int rt_set_long(JNIEnv *env, jlongArray array, jlong value)
{
    if ((*env)->GetArrayLength(env, array) < 1)
    {
        jclass cls = (*env)->FindClass(env, "java/lang/ArrayIndexOutOfBoundsException");
        if (cls != NULL) (*env)->ThrowNew(env, cls, "array must have at least one element");
        return 0;
    }
    (*env)->SetLongArrayRegion(env, array, 0, 1, &value);
    return !(*env)->ExceptionCheck(env);
}

RT_EXPORT JNIEXPORT jint JNICALL Java_jcuda_runtime_JCuda_cudaDriverGetVersionNative(JNIEnv *env, jclass cls,
                                                                                     jintArray version)
{
    (void)cls;
    RT_REQUIRE(version, "cudaDriverGetVersion");
    sh_read_config();
    /* Like cudart without a driver: success, version 0. */
    if (!rt_set_int(env, version, sh_forced_error != 0 ? 0 : RT_VERSION)) return JCUDA_INTERNAL_ERROR;
    return cudaSuccess;
}

RT_EXPORT JNIEXPORT jint JNICALL Java_jcuda_runtime_JCuda_cudaRuntimeGetVersionNative(JNIEnv *env, jclass cls,
                                                                                      jintArray version)
{
    (void)cls;
    RT_REQUIRE(version, "cudaRuntimeGetVersion");
    if (!rt_set_int(env, version, RT_VERSION)) return JCUDA_INTERNAL_ERROR;
    return cudaSuccess;
}

typedef struct
{
    int code;
    const char *name;
    const char *text;
} rt_error_t;

static const rt_error_t rt_errors[] =
{
    {   0, "cudaSuccess", "no error" },
    {   1, "cudaErrorInvalidValue", "invalid argument" },
    {   2, "cudaErrorMemoryAllocation", "out of memory" },
    {   3, "cudaErrorInitializationError", "initialization error" },
    {  21, "cudaErrorInvalidMemcpyDirection", "invalid copy direction for memcpy" },
    {  35, "cudaErrorInsufficientDriver", "CUDA driver version is insufficient for CUDA runtime version" },
    { 100, "cudaErrorNoDevice", "no CUDA-capable device is detected" },
    { 101, "cudaErrorInvalidDevice", "invalid device ordinal" },
    { 400, "cudaErrorInvalidResourceHandle", "invalid resource handle" },
    { 801, "cudaErrorNotSupported", "operation not supported" },
    { 999, "cudaErrorUnknown", "unknown error" },
};

static const rt_error_t *rt_error(int code)
{
    for (size_t i = 0; i < sizeof(rt_errors) / sizeof(rt_errors[0]); i++)
    {
        if (rt_errors[i].code == code) return &rt_errors[i];
    }
    return NULL;
}

RT_EXPORT JNIEXPORT jstring JNICALL Java_jcuda_runtime_JCuda_cudaGetErrorNameNative(JNIEnv *env, jclass cls,
                                                                                   jint error)
{
    (void)cls;
    const rt_error_t *e = rt_error(error);
    return (*env)->NewStringUTF(env, e != NULL ? e->name : "unrecognized error code");
}

RT_EXPORT JNIEXPORT jstring JNICALL Java_jcuda_runtime_JCuda_cudaGetErrorStringNative(JNIEnv *env, jclass cls,
                                                                                     jint error)
{
    (void)cls;
    const rt_error_t *e = rt_error(error);
    return (*env)->NewStringUTF(env, e != NULL ? e->text : "unrecognized error code");
}

RT_EXPORT JNIEXPORT jint JNICALL Java_jcuda_runtime_JCuda_cudaGetLastErrorNative(JNIEnv *env, jclass cls)
{
    (void)env; (void)cls;
    return cudaSuccess;
}

RT_EXPORT JNIEXPORT jint JNICALL Java_jcuda_runtime_JCuda_cudaPeekAtLastErrorNative(JNIEnv *env, jclass cls)
{
    (void)env; (void)cls;
    return cudaSuccess;
}

RT_EXPORT JNIEXPORT jobject JNICALL Java_jcuda_runtime_JCuda_cudaCreateChannelDescNative(
    JNIEnv *env, jclass cls, jint x, jint y, jint z, jint w, jint f)
{
    (void)cls;
    jobject desc = (*env)->NewObject(env, cudaChannelFormatDesc_class, cudaChannelFormatDesc_constructor);
    if (desc == NULL) return NULL;
    (*env)->SetIntField(env, desc, cudaChannelFormatDesc_x, x);
    (*env)->SetIntField(env, desc, cudaChannelFormatDesc_y, y);
    (*env)->SetIntField(env, desc, cudaChannelFormatDesc_z, z);
    (*env)->SetIntField(env, desc, cudaChannelFormatDesc_w, w);
    (*env)->SetIntField(env, desc, cudaChannelFormatDesc_f, f);
    return desc;
}

/* ------------------------------------------------------------------------ */
/* Devices                                                                  */
/* ------------------------------------------------------------------------ */

RT_EXPORT JNIEXPORT jint JNICALL Java_jcuda_runtime_JCuda_cudaGetDeviceCountNative(JNIEnv *env, jclass cls,
                                                                                  jintArray count)
{
    (void)cls;
    RT_REQUIRE(count, "cudaGetDeviceCount");
    int rc = rt_check();
    if (!rt_set_int(env, count, rc == cudaSuccess ? sh_device_count : 0)) return JCUDA_INTERNAL_ERROR;
    sh_trace("cudaGetDeviceCount -> %d count=%d", rc, rc == cudaSuccess ? sh_device_count : 0);
    return rc;
}

RT_EXPORT JNIEXPORT jint JNICALL Java_jcuda_runtime_JCuda_cudaSetDeviceNative(JNIEnv *env, jclass cls, jint device)
{
    (void)env; (void)cls;
    int rc = rt_check();
    if (rc == cudaSuccess)
    {
        if (device < 0 || device >= sh_device_count) rc = cudaErrorInvalidDevice;
        else rt_current_device = device;
    }
    sh_trace("cudaSetDevice(%d) -> %d", device, rc);
    return rc;
}

RT_EXPORT JNIEXPORT jint JNICALL Java_jcuda_runtime_JCuda_cudaGetDeviceNative(JNIEnv *env, jclass cls,
                                                                             jintArray device)
{
    (void)cls;
    RT_REQUIRE(device, "cudaGetDevice");
    int rc = rt_check();
    if (!rt_set_int(env, device, rt_current_device)) return JCUDA_INTERNAL_ERROR;
    return rc;
}

RT_EXPORT JNIEXPORT jint JNICALL Java_jcuda_runtime_JCuda_cudaSetDeviceFlagsNative(JNIEnv *env, jclass cls,
                                                                                  jint flags)
{
    (void)env; (void)cls; (void)flags;
    return rt_check();
}

RT_EXPORT JNIEXPORT jint JNICALL Java_jcuda_runtime_JCuda_cudaDeviceSynchronizeNative(JNIEnv *env, jclass cls)
{
    (void)env; (void)cls;
    return rt_check();
}

RT_EXPORT JNIEXPORT jint JNICALL Java_jcuda_runtime_JCuda_cudaThreadSynchronizeNative(JNIEnv *env, jclass cls)
{
    (void)env; (void)cls;
    return rt_check();
}

static int rt_device_reset(const char *fn)
{
    int rc = rt_check();
    size_t bytes = 0, count = 0;
    int device = rt_current_device;
    if (rc == cudaSuccess)
    {
        pthread_mutex_lock(&sh_lock);
        bytes = sh_free_matching_locked(0, NULL, device, SH_DEVICE | SH_MANAGED | SH_HOST | SH_ARRAY, &count);
        pthread_mutex_unlock(&sh_lock);
    }
    sh_trace("%s() device=%d -> %d (released %zu allocations, %zu bytes)", fn, device, rc, count, bytes);
    return rc;
}

RT_EXPORT JNIEXPORT jint JNICALL Java_jcuda_runtime_JCuda_cudaDeviceResetNative(JNIEnv *env, jclass cls)
{
    (void)env; (void)cls;
    return rt_device_reset("cudaDeviceReset");
}

RT_EXPORT JNIEXPORT jint JNICALL Java_jcuda_runtime_JCuda_cudaThreadExitNative(JNIEnv *env, jclass cls)
{
    (void)env; (void)cls;
    return rt_device_reset("cudaThreadExit");
}

/* ------------------------------------------------------------------------ */
/* Memory                                                                   */
/* ------------------------------------------------------------------------ */

RT_EXPORT JNIEXPORT jint JNICALL Java_jcuda_runtime_JCuda_cudaMemGetInfoNative(JNIEnv *env, jclass cls,
                                                                              jlongArray free_bytes,
                                                                              jlongArray total_bytes)
{
    (void)cls;
    RT_REQUIRE(free_bytes, "cudaMemGetInfo");
    RT_REQUIRE(total_bytes, "cudaMemGetInfo");
    int rc = rt_check();
    size_t free_value = 0, total_value = 0;
    if (rc == cudaSuccess)
    {
        pthread_mutex_lock(&sh_lock);
        total_value = sh_capacity;
        free_value = sh_capacity - sh_dev_used[rt_current_device];
        pthread_mutex_unlock(&sh_lock);
    }
    if (!rt_set_long(env, free_bytes, (jlong)free_value)) return JCUDA_INTERNAL_ERROR;
    if (!rt_set_long(env, total_bytes, (jlong)total_value)) return JCUDA_INTERNAL_ERROR;
    sh_trace("cudaMemGetInfo -> %d free=%zu total=%zu", rc, free_value, total_value);
    return rc;
}

RT_EXPORT JNIEXPORT jint JNICALL Java_jcuda_runtime_JCuda_cudaMallocNative(JNIEnv *env, jclass cls, jobject devPtr,
                                                                          jlong size)
{
    (void)cls;
    RT_REQUIRE(devPtr, "cudaMalloc");
    uintptr_t address = 0;
    int rc;
    if (size < 0) rc = cudaErrorInvalidValue;
    else if (size == 0) rc = rt_check();   /* cudaMalloc(0): success, NULL pointer */
    else rc = rt_alloc("cudaMalloc", SH_DEVICE, (size_t)size, 0, &address);
    rt_set_pointer(env, devPtr, (jlong)address);
    return rc;
}

RT_EXPORT JNIEXPORT jint JNICALL Java_jcuda_runtime_JCuda_cudaMallocManagedNative(JNIEnv *env, jclass cls,
                                                                                 jobject devPtr, jlong size,
                                                                                 jint flags)
{
    (void)cls;
    RT_REQUIRE(devPtr, "cudaMallocManaged");
    if (size <= 0 || (flags != cudaMemAttachGlobal && flags != cudaMemAttachHost)) return cudaErrorInvalidValue;
    uintptr_t address = 0;
    int rc = rt_alloc("cudaMallocManaged", SH_MANAGED, (size_t)size, (unsigned int)flags, &address);
    if (rc == cudaSuccess)
    {
        rt_set_host_buffer_pointer(env, devPtr, address, size, flags == cudaMemAttachHost);
    }
    return rc;
}

RT_EXPORT JNIEXPORT jint JNICALL Java_jcuda_runtime_JCuda_cudaMallocPitchNative(JNIEnv *env, jclass cls,
                                                                               jobject devPtr, jlongArray pitch,
                                                                               jlong width, jlong height)
{
    (void)cls;
    RT_REQUIRE(devPtr, "cudaMallocPitch");
    RT_REQUIRE(pitch, "cudaMallocPitch");
    uintptr_t address = 0;
    size_t row = 0, bytes = 0;
    int rc;
    if (width < 0 || height < 0) rc = cudaErrorInvalidValue;
    else
    {
        row = sh_round_up((size_t)width, RT_PITCH_ALIGNMENT);
        if (!sh_mul(row, (size_t)height, &bytes)) rc = cudaErrorMemoryAllocation;
        else if (bytes == 0) rc = rt_check();
        else rc = rt_alloc("cudaMallocPitch", SH_DEVICE, bytes, 0, &address);
    }
    rt_set_pointer(env, devPtr, (jlong)address);
    if (!rt_set_long(env, pitch, rc == cudaSuccess ? (jlong)row : 0)) return JCUDA_INTERNAL_ERROR;
    return rc;
}

RT_EXPORT JNIEXPORT jint JNICALL Java_jcuda_runtime_JCuda_cudaMalloc3DNative(JNIEnv *env, jclass cls,
                                                                            jobject pitchDevPtr, jobject extent)
{
    (void)cls;
    RT_REQUIRE(pitchDevPtr, "cudaMalloc3D");
    RT_REQUIRE(extent, "cudaMalloc3D");
    jlong width = (*env)->GetLongField(env, extent, cudaExtent_width);
    jlong height = (*env)->GetLongField(env, extent, cudaExtent_height);
    jlong depth = (*env)->GetLongField(env, extent, cudaExtent_depth);
    uintptr_t address = 0;
    size_t row = 0, bytes = 0;
    int rc;
    if (width < 0 || height < 0 || depth < 0) rc = cudaErrorInvalidValue;
    else
    {
        row = sh_round_up((size_t)width, RT_PITCH_ALIGNMENT);
        if (!sh_mul(row, (size_t)height, &bytes) || !sh_mul(bytes, (size_t)depth, &bytes))
            rc = cudaErrorMemoryAllocation;
        else if (bytes == 0) rc = rt_check();
        else rc = rt_alloc("cudaMalloc3D", SH_DEVICE, bytes, 0, &address);
    }
    int ok = rc == cudaSuccess;
    jobject ptr = (*env)->GetObjectField(env, pitchDevPtr, cudaPitchedPtr_ptr);
    rt_set_pointer(env, ptr, (jlong)address);
    (*env)->SetLongField(env, pitchDevPtr, cudaPitchedPtr_pitch, ok ? (jlong)row : 0);
    (*env)->SetLongField(env, pitchDevPtr, cudaPitchedPtr_xsize, ok ? width : 0);
    (*env)->SetLongField(env, pitchDevPtr, cudaPitchedPtr_ysize, ok ? height : 0);
    return rc;
}

RT_EXPORT JNIEXPORT jint JNICALL Java_jcuda_runtime_JCuda_cudaMallocHostNative(JNIEnv *env, jclass cls, jobject ptr,
                                                                              jlong size)
{
    (void)cls;
    RT_REQUIRE(ptr, "cudaMallocHost");
    if (size < 0) return cudaErrorInvalidValue;
    uintptr_t address = 0;
    int rc = rt_alloc("cudaMallocHost", SH_HOST, (size_t)size, 0, &address);
    if (rc == cudaSuccess)
    {
        rt_set_host_buffer_pointer(env, ptr, address, size, 1);
    }
    return rc;
}

RT_EXPORT JNIEXPORT jint JNICALL Java_jcuda_runtime_JCuda_cudaHostAllocNative(JNIEnv *env, jclass cls, jobject ptr,
                                                                             jlong size, jint flags)
{
    (void)cls;
    RT_REQUIRE(ptr, "cudaHostAlloc");
    if (size < 0 || (flags & ~0xF) != 0) return cudaErrorInvalidValue;
    uintptr_t address = 0;
    int rc = rt_alloc("cudaHostAlloc", SH_HOST, (size_t)size, (unsigned int)flags, &address);
    if (rc == cudaSuccess)
    {
        rt_set_host_buffer_pointer(env, ptr, address, size, 1);
    }
    return rc;
}

static size_t rt_channel_bytes(JNIEnv *env, jobject desc)
{
    jint x = (*env)->GetIntField(env, desc, cudaChannelFormatDesc_x);
    jint y = (*env)->GetIntField(env, desc, cudaChannelFormatDesc_y);
    jint z = (*env)->GetIntField(env, desc, cudaChannelFormatDesc_z);
    jint w = (*env)->GetIntField(env, desc, cudaChannelFormatDesc_w);
    if (x < 0 || y < 0 || z < 0 || w < 0) return 0;
    return (size_t)(x + y + z + w) / 8;
}

static int rt_array_alloc(JNIEnv *env, const char *fn, jobject array, jobject desc, jlong width, jlong height,
                          jlong depth)
{
    size_t element = rt_channel_bytes(env, desc);
    size_t bytes = 0;
    uintptr_t address = 0;
    int rc;
    if (width <= 0 || height < 0 || depth < 0 || element == 0) rc = cudaErrorInvalidValue;
    else if (!sh_mul(element, (size_t)width, &bytes) || !sh_mul(bytes, height == 0 ? 1 : (size_t)height, &bytes)
             || !sh_mul(bytes, depth == 0 ? 1 : (size_t)depth, &bytes))
        rc = cudaErrorMemoryAllocation;
    else rc = rt_alloc(fn, SH_ARRAY, bytes, 0, &address);
    (*env)->SetLongField(env, array, NativePointerObject_nativePointer, (jlong)address);
    return rc;
}

RT_EXPORT JNIEXPORT jint JNICALL Java_jcuda_runtime_JCuda_cudaMallocArrayNative(JNIEnv *env, jclass cls,
                                                                               jobject array, jobject desc,
                                                                               jlong width, jlong height,
                                                                               jint flags)
{
    (void)cls; (void)flags;
    RT_REQUIRE(array, "cudaMallocArray");
    RT_REQUIRE(desc, "cudaMallocArray");
    return rt_array_alloc(env, "cudaMallocArray", array, desc, width, height, 0);
}

RT_EXPORT JNIEXPORT jint JNICALL Java_jcuda_runtime_JCuda_cudaMalloc3DArrayNative(JNIEnv *env, jclass cls,
                                                                                 jobject arrayPtr, jobject desc,
                                                                                 jobject extent, jint flags)
{
    (void)cls; (void)flags;
    RT_REQUIRE(arrayPtr, "cudaMalloc3DArray");
    RT_REQUIRE(desc, "cudaMalloc3DArray");
    RT_REQUIRE(extent, "cudaMalloc3DArray");
    return rt_array_alloc(env, "cudaMalloc3DArray", arrayPtr, desc,
                          (*env)->GetLongField(env, extent, cudaExtent_width),
                          (*env)->GetLongField(env, extent, cudaExtent_height),
                          (*env)->GetLongField(env, extent, cudaExtent_depth));
}

RT_EXPORT JNIEXPORT jint JNICALL Java_jcuda_runtime_JCuda_cudaFreeNative(JNIEnv *env, jclass cls, jobject devPtr)
{
    (void)cls;
    RT_REQUIRE(devPtr, "cudaFree");
    return rt_free("cudaFree", rt_get_pointer(env, devPtr), SH_LINEAR_KINDS);
}

RT_EXPORT JNIEXPORT jint JNICALL Java_jcuda_runtime_JCuda_cudaFreeHostNative(JNIEnv *env, jclass cls, jobject ptr)
{
    (void)cls;
    RT_REQUIRE(ptr, "cudaFreeHost");
    return rt_free("cudaFreeHost", rt_get_pointer(env, ptr), SH_HOST);
}

RT_EXPORT JNIEXPORT jint JNICALL Java_jcuda_runtime_JCuda_cudaFreeArrayNative(JNIEnv *env, jclass cls, jobject array)
{
    (void)cls;
    RT_REQUIRE(array, "cudaFreeArray");
    return rt_free("cudaFreeArray",
                   (uintptr_t)(*env)->GetLongField(env, array, NativePointerObject_nativePointer), SH_ARRAY);
}

/*
 * Host side of a copy, following JCuda's PointerData rules: a Pointer with a
 * direct buffer -> buffer address + byteOffset; with an array-backed buffer ->
 * the (pinned) Java array + byteOffset; otherwise nativePointer + byteOffset.
 * Pointers to pointers (Pointer.to(NativePointerObject...)) are not supported.
 */
typedef struct
{
    uintptr_t address;      /* resolved address (for arrays: valid only while pinned) */
    size_t    limit;        /* bytes addressable from 'address' (SIZE_MAX = unknown) */
    jarray    array;        /* non-NULL for an array-backed buffer */
    jlong     offset;       /* byteOffset into the array */
    void     *array_base;   /* non-NULL while the array is pinned */
} rt_host_ref;

/* Resolves a Pointer without pinning anything (may call JNI functions). */
static int rt_host_prepare(JNIEnv *env, jobject pointer, rt_host_ref *ref)
{
    memset(ref, 0, sizeof(*ref));
    ref->limit = SIZE_MAX;
    if (pointer == NULL) return cudaErrorInvalidValue;
    jlong offset = (*env)->GetLongField(env, pointer, Pointer_byteOffset);
    if ((*env)->GetObjectField(env, pointer, Pointer_pointers) != NULL) return cudaErrorNotSupported;
    jobject buffer = (*env)->GetObjectField(env, pointer, Pointer_buffer);
    if (buffer == NULL)
    {
        ref->address = rt_get_pointer(env, pointer);
        return cudaSuccess;
    }
    if (offset < 0) return cudaErrorInvalidValue;
    int element = 1;
    for (int i = 0; i < 7; i++)
    {
        if ((*env)->IsInstanceOf(env, buffer, Buffer_classes[i])) element = Buffer_element_sizes[i];
    }
    jboolean direct = (*env)->CallBooleanMethod(env, buffer, Buffer_isDirect);
    if ((*env)->ExceptionCheck(env)) return JCUDA_INTERNAL_ERROR;
    if (direct)
    {
        void *base = (*env)->GetDirectBufferAddress(env, buffer);
        size_t bytes = (size_t)(*env)->GetDirectBufferCapacity(env, buffer) * (size_t)element;
        if (base == NULL) return cudaErrorInvalidValue;
        ref->address = (uintptr_t)base + (uintptr_t)offset;
        ref->limit = bytes > (size_t)offset ? bytes - (size_t)offset : 0;
        return cudaSuccess;
    }
    jarray array = (jarray)(*env)->CallObjectMethod(env, buffer, Buffer_array);
    if ((*env)->ExceptionCheck(env) || array == NULL) return cudaErrorInvalidValue;
    size_t bytes = (size_t)(*env)->GetArrayLength(env, array) * (size_t)element;
    ref->array = array;
    ref->offset = offset;
    ref->limit = bytes > (size_t)offset ? bytes - (size_t)offset : 0;
    return cudaSuccess;
}

/* Pins an array-backed buffer. No other JNI calls until rt_host_release. */
static int rt_host_pin(JNIEnv *env, rt_host_ref *ref)
{
    if (ref->array == NULL) return cudaSuccess;
    ref->array_base = (*env)->GetPrimitiveArrayCritical(env, ref->array, NULL);
    if (ref->array_base == NULL) return JCUDA_INTERNAL_ERROR;
    ref->address = (uintptr_t)ref->array_base + (uintptr_t)ref->offset;
    return cudaSuccess;
}

static void rt_host_release(JNIEnv *env, rt_host_ref *ref, int wrote)
{
    if (ref->array_base != NULL)
    {
        (*env)->ReleasePrimitiveArrayCritical(env, ref->array, ref->array_base, wrote ? 0 : JNI_ABORT);
        ref->array_base = NULL;
    }
}

/* kind: 0 HostToHost, 1 HostToDevice, 2 DeviceToHost, 3 DeviceToDevice, 4 Default */
RT_EXPORT JNIEXPORT jint JNICALL Java_jcuda_runtime_JCuda_cudaMemcpyNative(JNIEnv *env, jclass cls, jobject dst,
                                                                          jobject src, jlong count, jint kind)
{
    (void)cls;
    RT_REQUIRE(dst, "cudaMemcpy");
    RT_REQUIRE(src, "cudaMemcpy");
    if (kind < 0 || kind > 4) return cudaErrorInvalidMemcpyDirection;
    int rc = rt_check();
    if (rc != cudaSuccess) return rc;
    if (count < 0) return cudaErrorInvalidValue;
    int dst_device = (kind == 1 || kind == 3);
    int src_device = (kind == 2 || kind == 3);
    rt_host_ref dref, sref;
    int drc = rt_host_prepare(env, dst, &dref);
    int src_rc = drc == cudaSuccess ? rt_host_prepare(env, src, &sref) : cudaSuccess;
    if (drc != cudaSuccess || src_rc != cudaSuccess)
    {
        return drc != cudaSuccess ? drc : src_rc;
    }
    /* Pin both sides (nested critical sections are allowed), copy, release. */
    rc = rt_host_pin(env, &dref);
    if (rc == cudaSuccess) rc = rt_host_pin(env, &sref);
    if (rc == cudaSuccess && count > 0)
    {
        size_t n = (size_t)count;
        pthread_mutex_lock(&sh_lock);
        /* Device sides must lie inside a live device/managed allocation. */
        if (dref.address == 0 || sref.address == 0 || n > dref.limit || n > sref.limit
            || (dst_device && sh_find_containing_locked(dref.address, n, SH_LINEAR_KINDS) == NULL)
            || (src_device && sh_find_containing_locked(sref.address, n, SH_LINEAR_KINDS) == NULL))
        {
            rc = cudaErrorInvalidValue;
        }
        else
        {
            memmove((void *)dref.address, (const void *)sref.address, n);
        }
        pthread_mutex_unlock(&sh_lock);
    }
    rt_host_release(env, &sref, 0);
    rt_host_release(env, &dref, rc == cudaSuccess);
    sh_trace("cudaMemcpy(dst=%#lx, src=%#lx, %ld bytes, kind=%d) -> %d", (unsigned long)dref.address,
             (unsigned long)sref.address, (long)count, kind, rc);
    return rc;
}

RT_EXPORT JNIEXPORT jint JNICALL Java_jcuda_runtime_JCuda_cudaMemsetNative(JNIEnv *env, jclass cls, jobject devPtr,
                                                                          jint value, jlong count)
{
    (void)cls;
    RT_REQUIRE(devPtr, "cudaMemset");
    int rc = rt_check();
    if (rc != cudaSuccess || count == 0) return rc;
    if (count < 0) return cudaErrorInvalidValue;
    uintptr_t address = rt_get_pointer(env, devPtr);
    pthread_mutex_lock(&sh_lock);
    if (sh_find_containing_locked(address, (size_t)count, SH_LINEAR_KINDS) == NULL) rc = cudaErrorInvalidValue;
    else memset((void *)address, value, (size_t)count);
    pthread_mutex_unlock(&sh_lock);
    return rc;
}
