package org.kvmlab.livekvm.sys;

/** The names of the {@code errno} values a system call of this module can return, for messages. */
public final class ErrnoName {
    private ErrnoName() {}

    /** {@code EACCES}, {@code ENOENT}, ...; {@code errno N} for one without a name here. */
    public static String of(int errno) {
        return switch (Math.abs(errno)) {
            case 1 -> "EPERM";
            case 2 -> "ENOENT";
            case 4 -> "EINTR";
            case 6 -> "ENXIO";
            case 9 -> "EBADF";
            case 12 -> "ENOMEM";
            case 13 -> "EACCES";
            case 14 -> "EFAULT";
            case 16 -> "EBUSY";
            case 17 -> "EEXIST";
            case 19 -> "ENODEV";
            case 22 -> "EINVAL";
            case 24 -> "EMFILE";
            case 25 -> "ENOTTY";
            default -> "errno " + Math.abs(errno);
        };
    }
}
