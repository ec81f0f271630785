package org.kvmlab.core.host;

import static org.kvmlab.core.base.Errno.EINVAL;
import static org.kvmlab.core.base.Errno.ENOMEM;

import java.lang.foreign.MemorySegment;
import org.kvmlab.core.base.HostChecks;
import org.kvmlab.core.base.Page;

/**
 * The VMM's user address space, as far as KVM sees it: {@code mmap}, {@code munmap} and
 * {@code mprotect} of page-aligned ranges, and the kernel's {@code copy_to_user},
 * {@code copy_from_user} and {@code clear_user} into it.
 *
 * <p>Protection is tracked in Java, per mapped range, never with the operating system: a real
 * {@code mprotect} would turn a guest access into a crash of the JVM, where the kernel turns it
 * into a short copy. Backing bytes are allocated lazily in 64 KiB chunks, so a multi-GiB mapping
 * costs only what is touched.
 *
 * <p>Concurrency follows the kernel: copies never lock and see either the old or the new mapping
 * list; {@code mmap}, {@code munmap} and {@code mprotect} are serialised (the {@code mmap_sem}
 * writer side). A mapping change that races with a copy into the same pages is the VMM's bug, as
 * it would be on Linux.
 */
public final class HostMemory {
    /** x86-64 {@code TASK_SIZE_MAX}: no user mapping reaches this address or beyond. */
    public static final long TASK_SIZE = 0x7ffffffff000L;

    private final Backing backing = new Backing();
    private volatile Vmas vmas = Vmas.EMPTY;

    /**
     * {@code mmap(hva, size, prot, MAP_FIXED|MAP_ANONYMOUS)}: maps zero-filled memory, replacing
     * whatever was mapped in the range. Checks in Linux's order.
     *
     * @return 0; {@code -EINVAL} for size 0 or an unaligned hva; {@code -ENOMEM} if the range wraps
     *         or ends above {@link #TASK_SIZE}
     */
    public synchronized int mmap(long hva, long size, Prot prot) {
        if (prot == null) {
            throw new IllegalArgumentException("prot is null");
        }
        if (size == 0) {
            return -EINVAL;
        }
        long len = pageAlign(size);
        if (len == 0 || Long.compareUnsigned(len, TASK_SIZE) > 0
                || Long.compareUnsigned(hva, TASK_SIZE - len) > 0) {
            return -ENOMEM;
        }
        if (!Page.isPageAligned(hva)) {
            return -EINVAL;
        }
        backing.discard(hva, hva + len);
        vmas = vmas.replace(hva, hva + len, prot);
        return 0;
    }

    /**
     * {@code munmap(hva, size)}: unmaps the range; pages in it that were not mapped are fine.
     *
     * @return 0; {@code -EINVAL} for an unaligned hva, size 0, or a range that wraps or ends above
     *         {@link #TASK_SIZE}
     */
    public synchronized int munmap(long hva, long size) {
        if (!Page.isPageAligned(hva) || Long.compareUnsigned(hva, TASK_SIZE) > 0
                || Long.compareUnsigned(size, TASK_SIZE - hva) > 0) {
            return -EINVAL;
        }
        long len = pageAlign(size);
        if (len == 0) {
            return -EINVAL;
        }
        backing.discard(hva, hva + len);
        vmas = vmas.replace(hva, hva + len, null);
        return 0;
    }

    /**
     * {@code mprotect(hva, size, prot)}: changes the protection of mapped memory. Like Linux, a
     * range with a hole changes the pages before the first unmapped one, then fails.
     *
     * @return 0 (also for size 0); {@code -EINVAL} for an unaligned hva; {@code -ENOMEM} if a page
     *         of the range is not mapped
     */
    public synchronized int mprotect(long hva, long size, Prot prot) {
        if (prot == null) {
            throw new IllegalArgumentException("prot is null");
        }
        if (!Page.isPageAligned(hva)) {
            return -EINVAL;
        }
        if (size == 0) {
            return 0;
        }
        long len = pageAlign(size);
        long end = hva + len;
        if (len == 0 || Long.compareUnsigned(end, hva) <= 0) {
            return -ENOMEM;
        }
        Vmas current = vmas;
        long mappedEnd = Long.compareUnsigned(hva, TASK_SIZE) >= 0 ? hva : current.mappedUpTo(hva, end);
        if (mappedEnd > hva) {
            vmas = current.replace(hva, mappedEnd, prot);
        }
        return mappedEnd == end ? 0 : -ENOMEM;
    }

    /** What a copy between the kernel and user memory does to each mapped piece. */
    private enum UserCopy { TO_USER, FROM_USER, CLEAR }

