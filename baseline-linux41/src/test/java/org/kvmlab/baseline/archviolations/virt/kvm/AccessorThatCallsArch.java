package org.kvmlab.baseline.archviolations.virt.kvm;

import org.kvmlab.baseline.arch.x86.X86GuestVirt;

/** Deliberately wrong: generic code that reaches into arch code. */
public final class AccessorThatCallsArch {
    private AccessorThatCallsArch() {}

    /** Names an arch class from generic code. */
    public static String arch() {
        return X86GuestVirt.class.getName();
    }
}
