/*
 * TEST STAND-IN support code, shared by the CUDA driver stand-in
 * (driver/libcuda_standin.c -> libcuda.so.1) and the JCuda runtime stand-in
 * (runtime/jcuda_runtime_standin.c -> libJCudaRuntime-<version>-linux-x86_64.so).
 *
 * No GPU is involved anywhere: every "device" allocation is plain host memory
 * (posix_memalign), booked against a configurable capacity so that tests can
 * provoke out-of-memory, double free and "context destroy releases memory".
 *
 * Each library that includes this header gets its OWN, independent
 * bookkeeping (a static table per library): the driver stand-in and the
 * runtime stand-in do not share a memory pool.
 *
 * Environment variables (read once, on first use):
 *   LEAKWATCH_CUDA_STANDIN_CAPACITY       bytes of "device" memory per device
 *                                         (suffix k/m/g/t allowed, binary units;
 *                                         default 1g)
 *   LEAKWATCH_CUDA_STANDIN_HOST_CAPACITY  bytes of "pinned host" memory
 *                                         (cuMemAllocHost, cudaMallocHost, ...;
 *                                         default 1g)
 *   LEAKWATCH_CUDA_STANDIN_DEVICE_COUNT   number of stand-in devices, 0..16
 *                                         (default 1; 0 = "no CUDA device")
 *   LEAKWATCH_CUDA_STANDIN_FORCE_ERROR    if set to a non-zero error code, the
 *                                         driver stand-in's cuInit and every
 *                                         runtime stand-in device/memory call
 *                                         return that code (failure-path tests)
 *   LEAKWATCH_CUDA_STANDIN_TRACE          if set to 1, every call is traced on
 *                                         stderr, prefixed
 *                                         "[leakwatch cuda TEST STAND-IN/<lib>]"
 */
#ifndef LEAKWATCH_CUDA_STANDIN_HEAP_H
#define LEAKWATCH_CUDA_STANDIN_HEAP_H

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SH_MAX_DEVICES       16
#define SH_DEFAULT_CAPACITY  (1ULL << 30)
#define SH_ALIGNMENT         256
#define SH_BUCKETS           4096

/* Kinds of tracked allocations. */
typedef enum
{
    SH_DEVICE  = 1,   /* cuMemAlloc, cuMemAllocPitch, cuMemAllocAsync, cudaMalloc, cudaMallocPitch, cudaMalloc3D */
    SH_MANAGED = 2,   /* cuMemAllocManaged, cudaMallocManaged */
    SH_HOST    = 4,   /* cuMemAllocHost, cuMemHostAlloc, cudaMallocHost, cudaHostAlloc ("pinned host") */
    SH_ARRAY   = 8,   /* cuArrayCreate, cuArray3DCreate, cudaMallocArray, cudaMalloc3DArray */
    SH_GENERIC = 16   /* cuMemCreate (virtual memory management handle) */
} sh_kind;

#define SH_LINEAR_KINDS (SH_DEVICE | SH_MANAGED)

typedef struct sh_rec
{
    uintptr_t      addr;    /* start address (also the handle for arrays/generic handles) */
    size_t         size;    /* bytes booked against the capacity */
    sh_kind        kind;
    int            device;
    unsigned int   flags;   /* flags given at allocation time */
    const void    *owner;   /* owning context (driver) or NULL */
    struct sh_rec *next;
} sh_rec;

static pthread_mutex_t sh_lock = PTHREAD_MUTEX_INITIALIZER;
static sh_rec *sh_table[SH_BUCKETS];
static size_t  sh_dev_used[SH_MAX_DEVICES];
static size_t  sh_host_used;
static size_t  sh_live_count;

static pthread_once_t sh_config_once = PTHREAD_ONCE_INIT;
static size_t  sh_capacity;
static size_t  sh_host_capacity;
static int     sh_device_count;
static int     sh_forced_error;
static int     sh_trace_enabled;

/* Set by the including library: "driver" or "runtime". */
static const char *sh_component = "?";

static size_t sh_parse_size(const char *text, size_t fallback)
{
    if (text == NULL || *text == '\0')
    {
        return fallback;
    }
    char *end = NULL;
    errno = 0;
    unsigned long long value = strtoull(text, &end, 10);
    if (errno != 0 || end == text)
    {
        return fallback;
    }
    switch (*end)
    {
        case 't': case 'T': value <<= 10; /* fall through */
        case 'g': case 'G': value <<= 10; /* fall through */
        case 'm': case 'M': value <<= 10; /* fall through */
        case 'k': case 'K': value <<= 10; break;
        default: break;
    }
    return (size_t)value;
}

static void sh_read_config_once(void)
{
    sh_capacity = sh_parse_size(getenv("LEAKWATCH_CUDA_STANDIN_CAPACITY"), SH_DEFAULT_CAPACITY);
    sh_host_capacity = sh_parse_size(getenv("LEAKWATCH_CUDA_STANDIN_HOST_CAPACITY"), SH_DEFAULT_CAPACITY);
    const char *count = getenv("LEAKWATCH_CUDA_STANDIN_DEVICE_COUNT");
    sh_device_count = (count != NULL && *count != '\0') ? atoi(count) : 1;
    if (sh_device_count < 0) sh_device_count = 0;
    if (sh_device_count > SH_MAX_DEVICES) sh_device_count = SH_MAX_DEVICES;
    const char *forced = getenv("LEAKWATCH_CUDA_STANDIN_FORCE_ERROR");
    sh_forced_error = (forced != NULL && *forced != '\0') ? atoi(forced) : 0;
    const char *trace = getenv("LEAKWATCH_CUDA_STANDIN_TRACE");
    sh_trace_enabled = (trace != NULL && trace[0] == '1');
}

