package org.kvmlab.livekvm.host;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.kvmlab.core.host.Prot;
import org.kvmlab.livekvm.sys.ProcessMaps;

/**
 * The host memory a scenario run mapped itself, page-exact, with the protection it gave each
 * range: everything the run may unmap, protect, or let a guest write. Anything else the process
 * has mapped (the JVM, the harness, {@code struct kvm_run}) is foreign to the run and is never
 * touched.
 */
public final class OwnedMappings {
    /** Owned ranges by start: {@code [start, end)} with one protection, never overlapping. */
    private final TreeMap<Long, Owned> ranges = new TreeMap<>();

    /** One owned range. */
    public record Owned(long start, long end, Prot prot) {}

    /** Records that the run mapped {@code [start, end)} with {@code prot}, replacing what it owned there. */
    public void add(long start, long end, Prot prot) {
        remove(start, end);
        ranges.put(start, new Owned(start, end, prot));
    }

    /** Records that {@code [start, end)} is no longer mapped by the run. */
    public void remove(long start, long end) {
        for (Owned o : overlapping(start, end)) {
            ranges.remove(o.start());
            if (Long.compareUnsigned(o.start(), start) < 0) {
                ranges.put(o.start(), new Owned(o.start(), start, o.prot()));
            }
            if (Long.compareUnsigned(end, o.end()) < 0) {
                ranges.put(end, new Owned(end, o.end(), o.prot()));
            }
        }
    }

    /** Records a new protection for the owned pages of {@code [start, end)}. */
    public void protect(long start, long end, Prot prot) {
        for (Owned o : overlapping(start, end)) {
            long s = Long.compareUnsigned(o.start(), start) < 0 ? start : o.start();
            long e = Long.compareUnsigned(o.end(), end) > 0 ? end : o.end();
            remove(s, e);
            ranges.put(s, new Owned(s, e, prot));
        }
    }

    /** The owned pieces of {@code [start, end)}, in address order. */
    public List<Owned> overlapping(long start, long end) {
        List<Owned> found = new ArrayList<>();
        // Owned pages lie below TASK_SIZE, so signed order works once the query is clamped there.
        if (start < 0) {
            return found;
        }
        if (end < 0 || end == 0 && start > 0) {
            end = Long.MAX_VALUE;   // past the user half, or wrapped to 2^64
        }
        if (end <= start) {
            return found;
        }
        Map.Entry<Long, Owned> before = ranges.floorEntry(start);
        if (before != null && Long.compareUnsigned(before.getValue().end(), start) > 0) {
            found.add(before.getValue());
        }
        for (Owned o : ranges.subMap(start, false, end, false).values()) {
            found.add(o);
        }
        return found;
    }

    /** The protection of the owned page holding {@code hva}, or null when the run does not own it. */
    public Prot protection(long hva) {
        Map.Entry<Long, Owned> e = ranges.floorEntry(hva);
        return e != null && Long.compareUnsigned(e.getValue().end(), hva) > 0 ? e.getValue().prot() : null;
    }

    /** Every owned range. */
    public List<Owned> all() {
        return List.copyOf(ranges.values());
    }

    /**
     * Whether the process has memory in {@code [start, end)} that the run does not own, according
     * to {@code maps}: the one thing the run must never touch.
     */
    public boolean foreignIn(long start, long end, List<ProcessMaps.Range> maps) {
        for (ProcessMaps.Range r : maps) {
            long s = Long.compareUnsigned(r.start(), start) < 0 ? start : r.start();
            long e = Long.compareUnsigned(r.end(), end) > 0 ? end : r.end();
            if (Long.compareUnsigned(s, e) >= 0) {
                continue;
            }
            long covered = s;
            for (Owned o : overlapping(s, e)) {
                if (Long.compareUnsigned(o.start(), covered) > 0) {
                    return true;
                }
                covered = Long.compareUnsigned(o.end(), covered) > 0 ? o.end() : covered;
            }
            if (Long.compareUnsigned(covered, e) < 0) {
                return true;
            }
        }
        return false;
    }
}
