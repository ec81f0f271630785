package org.kvmlab.core.archcyclea;

import org.kvmlab.core.archcycleb.CycleB;

/**
 * Wrong: one half of a package cycle (architecture rule 1). The cycle rule slices
 * {@code org.kvmlab.core.(*)..}, so a demonstration needs two packages directly under
 * {@code org.kvmlab.core}: this one and {@code archcycleb}, both test-only.
 */
public final class CycleA {
    private CycleA() {}

    /** Depends on the other package. */
    public static int viaB() {
        return CycleB.viaNothing() + 1;
    }
}
