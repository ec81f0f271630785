package org.kvmlab.core.kvm;

import static org.kvmlab.core.base.Errno.EINVAL;

import java.lang.foreign.MemorySegment;
import org.kvmlab.core.base.Page;

/**
 * {@code struct kvm_vcpu} as far as guest-memory access needs it: its id, its VM, whether it is
 * in System Management Mode, and the root of its page tables.
 *
 * <p>The type is open so that a design may make a vCPU the VM does not list (the fake vCPU of the
 * 2015 thread); the VM's own vCPUs come from {@link Kvm#createVcpu(int)}. A vCPU is driven by one
 * thread at a time, as {@code vcpu->mutex} ensures in the kernel, so its state is plain fields.
 */
public class Vcpu {
    /** {@code HF_SMM_MASK} of Linux 4.2's {@code hflags}. */
    public static final int HF_SMM_MASK = 1 << 6;
    /** CR3 bits 51:12 hold the PML4's frame; a root at or above 2^52 does not exist. */
    private static final long CR3_LIMIT = 1L << 52;

    private final Kvm kvm;
    private final int vcpuId;
    private int hflags;
    private long cr3;
    /** Where the page walk reads each 8-byte entry; owned by this vCPU, so walks allocate nothing. */
    private final MemorySegment pteBuffer = MemorySegment.ofArray(new long[1]);

    /**
     * A vCPU of {@code kvm}, outside SMM, with CR3 0.
     *
     * @throws IllegalArgumentException if kvm is null
     */
    protected Vcpu(Kvm kvm, int vcpuId) {
        if (kvm == null) {
            throw new IllegalArgumentException("kvm is null for vCPU " + vcpuId);
        }
        this.kvm = kvm;
        this.vcpuId = vcpuId;
    }

    /** {@code vcpu->kvm}. */
    public final Kvm kvm() {
        return kvm;
    }

    /** {@code vcpu->vcpu_id}. */
    public int vcpuId() {
        return vcpuId;
    }

    /** {@code is_smm(vcpu)}: whether the vCPU is in System Management Mode. */
    public boolean isSmm() {
        return (hflags & HF_SMM_MASK) != 0;
    }

    /** Enters or leaves SMM (an SMI, an {@code RSM}, or {@code KVM_SET_VCPU_EVENTS}). */
    public void setSmm(boolean inSmm) {
        hflags = inSmm ? hflags | HF_SMM_MASK : hflags & ~HF_SMM_MASK;
    }

    /** The page-table root the guest-virtual accessors walk from. */
    public long cr3() {
        return cr3;
    }

    /**
     * Loads CR3.
     *
     * @return 0; {@code -EINVAL} (CR3 unchanged) if the root is not page aligned or lies at or
     *         above 2^52
     */
    public int setCr3(long root) {
        if (!Page.isPageAligned(root) || Long.compareUnsigned(root, CR3_LIMIT) >= 0) {
            return -EINVAL;
        }
        cr3 = root;
        return 0;
    }

    /** An 8-byte scratch buffer for page-table entries, private to this vCPU's thread. */
    public MemorySegment pteBuffer() {
        return pteBuffer;
    }

    @Override
    public String toString() {
        return "vcpu" + vcpuId + (isSmm() ? " (SMM)" : "");
    }
}
