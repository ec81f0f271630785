package org.kvmlab.core.host;

import java.util.ArrayList;
import java.util.List;

/**
 * An immutable, sorted list of mapped ranges: the VMM's address space as {@code mm->mmap} lists
 * it. Ranges are half-open, page aligned and never overlap; neighbours that continue each other
 * (same protection, same backing bytes in order) are merged. Readers search it without locking;
 * writers build a new one and publish it.
 */
final class Vmas {
    static final Vmas EMPTY = new Vmas(new Vma[0], Vma.NONE);

    private final Vma[] ranges;
    /**
     * The range of the last hit, like the kernel's per-thread {@code vmacache}: always a range of
     * this list, written by readers without synchronisation, so a racing or stale value only
     * costs a search.
     */
    Vma hint;

    private Vmas(Vma[] ranges, Vma hint) {
        this.ranges = ranges;
        this.hint = hint;
    }

    /** What a change left: the new list and the pieces of old ranges it removed or replaced. */
    record Edit(Vmas vmas, List<Vma> dropped) {}

    int size() {
        return ranges.length;
    }

    Vma get(int i) {
        return ranges[i];
    }

    /** {@code find_vma} restricted to containment: the range holding addr, or null. Updates the hint. */
    Vma find(long addr) {
        Vma h = hint;
        if (h.contains(addr)) {
            return h;
        }
        int lo = 0;
        int hi = ranges.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            Vma v = ranges[mid];
            if (Long.compareUnsigned(addr, v.start) < 0) {
                hi = mid - 1;
            } else if (Long.compareUnsigned(addr, v.end) >= 0) {
                lo = mid + 1;
            } else {
                hint = v;
                return v;
            }
        }
        return null;
    }

    /**
     * The end of the mapped run that starts at {@code start}: the first address at or after it
     * that no range covers, capped at {@code limit}. The limit compares unsigned: an end at or
     * above 2^63 (mprotect of a huge range) is an address, not a negative number.
     */
    long mappedUpTo(long start, long limit) {
        long at = start;
        Vma v = find(at);
        while (v != null && Long.compareUnsigned(at, limit) < 0) {
            at = v.end;
            v = find(at);
        }
        return Long.compareUnsigned(at, limit) < 0 ? at : limit;
    }

    /** {@code [start, end)} mapped afresh with {@code prot} over {@code backing} from offset 0, replacing what was there. */
    Edit mapped(long start, long end, Prot prot, Backing backing) {
        Vma fresh = new Vma(start, end, prot, backing, 0);
        return edit(start, end, null, fresh);
    }

    /** {@code [start, end)} unmapped. */
    Edit unmapped(long start, long end) {
        return edit(start, end, null, null);
    }

    /** Every range in {@code [start, end)} given protection {@code prot}, bytes kept. */
    Vmas reprotected(long start, long end, Prot prot) {
        return edit(start, end, prot, null).vmas();
    }

    /**
     * The list with {@code [start, end)} cut out of every range: the cut pieces get {@code reprot}
     * if it is not null and are dropped otherwise; {@code insert} (if not null) takes their place.
     */
    private Edit edit(long start, long end, Prot reprot, Vma insert) {
        List<Vma> out = new ArrayList<>(ranges.length + 3);
        List<Vma> dropped = new ArrayList<>();
        boolean inserted = insert == null;
        for (Vma v : ranges) {
            if (v.end <= start || v.start >= end) {
                if (!inserted && v.start >= end) {
                    append(out, insert);
                    inserted = true;
                }
                append(out, v);
                continue;
            }
            if (v.start < start) {
                append(out, v.slice(v.start, start, v.prot));
            }
            Vma middle = v.slice(Math.max(start, v.start), Math.min(end, v.end), reprot != null ? reprot : v.prot);
            if (reprot != null) {
                append(out, middle);
            } else {
                dropped.add(middle);
            }
            if (!inserted) {
                append(out, insert);
                inserted = true;
            }
            if (v.end > end) {
                append(out, v.slice(end, v.end, v.prot));
            }
        }
        if (!inserted) {
            append(out, insert);
        }
        Vma[] result = out.toArray(new Vma[0]);
        Vma newHint = insert != null ? findIn(result, insert.start) : result.length > 0 ? result[0] : Vma.NONE;
        return new Edit(new Vmas(result, newHint), dropped);
    }

    private static Vma findIn(Vma[] ranges, long addr) {
        for (Vma v : ranges) {
            if (v.contains(addr)) {
                return v;
            }
        }
        return Vma.NONE;
    }

    /** Appends a range, merged into the previous one when it continues it. */
    private static void append(List<Vma> out, Vma v) {
        int last = out.size() - 1;
        if (last >= 0 && out.get(last).continuedBy(v)) {
            out.set(last, out.get(last).mergedWith(v));
        } else {
            out.add(v);
        }
    }
}
