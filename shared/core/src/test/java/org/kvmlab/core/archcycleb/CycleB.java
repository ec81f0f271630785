package org.kvmlab.core.archcycleb;

import org.kvmlab.core.archcyclea.CycleA;

/** Wrong: the other half of the package cycle of {@link CycleA} (architecture rule 1). */
public final class CycleB {
    private CycleB() {}

    /** No dependency. */
    public static int viaNothing() {
        return 1;
    }

    /** Depends back on the first package. */
    public static int viaA() {
        return CycleA.viaB() + 1;
    }
}