static void sh_read_config(void)
{
    pthread_once(&sh_config_once, sh_read_config_once);
}

static void sh_trace(const char *format, ...)
{
    sh_read_config();
    if (!sh_trace_enabled)
    {
        return;
    }
    va_list args;
    va_start(args, format);
    fprintf(stderr, "[leakwatch cuda TEST STAND-IN/%s] ", sh_component);
    vfprintf(stderr, format, args);
    fputc('\n', stderr);
    fflush(stderr);
    va_end(args);
}

static size_t sh_bucket(uintptr_t addr)
{
    return (size_t)((addr >> 8) ^ (addr >> 20)) % SH_BUCKETS;
}

static size_t *sh_pool_for(sh_kind kind, int device)
{
    return (kind == SH_HOST) ? &sh_host_used : &sh_dev_used[device];
}

static size_t sh_capacity_for(sh_kind kind)
{
    return (kind == SH_HOST) ? sh_host_capacity : sh_capacity;
}

/*
 * Allocates 'size' bytes (at least 1 byte of real memory) of host memory and
 * books it. Caller holds sh_lock. Returns 0 on success, -1 if the capacity
 * (or the host) is exhausted.
 */
static int sh_alloc_locked(sh_kind kind, size_t size, int device, const void *owner,
                           unsigned int flags, uintptr_t *result)
{
    sh_read_config();
    size_t *used = sh_pool_for(kind, device);
    size_t capacity = sh_capacity_for(kind);
    if (size > capacity || *used > capacity - size)
    {
        return -1;
    }
    sh_rec *rec = (sh_rec *)calloc(1, sizeof(sh_rec));
    if (rec == NULL)
    {
        return -1;
    }
    void *memory = NULL;
    if (posix_memalign(&memory, SH_ALIGNMENT, size == 0 ? 1 : size) != 0 || memory == NULL)
    {
        free(rec);
        return -1;
    }
    rec->addr = (uintptr_t)memory;
    rec->size = size;
    rec->kind = kind;
    rec->device = device;
    rec->flags = flags;
    rec->owner = owner;
    size_t b = sh_bucket(rec->addr);
    rec->next = sh_table[b];
    sh_table[b] = rec;
    *used += size;
    sh_live_count++;
    *result = rec->addr;
    return 0;
}

/* Finds the record that starts exactly at addr (any of the given kinds). Caller holds sh_lock. */
static sh_rec *sh_find_exact_locked(uintptr_t addr, int kinds)
{
    for (sh_rec *r = sh_table[sh_bucket(addr)]; r != NULL; r = r->next)
    {
        if (r->addr == addr && (r->kind & kinds))
        {
            return r;
        }
    }
    return NULL;
}

/* Finds the record whose range contains [addr, addr+length). Caller holds sh_lock. */
static sh_rec *sh_find_containing_locked(uintptr_t addr, size_t length, int kinds)
{
    for (size_t b = 0; b < SH_BUCKETS; b++)
    {
        for (sh_rec *r = sh_table[b]; r != NULL; r = r->next)
        {
            if ((r->kind & kinds) && addr >= r->addr && addr < r->addr + (r->size == 0 ? 1 : r->size)
                && length <= r->size - (addr - r->addr))
            {
                return r;
            }
        }
    }
    return NULL;
}

static void sh_release_record_locked(sh_rec *victim)
{
    size_t b = sh_bucket(victim->addr);
    sh_rec **link = &sh_table[b];
    while (*link != NULL && *link != victim)
    {
        link = &(*link)->next;
    }
    if (*link == victim)
    {
        *link = victim->next;
    }
    *sh_pool_for(victim->kind, victim->device) -= victim->size;
    sh_live_count--;
    free((void *)victim->addr);
    free(victim);
}

/* Frees the allocation starting exactly at addr. Returns 0, or -1 if unknown (e.g. double free). */
static int sh_free_locked(uintptr_t addr, int kinds)
{
    sh_rec *r = sh_find_exact_locked(addr, kinds);
    if (r == NULL)
    {
        return -1;
    }
    sh_release_record_locked(r);
    return 0;
}

/*
 * Frees every allocation matching owner (if match_owner) and/or device
 * (if device >= 0) and kinds. Returns the number of bytes released.
 */
static size_t sh_free_matching_locked(int match_owner, const void *owner, int device, int kinds,
                                      size_t *count)
{
    size_t bytes = 0;
    size_t n = 0;
    for (size_t b = 0; b < SH_BUCKETS; b++)
    {
        sh_rec *r = sh_table[b];
        while (r != NULL)
        {
            sh_rec *next = r->next;
            if ((r->kind & kinds)
                && (!match_owner || r->owner == owner)
                && (device < 0 || r->device == device))
            {
                bytes += r->size;
                n++;
                sh_release_record_locked(r);
            }
            r = next;
        }
    }
    if (count != NULL)
    {
        *count = n;
    }
    return bytes;
}

static size_t sh_round_up(size_t value, size_t multiple)
{
    return ((value + multiple - 1) / multiple) * multiple;
}

/* Overflow-checked multiplication; returns 0 on overflow. */
static int sh_mul(size_t a, size_t b, size_t *out)
{
    if (a != 0 && b > SIZE_MAX / a)
    {
        return 0;
    }
    *out = a * b;
    return 1;
}

#endif /* LEAKWATCH_CUDA_STANDIN_HEAP_H */
