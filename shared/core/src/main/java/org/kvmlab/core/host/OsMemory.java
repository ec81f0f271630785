package org.kvmlab.core.host;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;
import org.kvmlab.core.base.Page;

/**
 * Anonymous memory from the operating system, through the FFM linker: address space reserved
 * with {@code mmap(MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE)}, which the kernel commits one page
 * at a time as it is first written, so that a terabyte reserved costs only the pages touched.
 * Reading a page never written maps the kernel's shared zero page, which costs no memory either.
 *
 * <p>A reservation belongs to an automatic arena: the kernel gets it back ({@code munmap}) once
 * the garbage collector finds nothing refers to it any more, which is also the moment no copy can
 * still be running in it: a racing reader can never touch unmapped memory, so nothing a VMM or a
 * guest does can crash the JVM. The memory itself is returned at once: {@link #discard} gives the
 * pages back with {@code madvise(MADV_DONTNEED)} when a mapping goes away, and they read as zeros
 * afterwards.
 *
 * <p>Reservations opt out of transparent huge pages ({@code MADV_NOHUGEPAGE}): one byte written
 * costs one page, whatever the machine's THP setting, so that sparse guests stay sparse.
 */
final class OsMemory {
    private static final int PROT_READ = 1;
    private static final int PROT_WRITE = 2;
    private static final int MAP_PRIVATE = 0x02;
    private static final int MAP_ANONYMOUS = 0x20;
    private static final int MAP_NORESERVE = 0x4000;
    private static final int MADV_DONTNEED = 4;
    private static final int MADV_NOHUGEPAGE = 15;
    /** Reservations start on a 2 MiB boundary, so that two never share a page-table page. */
    private static final long HUGE_PAGE = 2L << 20;
    /** {@code MAP_FAILED}. */
    private static final long MAP_FAILED = -1L;
    /** Pages whose residency {@link #residentBytes} asks {@code mincore} about in one call. */
    private static final long MINCORE_BATCH_PAGES = 1L << 18;
    /** {@code /proc/self/pagemap}: page present (bit 63) and mapped by this process alone (bit 56). */
    private static final long PM_PRESENT = 1L << 63;
    private static final long PM_MMAP_EXCLUSIVE = 1L << 56;
    /**
     * Where reservations go: from 32 TiB up to 96 TiB, far below where the kernel places mappings
     * of its own choosing (top-down from under the stack, near 128 TiB). The host addresses a VMM
     * uses are its own business: a scenario mirrored into the running kernel maps its hvas for real
     * (live-kvm, often near 0x7f0000000000, or at an address the kernel just handed out and took
     * back), and a reservation the kernel placed there would take the address from it. The hint is
     * advisory: where it is taken, the kernel places the reservation elsewhere.
     */
    static final long HINT_FROM = 1L << 45;
    static final long HINT_TO = 3L << 45;
    private static final AtomicLong NEXT_HINT = new AtomicLong(HINT_FROM);
    /** How long {@link #reserve} lets the collector return unreachable reservations before it gives up. */
    private static final long RETRY_MILLIS = 500;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle MMAP = downcall("mmap",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG));
    private static final MethodHandle MUNMAP = downcall("munmap", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle MADVISE = downcall("madvise",
            FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT));
    private static final MethodHandle MINCORE = downcall("mincore",
            FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, ADDRESS));

    /** Reservations made and not yet returned to the kernel: what tests check for leaks. */
    private static final AtomicLong LIVE = new AtomicLong();

    private OsMemory() {}

    private static MethodHandle downcall(String name, FunctionDescriptor descriptor) {
        MemorySegment symbol = LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new ExceptionInInitializerError("the C library has no " + name));
        return LINKER.downcallHandle(symbol, descriptor);
    }

    /**
     * Reserves {@code size} bytes (a multiple of the page size) of zero-filled, lazily committed
     * memory. When the kernel refuses (the process's address space is full), unreachable
     * reservations are collected and the call is tried once more.
     *
     * @return the memory, or null when the kernel refuses even then
     */
    static MemorySegment reserve(long size) {
        MemorySegment reserved = tryReserve(size);
        if (reserved != null) {
            return reserved;
        }
        long liveBefore = LIVE.get();
        long deadline = System.nanoTime() + RETRY_MILLIS * 1_000_000;
        System.gc();
        while (LIVE.get() >= liveBefore && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            Thread.yield();
        }
        return tryReserve(size);
    }

    private static MemorySegment tryReserve(long size) {
        long hint = hintFor(NEXT_HINT.get(), size);
        long address = mmap(hint, size);
        // Threads racing here only spoil each other's hint.
        NEXT_HINT.set(hintAfter(hint, size));
        if (address == MAP_FAILED) {
            return null;
        }
        madvise(address, size, MADV_NOHUGEPAGE);
        LIVE.incrementAndGet();
        return MemorySegment.ofAddress(address).reinterpret(size, Arena.ofAuto(), OsMemory::release);
    }

    /**
     * Where to ask for a reservation of {@code size} bytes when the next free hint is {@code next}:
     * there, unless the reservation would pass the end of the window; then back at its start, where
     * the first reservations may have been returned by now.
     */
    static long hintFor(long next, long size) {
        return next + size > HINT_TO ? HINT_FROM : next;
    }

    /**
     * The hint after a reservation of {@code size} bytes asked for at {@code hint}: the first 2 MiB
     * boundary after the range asked for (which is the reservation itself wherever the kernel took
     * the hint), or the window's start when that is its end or past it.
     */
    static long hintAfter(long hint, long size) {
        long after = hint + size;
        return after < HINT_TO ? (after + HUGE_PAGE - 1) & -HUGE_PAGE : HINT_FROM;
    }

    private static long mmap(long hint, long size) {
        try {
            return (long) MMAP.invokeExact(hint, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                    -1, 0L);
        } catch (Throwable t) {
            throw new IllegalStateException("mmap of " + size + " bytes failed in the linker", t);
        }
    }

    /** The arena's clean-up: runs once the reservation is unreachable, so no copy can be in it. */
    private static void release(MemorySegment reservation) {
        try {
            int rc = (int) MUNMAP.invokeExact(reservation.address(), reservation.byteSize());
            if (rc != 0) {
                throw new IllegalStateException("munmap of a reservation at 0x"
                        + Long.toHexString(reservation.address()) + " failed");
            }
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("munmap failed in the linker", t);
        }
        LIVE.decrementAndGet();
    }

    /**
     * Gives the pages of {@code [offset, offset + length)} back to the kernel; they read as zeros
     * from now on. Offset and length are page multiples.
     */
    static void discard(MemorySegment reservation, long offset, long length) {
        if (length > 0) {
            madvise(reservation.address() + offset, length, MADV_DONTNEED);
        }
    }

    private static void madvise(long address, long length, int advice) {
        int rc;
        try {
            rc = (int) MADVISE.invokeExact(address, length, advice);
        } catch (Throwable t) {
            throw new IllegalStateException("madvise failed in the linker", t);
        }
        if (rc != 0) {
            throw new IllegalStateException("madvise(0x" + Long.toHexString(address) + ", " + length + ", "
                    + advice + ") failed");
        }
    }

    /**
     * How many bytes of {@code [offset, offset + length)} hold pages written by this process: pages
     * that are resident ({@code mincore}) and not the shared zero page a read maps
     * ({@code /proc/self/pagemap}'s exclusive-mapping bit). A diagnostic for tests: it costs a
     * system call per 2^18 pages and a file read per resident page.
     */
    static long residentBytes(MemorySegment reservation, long offset, long length) {
        long pages = length >>> Page.PAGE_SHIFT;
        long resident = 0;
        try (Arena arena = Arena.ofConfined();
             FileChannel pagemap = FileChannel.open(Path.of("/proc/self/pagemap"), StandardOpenOption.READ)) {
            MemorySegment vec = arena.allocate(MINCORE_BATCH_PAGES);
            ByteBuffer entry = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.nativeOrder());
            for (long first = 0; first < pages; first += MINCORE_BATCH_PAGES) {
                long batch = Math.min(MINCORE_BATCH_PAGES, pages - first);
                long address = reservation.address() + offset + (first << Page.PAGE_SHIFT);
                int rc = (int) MINCORE.invokeExact(address, batch << Page.PAGE_SHIFT, vec);
                if (rc != 0) {
                    throw new IllegalStateException("mincore(0x" + Long.toHexString(address) + ") failed");
                }
                for (long p = 0; p < batch; p++) {
                    if ((vec.get(ValueLayout.JAVA_BYTE, p) & 1) != 0
                            && isWrittenPage(pagemap, entry, address + (p << Page.PAGE_SHIFT))) {
                        resident += Page.PAGE_SIZE;
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/self/pagemap", e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("mincore failed in the linker", t);
        }
        return resident;
    }

    private static boolean isWrittenPage(FileChannel pagemap, ByteBuffer entry, long address) throws IOException {
        entry.clear();
        long position = (address >>> Page.PAGE_SHIFT) * Long.BYTES;
        while (entry.hasRemaining()) {
            if (pagemap.read(entry, position + entry.position()) < 0) {
                return false;
            }
        }
        long bits = entry.getLong(0);
        return (bits & PM_PRESENT) != 0 && (bits & PM_MMAP_EXCLUSIVE) != 0;
    }

    /** Reservations not yet returned to the kernel, in the whole JVM. */
    static long liveReservations() {
        return LIVE.get();
    }
}
