package org.kvmlab.core.archviolations;

import java.util.function.Predicate;
import org.kvmlab.core.kvm.Vcpu;

/** Wrong: the same question as {@link SmmPeeker}, asked through a method reference (architecture rule 4). */
public final class SmmPeekerByReference {
    /** A predicate that reads the vCPU's SMM state. */
    public static final Predicate<Vcpu> IN_SMM = Vcpu::isSmm;

    private SmmPeekerByReference() {}
}
