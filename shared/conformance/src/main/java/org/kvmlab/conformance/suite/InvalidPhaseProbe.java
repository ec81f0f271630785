package org.kvmlab.conformance.suite;

import static org.kvmlab.core.base.Errno.EFAULT;
import static org.kvmlab.core.base.Hva.KVM_HVA_ERR_BAD;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.IntFunction;
import org.kvmlab.conformance.GuestVm;
import org.kvmlab.core.base.Page;
import org.kvmlab.core.base.Writable;
import org.kvmlab.core.kvm.GfnToHvaCache;
import org.kvmlab.core.kvm.Vcpu;
import org.kvmlab.core.memslot.DirtyBitmap;
import org.kvmlab.core.memslot.InstallHook;
import org.kvmlab.core.memslot.MemorySlot;
import org.kvmlab.core.memslot.Memslots;
import org.kvmlab.core.paging.X86Emul;
import org.kvmlab.core.paging.X86Exception;

/**
 * Watches a VM's memslot installs and, each time one publishes the watched slot marked
 * {@code KVM_MEMSLOT_INVALID} (the first of the two installs of a delete or a move), runs every
 * accessor of the design at a page of that slot, for each context that looks in the address space
 * of that install. In that window the slot must be absent to all of them: {@code gfn_to_hva} gives
 * the error hva, {@code is_visible_gfn} is false, reads, writes and clears are {@code -EFAULT} and
 * touch nothing (no host byte, no dirty bit), a cache cannot be set up and one set up before
 * fails, and a page walk through tables in the slot finds nothing present. {@code gfn_to_memslot}
 * still finds the slot, marked invalid, and so {@code mark_page_dirty} still sets its bit: Linux
 * 4.1's {@code mark_page_dirty_in_slot} looks at the bitmap, not the flags. The probe checks that
 * too, since a design must do what 4.1 does (a move keeps the bit).
 *
 * <p>The core calls the hook on the updating thread after the invalid set is published and its
 * grace period is over, so every accessor sees that set; what it got wrong is collected and
 * read after the update returned.
 */
final class InvalidPhaseProbe implements InstallHook {
    private static final byte SENTINEL = 0x77;

    private GuestVm vm;
    private int id;
    private long gfn;
    private long gva;
    private IntFunction<List<Vcpu>> contextsOf;
    private Map<Vcpu, GfnToHvaCache> cachesBefore;
    private final List<String> wrong = new ArrayList<>();
    private final TreeSet<Integer> phasesSeen = new TreeSet<>();

    /**
     * Arms the probe.
     *
     * @param vm           the VM whose installs it watches (made with this probe as its hook)
     * @param id           the slot id (without the address space) that is about to be deleted or moved
     * @param gfn          a page of that slot
     * @param gva          a guest-virtual address that the vCPUs' page tables, held in that slot, map
     * @param contextsOf   the contexts (null: the VM) that look in a given address space
     * @param cachesBefore for each context, a cache of gfn's page set up before the change
     */
    void arm(GuestVm vm, int id, long gfn, long gva, IntFunction<List<Vcpu>> contextsOf,
             Map<Vcpu, GfnToHvaCache> cachesBefore) {
        this.vm = vm;
        this.id = id;
        this.gfn = gfn;
        this.gva = gva;
        this.contextsOf = contextsOf;
        this.cachesBefore = cachesBefore;
    }

    /** The address spaces in which an invalid phase of the watched slot was seen. */
    TreeSet<Integer> phasesSeen() {
        return phasesSeen;
    }

    /** What the design did in an invalid phase that it should not have, one line each. */
    List<String> wrong() {
        return wrong;
    }

    @Override
    public void installed(Memslots installed) {
        if (vm == null || id >= installed.slotsNum()) {
            return;
        }
        MemorySlot slot = installed.idToMemslot(id);
        if (slot.isEmpty() || !slot.isInvalid()) {
            return;
        }
        phasesSeen.add(installed.asId());
        String phase = "address space " + installed.asId() + ", slot " + id + " invalid: ";
        byte[] hostBefore = hostPage(slot);
        expect(phase + "gfn_to_hva_memslot", vm.gfnToHvaMemslot(slot, gfn), KVM_HVA_ERR_BAD);
        for (Vcpu ctx : contextsOf.apply(installed.asId())) {
            probe(phase + (ctx == null ? "vm" : ctx) + ": ", ctx, slot);
        }
        if (!Arrays.equals(hostPage(slot), hostBefore)) {
            wrong.add(phase + "the slot's host page changed");
        }
    }

