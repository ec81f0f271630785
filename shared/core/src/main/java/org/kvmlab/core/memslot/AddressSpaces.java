package org.kvmlab.core.memslot;

import static org.kvmlab.core.base.Errno.EEXIST;
import static org.kvmlab.core.base.Errno.EINVAL;
import static org.kvmlab.core.base.Errno.ENOENT;
import static org.kvmlab.core.memslot.MemslotFlags.KVM_MEMSLOT_INVALID;
import static org.kvmlab.core.memslot.MemslotFlags.KVM_MEM_LOG_DIRTY_PAGES;
import static org.kvmlab.core.memslot.MemslotFlags.KVM_MEM_READONLY;
import static org.kvmlab.core.memslot.MemslotFlags.KVM_MEM_X86_SMRAM;

import org.kvmlab.core.base.KvmConfig;
import org.kvmlab.core.base.Page;
import org.kvmlab.core.host.HostMemory;

/**
 * A VM's memslot sets, one per address space ({@code kvm->memslots[]}), and the only code that
 * changes them: {@code KVM_SET_USER_MEMORY_REGION} and {@code KVM_GET_DIRTY_LOG} as Linux 4.1 does
 * them, with 4.2's {@code as_id} in the upper 16 bits of the slot number.
 *
 * <p>Updates are serialised ({@code slots_lock}); each builds a new {@link Memslots} and publishes
 * it with a volatile write, so readers never lock and always hold one consistent snapshot; then it
 * waits for the readers of the old set ({@link Srcu}). Every
 * install advances the generation by 2 ({@code install_new_memslots} does +1, waits for readers,
 * then +1 again; the odd value in between is never visible here). A delete or move installs twice:
 * first a copy with the slot marked {@code KVM_MEMSLOT_INVALID}, then the final set.
 */
public final class AddressSpaces {
    /** {@code KVM_MEM_MAX_NR_PAGES}: a slot has fewer than 2^31 pages. */
    public static final long KVM_MEM_MAX_NR_PAGES = (1L << 31) - 1;

    private enum Change { CREATE, DELETE, MOVE, FLAGS_ONLY }

    private final KvmConfig config;
    private final InstallHook hook;
    private final Srcu srcu = new Srcu();
    private volatile Memslots[] sets;

    /** Empty sets for every address space of the configuration. */
    public AddressSpaces(KvmConfig config, InstallHook hook) {
        if (config == null || hook == null) {
            throw new IllegalArgumentException("config and hook must not be null: " + config + ", " + hook);
        }
        this.config = config;
        this.hook = hook;
        Memslots[] initial = new Memslots[config.addressSpaceNum()];
        for (int as = 0; as < initial.length; as++) {
            initial[as] = Memslots.initial(as, config.userMemSlots());
        }
        this.sets = initial;
    }

    /** {@code kvm->srcu}: the grace period every install waits for. */
    public Srcu srcu() {
        return srcu;
    }

    /**
     * {@code __kvm_memslots(kvm, as_id)}: the current set of one address space.
     *
     * @throws IllegalArgumentException if the VM has no address space {@code asId} (a host error)
     */
    public Memslots memslots(int asId) {
        Memslots[] current = sets;
        if (asId < 0 || asId >= current.length) {
            throw noSuchAddressSpace(asId, current.length);
        }
        return current[asId];
    }

    private static IllegalArgumentException noSuchAddressSpace(int asId, int count) {
        return new IllegalArgumentException("address space " + asId + " is not in [0, " + count + ")");
    }

    /**
     * {@code kvm_vm_ioctl_set_memory_region}: creates, deletes (size 0), moves or changes the
     * flags of a slot, with every check of Linux 4.1's {@code __kvm_set_memory_region} in its order.
     *
     * @return 0, {@code -EINVAL} or {@code -EEXIST}
     */
    public synchronized int setUserMemoryRegion(UserspaceMemoryRegion mem) {
        if (mem == null) {
            throw new IllegalArgumentException("region is null");
        }
        int asId = mem.slot() >>> 16;
        int id = mem.slot() & 0xffff;
        if (id >= config.userMemSlots()) {
            return -EINVAL;
        }
        if ((mem.flags() & ~validFlags()) != 0) {
            return -EINVAL;
        }
        if (!Page.isPageAligned(mem.memorySize()) || !Page.isPageAligned(mem.guestPhysAddr())) {
            return -EINVAL;
        }
        if (!Page.isPageAligned(mem.userspaceAddr()) || !accessOk(mem.userspaceAddr(), mem.memorySize())) {
            return -EINVAL;
        }
        if (asId >= config.addressSpaceNum()) {
            return -EINVAL;
        }
        if (Long.compareUnsigned(mem.guestPhysAddr() + mem.memorySize(), mem.guestPhysAddr()) < 0) {
            return -EINVAL;
        }
        long baseGfn = Page.gpaToGfn(mem.guestPhysAddr());
        long npages = mem.memorySize() >>> Page.PAGE_SHIFT;
        if (npages > KVM_MEM_MAX_NR_PAGES) {
            return -EINVAL;
        }
        Memslots current = sets[asId];
        MemorySlot old = current.idToMemslot(id);
        // 4.1 drops the logging flag of a delete before classifying it.
        int flags = npages == 0 ? mem.flags() & ~KVM_MEM_LOG_DIRTY_PAGES : mem.flags();

        Change change;
        if (npages != 0) {
            if (old.isEmpty()) {
                change = Change.CREATE;
            } else {
                if (mem.userspaceAddr() != old.userspaceAddr() || npages != old.npages()
                        || ((flags ^ old.flags()) & KVM_MEM_READONLY) != 0) {
                    return -EINVAL;
                }
                if (baseGfn != old.baseGfn()) {
                    change = Change.MOVE;
                } else if (flags != old.flags()) {
                    change = Change.FLAGS_ONLY;
                } else {
                    return 0;
                }
            }
        } else if (!old.isEmpty()) {
            change = Change.DELETE;
        } else {
            return -EINVAL;
        }

        if ((change == Change.CREATE || change == Change.MOVE) && current.overlapping(id, baseGfn, npages) != null) {
            return -EEXIST;
        }

        MemorySlot updated = switch (change) {
            case DELETE -> MemorySlot.empty(asId, id);
            case CREATE, MOVE, FLAGS_ONLY -> new MemorySlot(asId, id, baseGfn, npages, mem.userspaceAddr(),
                    flags, dirtyBitmapFor(old, flags, npages));
        };
        long generation = current.generation();
        if (change == Change.DELETE || change == Change.MOVE) {
            generation = install(asId, invalidate(current, id, generation + 2));
        }
        // As 4.1 does, the final set is the one from before the invalidating install, updated.
        install(asId, withSlot(current, updated, generation + 2));
        return 0;
    }

