package org.kvmlab.core.host;

import java.lang.foreign.MemorySegment;

/**
 * One mapped range of the VMM's address space, {@code struct vm_area_struct}: {@code [start, end)}
 * with one protection, backed by {@code backing} from {@code backingOffset} on. Immutable.
 *
 * <p>Besides its fields it holds what a copy's fast path needs, worked out once here instead of on
 * every copy: the segment a read and a write may use (null where the protection forbids it or the
 * backing is not one segment), and the distance from an address to its offset in that segment.
 */
final class Vma {
    final long start;
    final long end;
    final Prot prot;
    final Backing backing;
    final long backingOffset;
    /** {@code end - start}. */
    final long size;
    /** The backing's segment when the range may be read and is backed contiguously, else null. */
    final MemorySegment readSegment;
    /** The backing's segment when the range may be written and is backed contiguously, else null. */
    final MemorySegment writeSegment;
    /** Add to an address of the range to get its offset in the backing's segment. */
    final long segmentDelta;

    Vma(long start, long end, Prot prot, Backing backing, long backingOffset) {
        this.start = start;
        this.end = end;
        this.prot = prot;
        this.backing = backing;
        this.backingOffset = backingOffset;
        this.size = end - start;
        MemorySegment whole = backing == null ? null : backing.whole();
        this.readSegment = prot.readable() ? whole : null;
        this.writeSegment = prot.writable() ? whole : null;
        this.segmentDelta = backingOffset - start;
    }

    /** A range that holds no address: what an empty address space's hint points at. */
    static final Vma NONE = new Vma(0, 0, Prot.NONE, null, 0);

    /** Whether addr lies in the range. */
    boolean contains(long addr) {
        return Long.compareUnsigned(addr - start, size) < 0;
    }

    /** The part {@code [from, to)} of this range, same backing, with protection {@code newProt}. */
    Vma slice(long from, long to, Prot newProt) {
        return new Vma(from, to, newProt, backing, backingOffset + (from - start));
    }

    /** Whether {@code next} continues this range: adjacent, same protection, and the same backing bytes in order. */
    boolean continuedBy(Vma next) {
        return end == next.start && prot == next.prot && backing == next.backing
                && backingOffset + size == next.backingOffset;
    }

    /** This range grown to the end of {@code next}, which {@link #continuedBy continues} it. */
    Vma mergedWith(Vma next) {
        return new Vma(start, next.end, prot, backing, backingOffset);
    }
}
