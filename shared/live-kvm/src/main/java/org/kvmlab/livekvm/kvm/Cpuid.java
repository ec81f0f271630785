package org.kvmlab.livekvm.kvm;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.MemorySegment;

/**
 * A {@code struct kvm_cpuid2}: a count, then {@code struct kvm_cpuid_entry2} entries of 40 bytes
 * (function, index, flags, eax, ebx, ecx, edx, padding). The guest gets exactly what the kernel
 * supports, so that what the guest's page walker accepts (1 GiB pages, the physical-address
 * width) is the kernel's own answer, read back here for the report.
 */
public final class Cpuid {
    /** {@code sizeof(struct kvm_cpuid_entry2)}. */
    static final long ENTRY_SIZE = 40;
    private static final long EAX = 12;
    private static final long ECX = 20;
    private static final long EDX = 24;

    private final MemorySegment cpuid2;

    Cpuid(MemorySegment cpuid2) {
        this.cpuid2 = cpuid2;
    }

    /** The {@code struct kvm_cpuid2}, for {@code KVM_SET_CPUID2}. */
    MemorySegment segment() {
        return cpuid2;
    }

    /** How many leaves there are. */
    public int entries() {
        return cpuid2.get(JAVA_INT, 0);
    }

    /**
     * The guest's physical-address width (CPUID 0x80000008 EAX bits 7:0, {@code MAXPHYADDR}): a
     * page-table entry or CR3 with a frame bit at or above it is reserved. 36 when the leaf is
     * missing, as the architecture says.
     */
    public int maxPhysAddr() {
        long entry = find(0x8000_0008, 0);
        return entry < 0 ? 36 : cpuid2.get(JAVA_INT, entry + EAX) & 0xff;
    }

    /** Whether the guest may use 1 GiB pages (CPUID 0x80000001 EDX bit 26, {@code PDPE1GB}). */
    public boolean gigabytePages() {
        long entry = find(0x8000_0001, 0);
        return entry >= 0 && (cpuid2.get(JAVA_INT, entry + EDX) & (1 << 26)) != 0;
    }

    /** Whether the guest may use five-level paging (CPUID 7 ECX bit 16, {@code LA57}). */
    public boolean fiveLevelPaging() {
        long entry = find(7, 0);
        return entry >= 0 && (cpuid2.get(JAVA_INT, entry + ECX) & (1 << 16)) != 0;
    }

    /** The byte offset of leaf {@code function}/{@code index}, or -1. */
    private long find(int function, int index) {
        int n = entries();
        for (int i = 0; i < n; i++) {
            long at = 8 + ENTRY_SIZE * i;
            if (cpuid2.get(JAVA_INT, at) == function && cpuid2.get(JAVA_INT, at + 4) == index) {
                return at;
            }
        }
        return -1;
    }
}
