package org.kvmlab.fakevcpu.arch.x86;

import org.kvmlab.core.kvm.Kvm;
import org.kvmlab.core.kvm.Vcpu;

/**
 * A VM's fake vCPU: what {@link X86KvmArch#kvmArchFakeVcpu} hands to callers that access guest
 * memory on behalf of the whole VM, so that they can call accessors that all take a vCPU.
 *
 * <p>It is built so that it cannot be mistaken for a real vCPU. The VM does not list it (it is
 * never made through {@link Kvm#createVcpu}), and its id, {@value #FAKE_VCPU_ID}, is one
 * {@code KVM_CREATE_VCPU} refuses, so no real vCPU can share it. It has no mode and no page
 * tables: entering or leaving SMM and loading CR3 throw, so {@link #isSmm()} stays false and the
 * guest-virtual accessors, which refuse it anyway, could not walk from it. Because nothing about
 * it changes after construction, one instance can serve every thread of its VM at once, unlike a
 * real vCPU, whose state belongs to the one thread that runs it; and two fakes of one VM are
 * interchangeable. The class is final and its
 * constructor private, so the access check's type test cannot be fooled by a subclass.
 *
 * <p>{@link Vcpu#isSmm()} is deliberately not overridden: the inherited answer is already false
 * once {@link #setSmm} refuses, and leaving the method with one implementation keeps the SMM test
 * on real vCPUs' access paths free of a type guard.
 */
final class FakeVcpu extends Vcpu {
    /** Outside {@code [0, KVM_MAX_VCPUS)}, the ids real vCPUs may have. */
    static final int FAKE_VCPU_ID = -1;

    private FakeVcpu(Kvm kvm) {
        super(kvm, FAKE_VCPU_ID);
    }

    /** A fake vCPU of {@code kvm}. */
    static FakeVcpu of(Kvm kvm) {
        return new FakeVcpu(kvm);
    }

    /**
     * Refuses: the fake vCPU stands for the VM, which has no mode.
     *
     * @throws IllegalStateException always
     */
    @Override
    public void setSmm(boolean inSmm) {
        throw new IllegalStateException("the fake vCPU of a VM cannot " + (inSmm ? "enter" : "leave") + " SMM");
    }

    /**
     * Refuses: the fake vCPU has no page tables.
     *
     * @throws IllegalStateException always
     */
    @Override
    public int setCr3(long root) {
        throw new IllegalStateException("the fake vCPU of a VM has no page tables; cannot load CR3 0x"
                + Long.toHexString(root));
    }

    @Override
    public String toString() {
        return "fake vcpu (id " + FAKE_VCPU_ID + ")";
    }
}
