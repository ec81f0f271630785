package org.kvmlab.core.base;

/** Linux errno values, returned negated by accessors and ioctls as the kernel does. */
public final class Errno {
    public static final int ENOENT = 2;
    public static final int ENOMEM = 12;
    public static final int EFAULT = 14;
    public static final int EEXIST = 17;
    public static final int EINVAL = 22;

    private Errno() {}
}
