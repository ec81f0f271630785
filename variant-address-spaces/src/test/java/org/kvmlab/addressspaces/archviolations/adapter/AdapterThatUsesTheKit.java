package org.kvmlab.addressspaces.archviolations.adapter;

import org.kvmlab.conformance.GuestVm;
import org.kvmlab.core.kvm.Kvm;

/**
 * Wrong: an adapter that reaches the conformance kit, whose test libraries would then follow the
 * design's main jar into the bench.
 */
public final class AdapterThatUsesTheKit {
    private AdapterThatUsesTheKit() {}

    static Kvm vmOf(GuestVm vm) {
        return vm.kvm();
    }
}
