package org.kvmlab.core.host;

/** Page protection of a host mapping: {@code PROT_READ|PROT_WRITE}, {@code PROT_READ}, {@code PROT_NONE}. */
public enum Prot {
    RW(true, true),
    RO(true, false),
    NONE(false, false);

    private final boolean readable;
    private final boolean writable;

    Prot(boolean readable, boolean writable) {
        this.readable = readable;
        this.writable = writable;
    }

    /** Whether a copy from user memory may read pages with this protection. */
    public boolean readable() {
        return readable;
    }

    /** Whether a copy to user memory may write pages with this protection. */
    public boolean writable() {
        return writable;
    }
}
