package org.kvmlab.fakevcpu.arch.x86;

import java.lang.ref.WeakReference;
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
 * real vCPU, whose state belongs to the one thread that runs it. The class is final and its
 * constructor private, so the access check's type test cannot be fooled by a subclass.
 *
 * <p>{@link Vcpu#isSmm()} is deliberately not overridden: the inherited answer is already false
 * once {@link #setSmm} refuses, and leaving the method with one implementation keeps the SMM test
 * on real vCPUs' access paths free of a type guard.
 */
final class FakeVcpu extends Vcpu {
    /** Outside {@code [0, KVM_MAX_VCPUS)}, the ids real vCPUs may have. */
    static final int FAKE_VCPU_ID = -1;

    /** The smallest table: a power of two, so that a probe wraps with a mask. */
    private static final int MIN_TABLE = 8;

    /**
     * Stands in for {@code kvm->arch.fake_vcpu}: the fake vCPUs made so far, open-addressed by
     * their VM's identity hash. Lookups read it without a lock and allocate nothing. A new VM
     * publishes a new array, rebuilt without the entries the collector has cleared and at most
     * half full, so a probe always reaches an empty position. The references are weak and point
     * at the fake, which points at its VM: the table keeps neither alive.
     */
    private static volatile WeakReference<?>[] table = new WeakReference<?>[MIN_TABLE];

    private FakeVcpu(Kvm kvm) {
        super(kvm, FAKE_VCPU_ID);
    }

    /** The one fake vCPU of {@code kvm}, made on the first call. */
    static FakeVcpu of(Kvm kvm) {
        FakeVcpu fake = find(table, kvm);
        return fake != null ? fake : register(kvm);
    }

    private static FakeVcpu find(WeakReference<?>[] tab, Kvm kvm) {
        int mask = tab.length - 1;
        for (int i = System.identityHashCode(kvm) & mask; ; i = (i + 1) & mask) {
            WeakReference<?> ref = tab[i];
            if (ref == null) {
                return null;
            }
            // A cleared entry keeps its position until the next rebuild, so probing goes on past it.
            if (ref.get() instanceof FakeVcpu fake && fake.kvm() == kvm) {
                return fake;
            }
        }
    }

    private static synchronized FakeVcpu register(Kvm kvm) {
        WeakReference<?>[] old = table;
        FakeVcpu fake = find(old, kvm);
        if (fake != null) {
            return fake;
        }
        fake = new FakeVcpu(kvm);
        int live = 1;
        for (WeakReference<?> ref : old) {
            if (ref != null && ref.get() != null) {
                live++;
            }
        }
        WeakReference<?>[] tab = new WeakReference<?>[Math.max(MIN_TABLE, Integer.highestOneBit(live * 2 - 1) << 1)];
        for (WeakReference<?> ref : old) {
            if (ref != null && ref.get() instanceof FakeVcpu kept) {
                insert(tab, ref, kept.kvm());
            }
        }
        insert(tab, new WeakReference<>(fake), kvm);
        table = tab;
        return fake;
    }

    private static void insert(WeakReference<?>[] tab, WeakReference<?> ref, Kvm kvm) {
        int mask = tab.length - 1;
        int i = System.identityHashCode(kvm) & mask;
        while (tab[i] != null) {
            i = (i + 1) & mask;
        }
        tab[i] = ref;
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