    /**
     * {@code copy_to_user(hva, src, len)}: copies up to the first page that is not mapped
     * writable.
     *
     * @return the number of bytes NOT copied (0 on success)
     */
    public long copyToUser(long hva, MemorySegment src, long srcOff, long len) {
        HostChecks.checkBuffer(src, srcOff, len);
        return len - copy(UserCopy.TO_USER, hva, src, srcOff, len);
    }

    /**
     * {@code copy_from_user(dst, hva, len)}: copies up to the first page that is not mapped
     * readable. The destination beyond the copied bytes is left as it was (the behaviour of the
     * {@code __copy_from_user} the 4.1 accessors use).
     *
     * @return the number of bytes NOT copied (0 on success)
     */
    public long copyFromUser(MemorySegment dst, long dstOff, long hva, long len) {
        HostChecks.checkBuffer(dst, dstOff, len);
        return len - copy(UserCopy.FROM_USER, hva, dst, dstOff, len);
    }

    /**
     * {@code clear_user(hva, len)}: zeroes up to the first page that is not mapped writable.
     *
     * @return the number of bytes NOT cleared (0 on success)
     */
    public long clearUser(long hva, long len) {
        if (len < 0) {
            throw new IllegalArgumentException("negative length " + len);
        }
        return len - copy(UserCopy.CLEAR, hva, null, 0, len);
    }

    /**
     * The one loop behind the three copies: piece by piece, each piece inside one mapping and one
     * backing chunk, up to the first page whose protection forbids the copy.
     *
     * @return how many bytes were copied
     */
    private long copy(UserCopy kind, long hva, MemorySegment buf, long bufOff, long len) {
        Vmas map = vmas;
        long done = 0;
        while (done < len) {
            long addr = hva + done;
            int v = map.find(addr);
            if (v < 0 || !(kind == UserCopy.FROM_USER ? map.prot(v).readable() : map.prot(v).writable())) {
                break;
            }
            long n = span(map, v, addr, len - done);
            long at = addr & Backing.CHUNK_MASK;
            switch (kind) {
                case TO_USER -> MemorySegment.copy(buf, bufOff + done, backing.chunkForWrite(addr), at, n);
                case FROM_USER -> {
                    // Memory never written reads as zeros without allocating its chunk.
                    MemorySegment chunk = backing.chunk(addr);
                    MemorySegment.copy(chunk == null ? Backing.ZERO_CHUNK : chunk, chunk == null ? 0 : at,
                            buf, bufOff + done, n);
                }
                case CLEAR -> {
                    MemorySegment chunk = backing.chunk(addr);
                    if (chunk != null) {
                        MemorySegment.copy(Backing.ZERO_CHUNK, 0, chunk, at, n);
                    }
                }
            }
            done += n;
        }
        return done;
    }

    /**
     * The 64 KiB chunk of backing bytes that holds {@code hva}, allocated (zero-filled) if nothing
     * was written there yet; the byte of {@code hva} is at offset {@code hva & 0xffff} in it.
     *
     * <p>This exists for the {@code bench} module's physical-limit baselines only: it lets a
     * benchmark copy the same bytes as an accessor with the host segment and offset already known,
     * so that every accessor's time can be read as a ratio to a bare {@code MemorySegment.copy}.
     * It bypasses everything {@code copy_to_user} checks (mapping and protection): no accessor and
     * no design may use it.
     *
     * @throws IllegalArgumentException if {@code hva} is at or above {@link #TASK_SIZE}, where
     *                                  nothing is ever mapped
     */
    public MemorySegment backingForWrite(long hva) {
        if (Long.compareUnsigned(hva, TASK_SIZE) >= 0) {
            throw new IllegalArgumentException("hva 0x" + Long.toHexString(hva) + " is at or above TASK_SIZE");
        }
        return backing.chunkForWrite(hva);
    }

    /** The protection of the page holding hva, or null when it is not mapped. */
    public Prot protection(long hva) {
        Vmas map = vmas;
        int v = map.find(hva);
        return v < 0 ? null : map.prot(v);
    }

    /** How many bytes of backing the mappings hold: what was touched, not what was mapped. */
    public long residentBytes() {
        return backing.allocatedChunks() * Backing.CHUNK_SIZE;
    }

    /** How much of a copy at addr stays in one mapping and one backing chunk. */
    private static long span(Vmas map, int v, long addr, long remaining) {
        long toChunkEnd = Backing.CHUNK_SIZE - (addr & Backing.CHUNK_MASK);
        return Math.min(remaining, Math.min(map.end(v) - addr, toChunkEnd));
    }

    /** {@code PAGE_ALIGN(size)}; 0 when rounding up wraps past 2^64. */
    private static long pageAlign(long size) {
        return (size + Page.PAGE_SIZE - 1) & Page.PAGE_MASK;
    }
}
