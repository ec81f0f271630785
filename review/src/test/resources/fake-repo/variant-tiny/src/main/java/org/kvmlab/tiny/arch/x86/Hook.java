package org.kvmlab.tiny.arch.x86;

/** The one hook. */
public final class Hook {
    public static final int ALL = 1;

    private Hook() {}
}
