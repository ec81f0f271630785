package org.kvmlab.core.host;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The bytes behind one {@code mmap} call, from offset 0 to the mapping's size. The mapping that made
 * it, and the pieces {@code mprotect} and {@code munmap} cut from that mapping, point into it; no
 * byte of it is ever reachable from two addresses.
 *
 * <p>A mapping of up to {@link #CONTIGUOUS_MAX} bytes gets one contiguous reservation at once,
 * so that the copies of {@link HostMemory} find any byte of it with an addition. Larger ones (the
 * whole user address space is a legal {@code mmap}) and any the kernel refuses to reserve get
 * {@link Windowed} backing: 1 GiB windows, each reserved when it is first written.
 */
sealed interface Backing {
    /** The largest mapping that gets one reservation: 1 TiB, larger than any slot a test makes sparse. */
    long CONTIGUOUS_MAX = 1L << 40;

    /** The backing of a mapping of {@code size} bytes (a page multiple, at least one page). */
    static Backing of(long size) {
        if (size <= CONTIGUOUS_MAX) {
            MemorySegment reserved = OsMemory.reserve(size);
            if (reserved != null) {
                return new Contiguous(reserved);
            }
        }
        return new Windowed(size);
    }

    /** The one segment holding every byte, at its own offset; null for windowed backing. */
    MemorySegment whole();

    /** Where the piece of backing that holds {@code offset} ends: the next boundary a copy must not cross. */
    long pieceEnd(long offset);

    /**
     * The segment holding {@code offset} for reading, or null where nothing was ever written (the
     * bytes are zeros). The byte is at {@link #offsetIn(long)} in it.
     */
    MemorySegment forRead(long offset);

    /** The segment holding {@code offset}, reserved if need be; null when the kernel refuses memory. */
    MemorySegment forWrite(long offset);

    /** Where {@code offset} lies in the segment {@link #forRead}/{@link #forWrite} return. */
    long offsetIn(long offset);

    /** Returns the pages of {@code [offset, offset + length)} to the kernel; they read as zeros after. */
    void discard(long offset, long length);

    /** Bytes of {@code [offset, offset + length)} that hold written pages (see {@link OsMemory#residentBytes}). */
    long residentBytes(long offset, long length);

    /** One reservation for the whole mapping. */
    record Contiguous(MemorySegment segment) implements Backing {
        @Override
        public MemorySegment whole() {
            return segment;
        }

        @Override
        public long pieceEnd(long offset) {
            return segment.byteSize();
        }

        @Override
        public MemorySegment forRead(long offset) {
            return segment;
        }

        @Override
        public MemorySegment forWrite(long offset) {
            return segment;
        }

        @Override
        public long offsetIn(long offset) {
            return offset;
        }

        @Override
        public void discard(long offset, long length) {
            OsMemory.discard(segment, offset, length);
        }

        @Override
        public long residentBytes(long offset, long length) {
            return OsMemory.residentBytes(segment, offset, length);
        }
    }

    /**
     * Windows of {@link #WINDOW} bytes, each reserved on its first write and given back whole when
     * a mapping change drops all of it. Only the slow path of a copy ever comes here.
     */
    final class Windowed implements Backing {
        static final int WINDOW_SHIFT = 30;
        static final long WINDOW = 1L << WINDOW_SHIFT;
        private static final VarHandle WINDOWS = MethodHandles.arrayElementVarHandle(MemorySegment[].class);

        private final long size;
        private final MemorySegment[] windows;

        Windowed(long size) {
            this.size = size;
            this.windows = new MemorySegment[(int) ((size + WINDOW - 1) >>> WINDOW_SHIFT)];
        }

        @Override
        public MemorySegment whole() {
            return null;
        }

        @Override
        public long pieceEnd(long offset) {
            return Math.min(size, (offset | (WINDOW - 1)) + 1);
        }

        @Override
        public MemorySegment forRead(long offset) {
            return (MemorySegment) WINDOWS.getAcquire(windows, (int) (offset >>> WINDOW_SHIFT));
        }

        @Override
        public MemorySegment forWrite(long offset) {
            int w = (int) (offset >>> WINDOW_SHIFT);
            MemorySegment window = (MemorySegment) WINDOWS.getAcquire(windows, w);
            if (window != null) {
                return window;
            }
            MemorySegment fresh = OsMemory.reserve(Math.min(WINDOW, size - ((long) w << WINDOW_SHIFT)));
            if (fresh == null) {
                return null;
            }
            MemorySegment won = (MemorySegment) WINDOWS.compareAndExchangeRelease(windows, w, null, fresh);
            return won == null ? fresh : won;
        }

        @Override
        public long offsetIn(long offset) {
            return offset & (WINDOW - 1);
        }

        /** Windows wholly inside the range are dropped (the collector unmaps them); others are discarded in part. */
        @Override
        public void discard(long offset, long length) {
            long end = offset + length;
            for (long at = offset; at < end; at = pieceEnd(at)) {
                int w = (int) (at >>> WINDOW_SHIFT);
                MemorySegment window = (MemorySegment) WINDOWS.getAcquire(windows, w);
                if (window == null) {
                    continue;
                }
                long from = offsetIn(at);
                long to = Math.min(end, pieceEnd(at)) - ((long) w << WINDOW_SHIFT);
                OsMemory.discard(window, from, to - from);
                if (from == 0 && to == window.byteSize()) {
                    WINDOWS.setRelease(windows, w, null);
                }
            }
        }

        @Override
        public long residentBytes(long offset, long length) {
            long resident = 0;
            long end = offset + length;
            for (long at = offset; at < end; at = pieceEnd(at)) {
                MemorySegment window = forRead(at);
                if (window != null) {
                    resident += OsMemory.residentBytes(window, offsetIn(at), Math.min(end, pieceEnd(at)) - at);
                }
            }
            return resident;
        }
    }
}
