package org.kvmlab.core.host;

import java.util.Arrays;

/**
 * An immutable, sorted list of mapped ranges with their protection: the {@code vm_area_struct}
 * list of the VMM's address space. Intervals are half-open, page aligned, never overlap, and
 * neighbours with the same protection are merged. Readers search it without locking; writers
 * build a new one and publish it.
 */
final class Vmas {
    static final Vmas EMPTY = new Vmas(new long[0], new long[0], new Prot[0]);

    private final long[] starts;
    private final long[] ends;
    private final Prot[] prots;
    /** Index of the last hit, like the kernel's per-thread vmacache; stale values only cost time. */
    private int hint;

    private Vmas(long[] starts, long[] ends, Prot[] prots) {
        this.starts = starts;
        this.ends = ends;
        this.prots = prots;
    }

    int size() {
        return starts.length;
    }

    long start(int i) {
        return starts[i];
    }

    long end(int i) {
        return ends[i];
    }

    Prot prot(int i) {
        return prots[i];
    }

    /** {@code find_vma} restricted to containment: the index of the range holding addr, or -1. */
    int find(long addr) {
        int h = hint;
        if (h < starts.length && addr >= starts[h] && addr < ends[h]) {
            return h;
        }
        int lo = 0;
        int hi = starts.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (addr < starts[mid]) {
                hi = mid - 1;
            } else if (addr >= ends[mid]) {
                lo = mid + 1;
            } else {
                hint = mid;
                return mid;
            }
        }
        return -1;
    }

    /**
     * The end of the mapped run that starts at {@code start}: the first address at or after it
     * that no range covers, capped at {@code limit}. The limit compares unsigned: an end at or
     * above 2^63 (mprotect of a huge range) is an address, not a negative number.
     */
    long mappedUpTo(long start, long limit) {
        long at = start;
        int i = find(at);
        while (i >= 0 && Long.compareUnsigned(at, limit) < 0) {
            at = ends[i];
            i = (i + 1 < starts.length && starts[i + 1] == at) ? i + 1 : -1;
        }
        return Long.compareUnsigned(at, limit) < 0 ? at : limit;
    }

    /** A copy with {@code [start, end)} removed and, unless {@code prot} is null, mapped with prot. */
    Vmas replace(long start, long end, Prot prot) {
        int n = starts.length;
        long[] s = new long[n + 3];
        long[] e = new long[n + 3];
        Prot[] p = new Prot[n + 3];
        int k = 0;
        boolean inserted = false;
        for (int i = 0; i < n; i++) {
            if (ends[i] <= start || starts[i] >= end) {
                if (!inserted && prot != null && starts[i] >= end) {
                    k = append(s, e, p, k, start, end, prot);
                    inserted = true;
                }
                k = append(s, e, p, k, starts[i], ends[i], prots[i]);
                continue;
            }
            if (starts[i] < start) {
                k = append(s, e, p, k, starts[i], start, prots[i]);
            }
            if (!inserted && prot != null) {
                k = append(s, e, p, k, start, end, prot);
                inserted = true;
            }
            if (ends[i] > end) {
                k = append(s, e, p, k, end, ends[i], prots[i]);
            }
        }
        if (!inserted && prot != null) {
            k = append(s, e, p, k, start, end, prot);
        }
        return new Vmas(Arrays.copyOf(s, k), Arrays.copyOf(e, k), Arrays.copyOf(p, k));
    }

    /** Appends a range, merging it into the previous one when they touch with equal protection. */
    private static int append(long[] s, long[] e, Prot[] p, int k, long start, long end, Prot prot) {
        if (k > 0 && e[k - 1] == start && p[k - 1] == prot) {
            e[k - 1] = end;
            return k;
        }
        s[k] = start;
        e[k] = end;
        p[k] = prot;
        return k + 1;
    }
}
