package org.kvmlab.core.base;

/**
 * The {@code bool *writable} out-parameter of {@code gfn_to_hva_prot}: owned by the caller and
 * reused across calls, so that asking for the protection allocates nothing. Accessors accept null
 * where the kernel accepts {@code NULL}.
 */
public final class Writable {
    private boolean writable;

    /** What the last {@code gfn_to_hva_prot} stored: whether the slot may be written. */
    public boolean get() {
        return writable;
    }

    /** Stores the answer; called by the accessor. */
    public void set(boolean value) {
        writable = value;
    }
}