    /** Every accessor for ctx at gfn of {@code slot}, a logging slot, whose log is clean. */
    private void probe(String who, Vcpu ctx, MemorySlot slot) {
        long gpa = gfn << Page.PAGE_SHIFT;
        MemorySlot found = vm.gfnToMemslot(ctx, gfn);
        if (found != null && !found.isInvalid()) {
            wrong.add(who + "gfn_to_memslot gave a usable slot " + found);
        }
        if (vm.isVisibleGfn(ctx, gfn)) {
            wrong.add(who + "is_visible_gfn is true");
        }
        expect(who + "gfn_to_hva", vm.gfnToHva(ctx, gfn), KVM_HVA_ERR_BAD);
        expect(who + "gfn_to_hva_prot", vm.gfnToHvaProt(ctx, gfn, new Writable()), KVM_HVA_ERR_BAD);

        MemorySegment dst = filled(8);
        expect(who + "read_guest", vm.readGuest(ctx, gpa, dst, 0, 8), -EFAULT);
        expect(who + "read_guest_page", vm.readGuestPage(ctx, gfn, dst, 0, 0, 8), -EFAULT);
        expect(who + "read_guest_atomic", vm.readGuestAtomic(ctx, gpa, dst, 0, 8), -EFAULT);
        MemorySegment src = MemorySegment.ofArray(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        expect(who + "write_guest", vm.writeGuest(ctx, gpa, src, 0, 8), -EFAULT);
        expect(who + "write_guest_page", vm.writeGuestPage(ctx, gfn, src, 0, 0, 8), -EFAULT);
        expect(who + "clear_guest", vm.clearGuest(ctx, gpa, 8), -EFAULT);
        expect(who + "clear_guest_page", vm.clearGuestPage(ctx, gfn, 0, 8), -EFAULT);
        expect(who + "gfn_to_hva_cache_init", vm.gfnToHvaCacheInit(ctx, vm.newCache(ctx), gpa, 8), -EFAULT);
        GfnToHvaCache before = cachesBefore.get(ctx);
        expect(who + "read_guest_cached (cache set up before)", vm.readGuestCached(ctx, before, dst, 0, 8), -EFAULT);
        expect(who + "write_guest_cached (cache set up before)", vm.writeGuestCached(ctx, before, src, 0, 8), -EFAULT);
        if (ctx != null) {
            X86Exception e = new X86Exception();
            int rc = vm.readGuestVirt(ctx, gva, dst, 0, 8, e);
            if (rc != X86Emul.X86EMUL_PROPAGATE_FAULT || e.vector() != X86Exception.PF_VECTOR) {
                wrong.add(who + "read_guest_virt through page tables in the slot gave " + rc
                        + " (vector " + e.vector() + "), not a page fault");
            }
            e = new X86Exception();
            rc = vm.writeGuestVirtSystem(ctx, gva, src, 0, 8, e);
            if (rc != X86Emul.X86EMUL_PROPAGATE_FAULT || e.vector() != X86Exception.PF_VECTOR) {
                wrong.add(who + "write_guest_virt_system through page tables in the slot gave " + rc
                        + " (vector " + e.vector() + "), not a page fault");
            }
        }
        for (byte b : dst.toArray(ValueLayout.JAVA_BYTE)) {
            if (b != SENTINEL) {
                wrong.add(who + "a failed read changed its buffer");
                break;
            }
        }
        DirtyBitmap log = slot.dirtyBitmap();
        long rel = gfn - slot.baseGfn();
        if (log.nextSetBit(0) >= 0) {
            wrong.add(who + "an access that failed dirtied page " + log.nextSetBit(0) + " of the slot");
        }
        vm.markPageDirty(ctx, gfn);
        if (!log.testBit(rel)) {
            wrong.add(who + "mark_page_dirty did not set the bit of the invalid slot, as 4.1 does");
        }
        log.getAndClear();
    }

    private void expect(String what, long got, long wanted) {
        if (got != wanted) {
            wrong.add(what + " gave " + (got < 0 && got > -4096 ? got : "0x" + Long.toHexString(got))
                    + ", not " + (wanted < 0 && wanted > -4096 ? wanted : "0x" + Long.toHexString(wanted)));
        }
    }

    /** The host bytes of gfn's page in {@code slot}, read straight from host memory. */
    private byte[] hostPage(MemorySlot slot) {
        MemorySegment page = MemorySegment.ofArray(new byte[Page.PAGE_SIZE]);
        long hva = slot.userspaceAddr() + ((gfn - slot.baseGfn()) << Page.PAGE_SHIFT);
        vm.kvm().mm().copyFromUser(page, 0, hva, Page.PAGE_SIZE);
        return page.toArray(ValueLayout.JAVA_BYTE);
    }

    private static MemorySegment filled(int size) {
        byte[] bytes = new byte[size];
        Arrays.fill(bytes, SENTINEL);
        return MemorySegment.ofArray(bytes);
    }
}
