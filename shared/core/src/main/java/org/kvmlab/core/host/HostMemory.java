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
 * into a short copy. The bytes are the operating system's: each {@code mmap} reserves its own
 * contiguous range of lazily committed memory ({@link Backing}), so a terabyte mapping costs only
 * the pages written, and a copy finds any byte of a mapping with one addition.
 *
 * <p>Each copy has a fast path small enough for the JIT to inline into an accessor's page loop:
 * when the whole copy lies inside the range the previous copy used (the {@code vmacache} hint),
 * and that range's protection allows it, it is one {@code MemorySegment.copy}. Anything else goes
 * through the general loop, which also covers copies that cross ranges or fault part way.
 *
 * <p>Concurrency follows the kernel: copies never lock and see either the old or the new mapping
 * list; {@code mmap}, {@code munmap} and {@code mprotect} are serialised (the {@code mmap_sem}
 * writer side). A mapping change that races with a copy into the same pages is the VMM's bug, as
 * it would be on Linux.
 */
public final class HostMemory {
    /** x86-64 {@code TASK_SIZE_MAX}: no user mapping reaches this address or beyond. */
    public static final long TASK_SIZE = 0x7ffffffff000L;

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
        Vmas.Edit edit = vmas.mapped(hva, hva + len, prot, Backing.of(len));
        vmas = edit.vmas();
        discard(edit);
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
        Vmas.Edit edit = vmas.unmapped(hva, hva + len);
        vmas = edit.vmas();
        discard(edit);
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
            vmas = current.reprotected(hva, mappedEnd, prot);
        }
        return mappedEnd == end ? 0 : -ENOMEM;
    }

    /**
     * Gives the bytes a mapping change removed back to the kernel. Only pieces of backing no range
     * reaches any more are discarded; a copy racing with the change (the VMM's bug) reads zeros.
     */
    private static void discard(Vmas.Edit edit) {
        for (Vma gone : edit.dropped()) {
            gone.backing.discard(gone.backingOffset, gone.size);
        }
    }

    /**
     * {@code copy_to_user(hva, src, len)}: copies up to the first page that is not mapped
     * writable.
     *
     * @return the number of bytes NOT copied (0 on success)
     */
    public long copyToUser(long hva, MemorySegment src, long srcOff, long len) {
        HostChecks.checkBuffer(src, srcOff, len);
        Vma v = vmas.hint;
        long at = hva - v.start;
        MemorySegment segment = v.writeSegment;
        // The whole copy inside the range the last copy used, writable and one segment: one
        // copy. Everything else (another range, a fault, windowed backing) takes the loop.
        if (segment != null && Long.compareUnsigned(at, v.size) < 0 && len <= v.size - at) {
            MemorySegment.copy(src, srcOff, segment, hva + v.segmentDelta, len);
            return 0;
        }
        return len - copyPieces(UserCopy.TO_USER, hva, src, srcOff, len);
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
        Vma v = vmas.hint;
        long at = hva - v.start;
        MemorySegment segment = v.readSegment;
        if (segment != null && Long.compareUnsigned(at, v.size) < 0 && len <= v.size - at) {
            MemorySegment.copy(segment, hva + v.segmentDelta, dst, dstOff, len);
            return 0;
        }
        return len - copyPieces(UserCopy.FROM_USER, hva, dst, dstOff, len);
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
        return len - copyPieces(UserCopy.CLEAR, hva, null, 0, len);
    }

    /** What a copy between the kernel and user memory does to each piece. */
    private enum UserCopy { TO_USER, FROM_USER, CLEAR }

    /**
     * The general path of the three copies: piece by piece, each piece inside one mapped range
     * and one piece of its backing, up to the first page whose protection forbids the copy, or
     * whose backing the kernel refuses to provide (which the copy reports as the fault it is).
     *
     * @return how many bytes were copied
     */
    private long copyPieces(UserCopy kind, long hva, MemorySegment buf, long bufOff, long len) {
        Vmas map = vmas;
        long done = 0;
        while (done < len) {
            long addr = hva + done;
            Vma v = map.find(addr);
            if (v == null || !(kind == UserCopy.FROM_USER ? v.prot.readable() : v.prot.writable())) {
                break;
            }
            long offset = addr + v.segmentDelta;
            long n = Math.min(len - done, Math.min(v.end - addr, v.backing.pieceEnd(offset) - offset));
            long at = v.backing.offsetIn(offset);
            switch (kind) {
                case TO_USER -> {
                    MemorySegment segment = v.backing.forWrite(offset);
                    if (segment == null) {
                        return done;
                    }
                    MemorySegment.copy(buf, bufOff + done, segment, at, n);
                }
                case FROM_USER -> {
                    MemorySegment segment = v.backing.forRead(offset);
                    if (segment == null) {
                        zero(buf, bufOff + done, n);
                    } else {
                        MemorySegment.copy(segment, at, buf, bufOff + done, n);
                    }
                }
                case CLEAR -> clear(v.backing, offset, n);
            }
            done += n;
        }
        return done;
    }

    /**
     * Zeroes {@code [offset, offset + n)} of a backing, the same piece of it. Whole pages are given
     * back to the kernel, which reads them as zeros from then on, so that clearing never commits
     * memory that was never written; only the partial pages at either end are written.
     */
    private static void clear(Backing backing, long offset, long n) {
        long end = offset + n;
        long firstWhole = (offset + Page.PAGE_SIZE - 1) & Page.PAGE_MASK;
        long lastWhole = end & Page.PAGE_MASK;
        if (firstWhole >= lastWhole) {
            zeroWritten(backing, offset, n);
            return;
        }
        zeroWritten(backing, offset, firstWhole - offset);
        backing.discard(firstWhole, lastWhole - firstWhole);
        zeroWritten(backing, lastWhole, end - lastWhole);
    }

    /** Writes zeros over part of one page of a backing, unless it was never written (it is zeros then). */
    private static void zeroWritten(Backing backing, long offset, long n) {
        MemorySegment segment = n == 0 ? null : backing.forRead(offset);
        if (segment != null) {
            zero(segment, backing.offsetIn(offset), n);
        }
    }

    /** Zeroes {@code [off, off + n)} of {@code dst} from the zero page, allocating nothing. */
    private static void zero(MemorySegment dst, long off, long n) {
        for (long done = 0; done < n; ) {
            long piece = Math.min(n - done, Page.PAGE_SIZE);
            MemorySegment.copy(Page.ZERO_PAGE, 0, dst, off + done, piece);
            done += piece;
        }
    }

    /**
     * The backing bytes of {@code [hva, hva + len)} as one segment: what a copy at that address
     * reads and writes.
     *
     * <p>This exists for the {@code bench} module's physical-limit baselines only: it lets a
     * benchmark copy the same bytes as an accessor with the host segment already known, so that
     * every accessor's time can be read as a ratio to a bare {@code MemorySegment.copy}. It
     * bypasses everything {@code copy_to_user} checks (protection): no accessor and no design may
     * use it.
     *
     * @throws IllegalArgumentException if {@code len} is not positive, or the range does not lie
     *                                  inside one mapped range with contiguous backing
     */
    public MemorySegment backingForBench(long hva, long len) {
        Vma v = vmas.find(hva);
        if (len <= 0 || v == null || v.backing.whole() == null || Long.compareUnsigned(len, v.end - hva) > 0) {
            throw new IllegalArgumentException("[0x" + Long.toHexString(hva) + ", +" + len
                    + ") does not lie inside one mapping with contiguous backing");
        }
        return v.backing.whole().asSlice(hva + v.segmentDelta, len);
    }

    /** The protection of the page holding hva, or null when it is not mapped. */
    public Prot protection(long hva) {
        Vma v = vmas.find(hva);
        return v == null ? null : v.prot;
    }

    /**
     * How many bytes of the mapped ranges hold pages written since they were mapped: what the
     * mappings cost the machine, not what they span (memory never written reads as the kernel's
     * zero page and costs nothing). A diagnostic for tests: it asks the kernel about every page
     * mapped ({@code mincore}), about a millisecond per GiB.
     */
    public long residentBytes() {
        Vmas map = vmas;
        long resident = 0;
        for (int i = 0; i < map.size(); i++) {
            Vma v = map.get(i);
            resident += v.backing.residentBytes(v.backingOffset, v.size);
        }
        return resident;
    }

    /** {@code PAGE_ALIGN(size)}; 0 when rounding up wraps past 2^64. */
    private static long pageAlign(long size) {
        return (size + Page.PAGE_SIZE - 1) & Page.PAGE_MASK;
    }
}
