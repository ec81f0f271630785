package org.kvmlab.addressspaces.archviolations.virt.kvm;

import org.kvmlab.addressspaces.arch.x86.X86KvmArch;

/** Deliberately wrong: generic code that uses the hook's class for something other than the call. */
public final class GenericAccessorThatNamesTheArchClass {
    private GenericAccessorThatNamesTheArchClass() {}

    /** Reflects on the arch class, which ties generic code to more than one method. */
    public static String archName() {
        return X86KvmArch.class.getName();
    }
}
