package org.kvmlab.core.host;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The bytes behind the VMM's mappings, allocated lazily in 64 KiB chunks through a three-level
 * radix directory over the 47-bit user address space. A chunk exists only once something was
 * written into it: reading an untouched page yields zeros and allocates nothing, so a 64 GiB
 * mapping costs only what the guest touches. Readers never lock; chunks and directories are
 * published with release/acquire so that a chunk allocated by one vCPU thread is seen whole by
 * another.
 */
final class Backing {
    static final int CHUNK_SHIFT = 16;
    static final long CHUNK_SIZE = 1L << CHUNK_SHIFT;
    static final long CHUNK_MASK = CHUNK_SIZE - 1;

    private static final int L3_BITS = 10;
    private static final int L2_BITS = 11;
    private static final int L1_BITS = 10;
    private static final int L3_SHIFT = CHUNK_SHIFT;
    private static final int L2_SHIFT = L3_SHIFT + L3_BITS;
    private static final int L1_SHIFT = L2_SHIFT + L2_BITS;

    private static final VarHandle L1 = MethodHandles.arrayElementVarHandle(MemorySegment[][][].class);
    private static final VarHandle L2 = MethodHandles.arrayElementVarHandle(MemorySegment[][].class);
    private static final VarHandle L3 = MethodHandles.arrayElementVarHandle(MemorySegment[].class);

    /** A chunk of zeros that reads of untouched memory copy from. */
    static final MemorySegment ZERO_CHUNK = Arena.global().allocate(CHUNK_SIZE, 4096).asReadOnly();

    private final MemorySegment[][][] root = new MemorySegment[1 << L1_BITS][][];

    private static int i1(long addr) {
        return (int) (addr >>> L1_SHIFT) & ((1 << L1_BITS) - 1);
    }

    private static int i2(long addr) {
        return (int) (addr >>> L2_SHIFT) & ((1 << L2_BITS) - 1);
    }

    private static int i3(long addr) {
        return (int) (addr >>> L3_SHIFT) & ((1 << L3_BITS) - 1);
    }

    /** The chunk holding addr (below {@code TASK_SIZE}), or null if nothing was written there. */
    MemorySegment chunk(long addr) {
        MemorySegment[][] l2 = (MemorySegment[][]) L1.getAcquire(root, i1(addr));
        if (l2 == null) {
            return null;
        }
        MemorySegment[] l3 = (MemorySegment[]) L2.getAcquire(l2, i2(addr));
        if (l3 == null) {
            return null;
        }
        return (MemorySegment) L3.getAcquire(l3, i3(addr));
    }

    /** The chunk holding addr, allocated (zero-filled) on first use. */
    MemorySegment chunkForWrite(long addr) {
        MemorySegment existing = chunk(addr);
        return existing != null ? existing : allocate(addr);
    }

    private MemorySegment allocate(long addr) {
        MemorySegment[][] l2 = (MemorySegment[][]) L1.getAcquire(root, i1(addr));
        if (l2 == null) {
            MemorySegment[][] fresh = new MemorySegment[1 << L2_BITS][];
            l2 = (MemorySegment[][]) L1.compareAndExchangeRelease(root, i1(addr), null, fresh);
            if (l2 == null) {
                l2 = fresh;
            }
        }
        MemorySegment[] l3 = (MemorySegment[]) L2.getAcquire(l2, i2(addr));
        if (l3 == null) {
            MemorySegment[] fresh = new MemorySegment[1 << L3_BITS];
            l3 = (MemorySegment[]) L2.compareAndExchangeRelease(l2, i2(addr), null, fresh);
            if (l3 == null) {
                l3 = fresh;
            }
        }
        MemorySegment fresh = Arena.ofAuto().allocate(CHUNK_SIZE, 4096);
        MemorySegment won = (MemorySegment) L3.compareAndExchangeRelease(l3, i3(addr), null, fresh);
        return won == null ? fresh : won;
    }

    /**
     * Gives {@code [start, end)} fresh zeros: chunks wholly inside are dropped (the garbage
     * collector frees them), partly covered ones are zeroed over the range. Only directories that
     * exist are visited, so a huge sparse range costs what was touched.
     */
    void discard(long start, long end) {
        for (int a = i1(start); a <= i1(end - 1); a++) {
            MemorySegment[][] l2 = (MemorySegment[][]) L1.getAcquire(root, a);
            if (l2 == null) {
                continue;
            }
            long base1 = (long) a << L1_SHIFT;
            int bFrom = base1 < start ? i2(start) : 0;
            int bTo = base1 + (1L << L1_SHIFT) > end ? i2(end - 1) : (1 << L2_BITS) - 1;
            for (int b = bFrom; b <= bTo; b++) {
                MemorySegment[] l3 = (MemorySegment[]) L2.getAcquire(l2, b);
                if (l3 == null) {
                    continue;
                }
                long base2 = base1 | ((long) b << L2_SHIFT);
                int cFrom = base2 < start ? i3(start) : 0;
                int cTo = base2 + (1L << L2_SHIFT) > end ? i3(end - 1) : (1 << L3_BITS) - 1;
                for (int c = cFrom; c <= cTo; c++) {
                    discardChunk(l3, c, base2 | ((long) c << L3_SHIFT), start, end);
                }
            }
        }
    }

    private static void discardChunk(MemorySegment[] l3, int c, long chunkStart, long start, long end) {
        MemorySegment chunk = (MemorySegment) L3.getAcquire(l3, c);
        if (chunk == null) {
            return;
        }
        long from = Math.max(start, chunkStart);
        long to = Math.min(end, chunkStart + CHUNK_SIZE);
        if (from == chunkStart && to == chunkStart + CHUNK_SIZE) {
            L3.setRelease(l3, c, null);
        } else {
            chunk.asSlice(from - chunkStart, to - from).fill((byte) 0);
        }
    }

    /** How many chunks hold bytes: what the mapping really costs. */
    long allocatedChunks() {
        long n = 0;
        for (MemorySegment[][] l2 : root) {
            if (l2 == null) {
                continue;
            }
            for (MemorySegment[] l3 : l2) {
                if (l3 == null) {
                    continue;
                }
                for (MemorySegment chunk : l3) {
                    if (chunk != null) {
                        n++;
                    }
                }
            }
        }
        return n;
    }
}
