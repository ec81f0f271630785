package org.kvmlab.spi;

/**
 * What a module is to the lab: a design being compared, or something designs are compared with.
 * Every part of the lab finds modules the same way and decides by role what to do with each.
 */
public enum Role {
    /**
     * A way to give the accessors the vCPU: checked by the kit, measured by the bench, ranked by
     * the review, and run by {@code --variant all}. The five designs of the 2015 thread are
     * contestants, and so is every design a user brings.
     */
    CONTESTANT,

    /**
     * The pre-series accessor layer (Linux 4.1, no vCPU, no SMRAM) that no design edits: what the
     * review measures each patch against, and what the bench may show as a reference column. Never
     * ranked and not run by {@code --variant all}: it knows no SMRAM, so it cannot pass the kit.
     */
    BASELINE,

    /**
     * A model the designs are checked against (the kit's reference model, the running kernel):
     * run by name, never benched or ranked.
     */
    REFERENCE
}
