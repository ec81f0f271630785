package org.kvmlab.livekvm.sys;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The few C library calls the live column needs, bound with the FFM API ({@code java.lang.foreign})
 * and nothing else: no native code to compile, no library beyond the C library the JVM already
 * links. Each call returns what the system call returns, or the negated {@code errno} on failure,
 * the way the kernel itself reports errors, so that a caller compares results with
 * {@link org.kvmlab.core.base.Errno} values directly.
 *
 * <p>{@code open} and {@code ioctl} are variadic in C; they are bound with
 * {@link Linker.Option#firstVariadicArg} so that the arguments travel as the C ABI passes
 * variadic ones. {@code errno} is read with {@link Linker.Option#captureCallState}, right after
 * the call, before the JVM can overwrite it.
 */
public final class Libc {
    /** {@code O_RDWR}. */
    public static final int O_RDWR = 2;
    /** {@code O_CLOEXEC}: a child process never inherits a KVM file descriptor. */
    public static final int O_CLOEXEC = 0x80000;
    /** {@code PROT_NONE}. */
    public static final int PROT_NONE = 0;
    /** {@code PROT_READ}. */
    public static final int PROT_READ = 1;
    /** {@code PROT_WRITE}. */
    public static final int PROT_WRITE = 2;
    /** {@code MAP_SHARED}: how a vCPU's {@code struct kvm_run} is mapped. */
    public static final int MAP_SHARED = 0x01;
    /** {@code MAP_PRIVATE}. */
    public static final int MAP_PRIVATE = 0x02;
    /** {@code MAP_ANONYMOUS}. */
    public static final int MAP_ANONYMOUS = 0x20;
    /** {@code MAP_NORESERVE}: large guest mappings cost only the pages touched. */
    public static final int MAP_NORESERVE = 0x4000;
    /**
     * {@code MAP_FIXED_NOREPLACE}: map at exactly this address, and fail with {@code EEXIST}
     * rather than replace anything already mapped there. The only way this module places memory
     * at an address it chooses.
     */
    public static final int MAP_FIXED_NOREPLACE = 0x100000;
    /** {@code SIGPIPE}: the JVM handles and ignores it, so it can interrupt {@code KVM_RUN} harmlessly. */
    public static final int SIGPIPE = 13;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");
    private static final ThreadLocal<MemorySegment> STATE =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(CALL_STATE));

    private static final MethodHandle OPEN = downcall("open",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), CAPTURE_ERRNO, Linker.Option.firstVariadicArg(2));
    private static final MethodHandle CLOSE = downcall("close",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT), CAPTURE_ERRNO);
    private static final MethodHandle IOCTL_POINTER = downcall("ioctl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS), CAPTURE_ERRNO, Linker.Option.firstVariadicArg(2));
    private static final MethodHandle IOCTL_VALUE = downcall("ioctl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG), CAPTURE_ERRNO, Linker.Option.firstVariadicArg(2));
    private static final MethodHandle MMAP = downcall("mmap",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG), CAPTURE_ERRNO);
    private static final MethodHandle MUNMAP = downcall("munmap",
            FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG), CAPTURE_ERRNO);
    private static final MethodHandle MPROTECT = downcall("mprotect",
            FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT), CAPTURE_ERRNO);
    private static final MethodHandle PTHREAD_SELF = downcall("pthread_self", FunctionDescriptor.of(JAVA_LONG));
    private static final MethodHandle PTHREAD_KILL = downcall("pthread_kill",
            FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_INT));

    private Libc() {}

    /** {@code open(path, flags)}: a file descriptor, or {@code -errno}. */
    public static int open(String path, int flags) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = STATE.get();
            int fd = (int) OPEN.invokeExact(state, arena.allocateFrom(path), flags, 0);
            return fd >= 0 ? fd : -errno(state);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code close(fd)}: 0, or {@code -errno}. */
    public static int close(int fd) {
        try {
            MemorySegment state = STATE.get();
            int rc = (int) CLOSE.invokeExact(state, fd);
            return rc == 0 ? 0 : -errno(state);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code ioctl(fd, request, arg)} with a pointer argument: its result, or {@code -errno}. */
    public static int ioctl(int fd, long request, MemorySegment arg) {
        try {
            MemorySegment state = STATE.get();
            int rc = (int) IOCTL_POINTER.invokeExact(state, fd, request, arg);
            return rc >= 0 ? rc : -errno(state);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code ioctl(fd, request, value)} with an integer argument (or none, passed as 0): its result, or {@code -errno}. */
    public static int ioctl(int fd, long request, long value) {
        try {
            MemorySegment state = STATE.get();
            int rc = (int) IOCTL_VALUE.invokeExact(state, fd, request, value);
            return rc >= 0 ? rc : -errno(state);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code mmap(addr, length, prot, flags, fd, 0)}: the mapped address, or {@code -errno}
     * (user addresses are below 2^47, so a negative result is always an error).
     */
    public static long mmap(long addr, long length, int prot, int flags, int fd) {
        try {
            MemorySegment state = STATE.get();
            long rc = (long) MMAP.invokeExact(state, addr, length, prot, flags, fd, 0L);
            return rc != -1L ? rc : -errno(state);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code munmap(addr, length)}: 0, or {@code -errno}. */
    public static int munmap(long addr, long length) {
        try {
            MemorySegment state = STATE.get();
            int rc = (int) MUNMAP.invokeExact(state, addr, length);
            return rc == 0 ? 0 : -errno(state);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code mprotect(addr, length, prot)}: 0, or {@code -errno}. */
    public static int mprotect(long addr, long length, int prot) {
        try {
            MemorySegment state = STATE.get();
            int rc = (int) MPROTECT.invokeExact(state, addr, length, prot);
            return rc == 0 ? 0 : -errno(state);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code pthread_self()}: the calling thread's POSIX handle, for {@link #pthreadKill}. */
    public static long pthreadSelf() {
        try {
            return (long) PTHREAD_SELF.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code pthread_kill(thread, signal)}: 0, or the error number (not negated: POSIX threads do not use errno). */
    public static int pthreadKill(long thread, int signal) {
        try {
            return (int) PTHREAD_KILL.invokeExact(thread, signal);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static int errno(MemorySegment state) {
        return (int) ERRNO.get(state, 0L);
    }

    private static MethodHandle downcall(String name, FunctionDescriptor descriptor, Linker.Option... options) {
        MemorySegment symbol = LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("the C library has no " + name));
        return LINKER.downcallHandle(symbol, descriptor, options);
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException e) {
            return e;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(t);
    }
}
