package org.kvmlab.baseline.archviolations.virt.kvm;

import org.kvmlab.conformance.GuestVm;

/** Deliberately wrong: baseline code that depends on the project beyond the core. */
public final class AccessorThatUsesTheKit {
    private AccessorThatUsesTheKit() {}

    /** Borrows the kit's answer. */
    public static boolean visible(GuestVm vm, long gfn) {
        return vm.isVisibleGfn(null, gfn);
    }
}
