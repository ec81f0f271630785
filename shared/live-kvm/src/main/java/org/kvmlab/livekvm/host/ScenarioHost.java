package org.kvmlab.livekvm.host;

import java.util.List;
import org.kvmlab.core.host.Prot;
import org.kvmlab.livekvm.sys.ErrnoName;
import org.kvmlab.livekvm.sys.Libc;
import org.kvmlab.livekvm.sys.ProcessMaps;

/**
 * A scenario's {@code mmap}, {@code munmap} and {@code mprotect}, made for real at the
 * scenario's addresses, so that the kernel's own checks answer them and KVM's accessors later
 * find exactly that memory, without ever touching memory of this process that the run did not
 * map (the JVM's heap, stacks and code live in the same address space):
 *
 * <ul>
 *   <li>{@code mmap} uses {@code MAP_FIXED_NOREPLACE}, which fails with {@code EEXIST} rather than
 *       replace anything; pages the run mapped before are unmapped first (the scenario's
 *       replace-semantics), and a range that holds foreign memory is refused.</li>
 *   <li>{@code munmap} of a valid range unmaps exactly the run's own pages in it; a call the
 *       kernel must refuse (unaligned, empty, beyond {@code TASK_SIZE}) goes to the kernel as
 *       written, since it changes nothing.</li>
 *   <li>{@code mprotect} goes to the kernel over the run's own pages and, where the range has a
 *       gap, one page into it, where the kernel stops with {@code ENOMEM} as Linux does; a range
 *       with foreign memory is refused.</li>
 * </ul>
 * Closing unmaps everything the run mapped.
 */
public final class ScenarioHost implements AutoCloseable {
    /** x86-64 {@code TASK_SIZE}: no user mapping reaches it. */
    public static final long TASK_SIZE = 0x7ffffffff000L;
    private static final int EEXIST = 17;
    private static final long PAGE = 4096;

    private final OwnedMappings owned = new OwnedMappings();

    /** The run's own mappings. */
    public OwnedMappings owned() {
        return owned;
    }

    /** {@code mmap(hva, size, prot, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE)}, replacing the run's own pages. */
    public HostCall mmap(long hva, long size, Prot prot) {
        int flags = Libc.MAP_PRIVATE | Libc.MAP_ANONYMOUS | Libc.MAP_NORESERVE | Libc.MAP_FIXED_NOREPLACE;
        long rc = Libc.mmap(hva, size, bits(prot), flags, -1);
        if (rc == -EEXIST) {
            long end = hva + pageAlign(size);
            if (owned.foreignIn(hva, end, ProcessMaps.read())) {
                return new HostCall.Refused("mmap over memory of this process that the run did not map");
            }
            for (OwnedMappings.Owned o : owned.overlapping(hva, end)) {
                long s = Math.max(o.start(), hva);
                long e = Math.min(o.end(), end);
                check("munmap", Libc.munmap(s, e - s));
                owned.remove(s, e);
            }
            rc = Libc.mmap(hva, size, bits(prot), flags, -1);
            if (rc == -EEXIST) {
                return new HostCall.Refused("mmap: memory of this process appeared in the range while it ran");
            }
        }
        if (rc < 0) {
            return new HostCall.Done((int) rc);
        }
        if (rc != hva) {
            // A kernel older than 4.17 takes MAP_FIXED_NOREPLACE for a hint and maps elsewhere.
            check("munmap", Libc.munmap(rc, pageAlign(size)));
            return new HostCall.Refused("the kernel does not honour MAP_FIXED_NOREPLACE (Linux 4.17 or later is needed)");
        }
        owned.add(hva, hva + pageAlign(size), prot);
        return new HostCall.Done(0);
    }

    /** {@code munmap(hva, size)} of the run's own pages. */
    public HostCall munmap(long hva, long size) {
        long len = pageAlign(size);
        boolean kernelRefuses = (hva & (PAGE - 1)) != 0 || size == 0 || len == 0
                || Long.compareUnsigned(hva, TASK_SIZE) > 0 || Long.compareUnsigned(len, TASK_SIZE - hva) > 0;
        if (kernelRefuses) {
            // Linux checks these before it looks at a single mapping: the call changes nothing.
            return new HostCall.Done(Libc.munmap(hva, size));
        }
        long end = hva + len;
        boolean foreign = owned.foreignIn(hva, end, ProcessMaps.read());
        for (OwnedMappings.Owned o : owned.overlapping(hva, end)) {
            long s = Math.max(o.start(), hva);
            long e = Math.min(o.end(), end);
            check("munmap", Libc.munmap(s, e - s));
            owned.remove(s, e);
        }
        return foreign ? new HostCall.Refused("munmap over memory of this process that the run did not map (the run's"
                + " own pages in the range were unmapped)") : new HostCall.Done(0);
    }

    /** {@code mprotect(hva, size, prot)} over the run's own pages. */
    public HostCall mprotect(long hva, long size, Prot prot) {
        long len = pageAlign(size);
        if ((hva & (PAGE - 1)) != 0 || size == 0 || (len == 0 && size != 0) || Long.compareUnsigned(hva, TASK_SIZE) >= 0
                || Long.compareUnsigned(hva + len, hva) < 0) {
            // Refused by alignment, empty, wrapping or entirely above TASK_SIZE: nothing changes.
            return new HostCall.Done(Libc.mprotect(hva, size, bits(prot)));
        }
        long end = Long.compareUnsigned(hva + len, TASK_SIZE) > 0 ? TASK_SIZE : hva + len;
        List<ProcessMaps.Range> maps = ProcessMaps.read();
        if (owned.foreignIn(hva, end, maps)) {
            return new HostCall.Refused("mprotect over memory of this process that the run did not map");
        }
        long covered = hva;
        for (OwnedMappings.Owned o : owned.overlapping(hva, end)) {
            if (o.start() > covered) {
                break;
            }
            covered = Math.max(covered, o.end());
        }
        boolean gap = Long.compareUnsigned(covered, hva + len) < 0 || hva + len == 0;
        long callEnd = gap ? covered + PAGE : hva + len;
        int rc = Libc.mprotect(hva, callEnd - hva, bits(prot));
        long changed = rc == 0 ? hva + len : covered;
        if (Long.compareUnsigned(changed, hva) > 0) {
            owned.protect(hva, Math.min(changed, covered), prot);
        }
        return new HostCall.Done(rc);
    }

    /** Whether a guest may write through {@code [start, end)}: nothing in it is foreign, per {@code maps}. */
    public boolean safeForGuest(long start, long end, List<ProcessMaps.Range> maps) {
        return !owned.foreignIn(start, end, maps);
    }

    /** Unmaps every page the run mapped. */
    @Override
    public void close() {
        for (OwnedMappings.Owned o : owned.all()) {
            Libc.munmap(o.start(), o.end() - o.start());
            owned.remove(o.start(), o.end());
        }
    }

    private static int bits(Prot prot) {
        return switch (prot) {
            case RW -> Libc.PROT_READ | Libc.PROT_WRITE;
            case RO -> Libc.PROT_READ;
            case NONE -> Libc.PROT_NONE;
        };
    }

    private static long pageAlign(long size) {
        return (size + PAGE - 1) & -PAGE;
    }

    private static void check(String what, int rc) {
        if (rc < 0) {
            throw new IllegalStateException(what + " of the run's own pages failed: " + ErrnoName.of(rc));
        }
    }
}
