package org.kvmlab.core.kvm;

import static org.kvmlab.core.base.Errno.EEXIST;
import static org.kvmlab.core.base.Errno.EINVAL;

import java.util.ArrayList;
import java.util.List;
import org.kvmlab.core.base.KvmConfig;
import org.kvmlab.core.base.Writable;
import org.kvmlab.core.host.HostMemory;
import org.kvmlab.core.memslot.AddressSpaces;
import org.kvmlab.core.memslot.DirtyLogResult;
import org.kvmlab.core.memslot.InstallHook;
import org.kvmlab.core.memslot.Memslots;
import org.kvmlab.core.memslot.Srcu;
import org.kvmlab.core.memslot.UserspaceMemoryRegion;

/**
 * {@code struct kvm}: one VM, with the VMM's address space it takes guest memory from, its memslot
 * sets, and its vCPUs. The accessors of every design work on this type; none of its methods looks
 * at a vCPU's SMM state, so each design decides SMRAM visibility itself.
 */
public final class Kvm {
    /** {@code KVM_MAX_VCPUS} in Linux 4.1 on x86. */
    public static final int KVM_MAX_VCPUS = 255;

    /**
     * The out parameter of {@code gfn_to_hva_prot}, which every design's read path passes as null
     * and so never loads. C2 will not inline a method whose signature names a class that is not
     * loaded, which left a call to {@code gfn_to_hva_prot} in every read; loading the class with
     * the first VM lets the lookup inline.
     */
    private static final Class<Writable> LOADED_FOR_THE_JIT = Writable.class;

    private final KvmConfig config;
    private final HostMemory mm;
    private final AddressSpaces addressSpaces;
    private final Vcpu[] vcpus = new Vcpu[KVM_MAX_VCPUS];

    /** A VM with its own, empty host address space and no arch hook. */
    public Kvm(KvmConfig config) {
        this(config, new HostMemory(), InstallHook.NONE);
    }

    /**
     * A VM over the host address space {@code mm}.
     *
     * @param hook called after every memslot install (tests observe invalid slots with it)
     */
    public Kvm(KvmConfig config, HostMemory mm, InstallHook hook) {
        if (mm == null) {
            throw new IllegalArgumentException("host memory is null");
        }
        this.config = config;
        this.mm = mm;
        this.addressSpaces = new AddressSpaces(config, hook);
    }

    /** The parameters this VM was created with. */
    public KvmConfig config() {
        return config;
    }

    /** {@code kvm->mm}: the VMM's address space, where every hva points. */
    public HostMemory mm() {
        return mm;
    }

    /** {@code __kvm_memslots(kvm, as_id)}: the current memslot set of one address space. */
    public Memslots memslots(int asId) {
        return addressSpaces.memslots(asId);
    }

    /**
     * {@code kvm->srcu}: callers that access guest memory while another thread may change the
     * memslots hold a read-side section around the accesses, as a vCPU's run loop does.
     */
    public Srcu srcu() {
        return addressSpaces.srcu();
    }

    /** {@code KVM_SET_USER_MEMORY_REGION}; see {@link AddressSpaces#setUserMemoryRegion}. */
    public int setUserMemoryRegion(UserspaceMemoryRegion mem) {
        return addressSpaces.setUserMemoryRegion(mem);
    }

    /** {@code KVM_GET_DIRTY_LOG}; see {@link AddressSpaces#getDirtyLog}. */
    public DirtyLogResult getDirtyLog(int slot) {
        return addressSpaces.getDirtyLog(slot);
    }

    /**
     * {@code KVM_CREATE_VCPU}.
     *
     * @return 0; {@code -EINVAL} for an id outside [0, {@link #KVM_MAX_VCPUS}); {@code -EEXIST} if
     *         the VM already has that vCPU
     */
    public synchronized int createVcpu(int id) {
        if (id < 0 || id >= KVM_MAX_VCPUS) {
            return -EINVAL;
        }
        if (vcpus[id] != null) {
            return -EEXIST;
        }
        vcpus[id] = new Vcpu(this, id);
        return 0;
    }

    /** {@code kvm_get_vcpu_by_id}: the VM's vCPU with that id, or null. */
    public synchronized Vcpu vcpu(int id) {
        return id >= 0 && id < KVM_MAX_VCPUS ? vcpus[id] : null;
    }

    /** Every vCPU the VM lists ({@code kvm_for_each_vcpu}), by id. */
    public synchronized List<Vcpu> vcpus() {
        List<Vcpu> listed = new ArrayList<>();
        for (Vcpu v : vcpus) {
            if (v != null) {
                listed.add(v);
            }
        }
        return listed;
    }
}