    /**
     * {@code kvm_vm_ioctl_get_dirty_log}: takes and clears one slot's dirty log.
     *
     * @return the log, or {@code -EINVAL} for an id at or above the user-slot count or an address
     *         space out of range, {@code -ENOENT} for a slot that does not exist or does not log
     */
    public DirtyLogResult getDirtyLog(int slot) {
        int asId = slot >>> 16;
        int id = slot & 0xffff;
        if (asId >= config.addressSpaceNum() || id >= config.userMemSlots()) {
            return new DirtyLogResult.Failed(-EINVAL);
        }
        MemorySlot memslot = sets[asId].idToMemslot(id);
        DirtyBitmap bitmap = memslot.dirtyBitmap();
        if (bitmap == null) {
            return new DirtyLogResult.Failed(-ENOENT);
        }
        return new DirtyLogResult.Collected(memslot.npages(), bitmap.getAndClear());
    }

    private int validFlags() {
        int valid = KVM_MEM_LOG_DIRTY_PAGES | KVM_MEM_READONLY;
        return config.smramFlagValid() ? valid | KVM_MEM_X86_SMRAM : valid;
    }

    /** x86's {@code access_ok(VERIFY_WRITE, addr, size)}: the range neither wraps nor passes TASK_SIZE. */
    private static boolean accessOk(long addr, long size) {
        return Long.compareUnsigned(size, HostMemory.TASK_SIZE) <= 0
                && Long.compareUnsigned(addr, HostMemory.TASK_SIZE - size) <= 0;
    }

    /**
     * The new slot's bitmap: none without logging; the old one when logging continues (a move or
     * a flags-only change keeps its bits, indexed by page within the slot); a clean one otherwise.
     */
    private static DirtyBitmap dirtyBitmapFor(MemorySlot old, int flags, long npages) {
        if ((flags & KVM_MEM_LOG_DIRTY_PAGES) == 0) {
            return null;
        }
        return old.dirtyBitmap() != null ? old.dirtyBitmap() : new DirtyBitmap(npages);
    }

    /** The first install of a delete or move: the same set with the slot marked invalid, in its place. */
    private static Memslots invalidate(Memslots current, int id, long generation) {
        MemorySlot old = current.idToMemslot(id);
        MemorySlot invalid = old.withFlags(old.flags() | KVM_MEMSLOT_INVALID);
        SortedSlots used = current.sortedSlots();
        return new Memslots(current.asId(), generation, used.with(used.indexOf(old), invalid),
                current.idTable().with(invalid), current.lruSlot());
    }

    /**
     * {@code update_memslots}: the current set with {@code updated} as its id's entry, moved to
     * where the sort puts it (after every used slot, for a delete): the array the kernel's
     * shifting makes, at the cost of a search and the few blocks it touches, not of the distance
     * the entry moves.
     */
    private static Memslots withSlot(Memslots current, MemorySlot updated, long generation) {
        MemorySlot old = current.idToMemslot(updated.id());
        SortedSlots used = current.sortedSlots();
        if (!old.isEmpty()) {
            used = used.removed(used.indexOf(old));
        }
        if (!updated.isEmpty()) {
            used = used.inserted(used.countAbove(updated.baseGfn()), updated);
        }
        return new Memslots(current.asId(), generation, used, current.idTable().with(updated), current.lruSlot());
    }

    /**
     * {@code install_new_memslots}: publishes a set, waits until no reader can still hold the one
     * it replaced, and lets the arch hook see it; returns its generation.
     */
    private long install(int asId, Memslots installed) {
        Memslots[] next = sets.clone();
        next[asId] = installed;
        sets = next;
        srcu.synchronize();
        hook.installed(installed);
        return installed.generation();
    }
}
