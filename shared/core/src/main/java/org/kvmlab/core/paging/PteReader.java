package org.kvmlab.core.paging;

import java.lang.foreign.MemorySegment;
import org.kvmlab.core.kvm.Vcpu;

/**
 * How the page walk reads guest physical memory: a design's own vCPU-level {@code read_guest},
 * so that page tables are read with the same SMRAM visibility as any other access of the vCPU.
 * The signature is that of every design's vCPU read accessor, so a variant passes a method
 * reference to it (a constant, not a per-call capture).
 */
@FunctionalInterface
public interface PteReader {
    /**
     * Reads {@code len} bytes at guest physical address {@code gpa} on behalf of {@code vcpu}.
     *
     * @return 0, or a negative errno when no visible slot or no readable host page backs them
     */
    int read(Vcpu vcpu, long gpa, MemorySegment dst, long dstOff, int len);
}
