package org.kvmlab.core.base;

import java.lang.foreign.MemorySegment;

/**
 * Checks for host programming errors, the cases where the kernel would {@code BUG_ON} or corrupt
 * memory (DESIGN.md section 5, rule 4). Each throws {@link IllegalArgumentException} naming the
 * bad value, so that every host error looks alike to callers; none is reachable from guest input.
 * Every variant calls them at the same points, so the comparison between designs stays fair.
 */
public final class HostChecks {
    private HostChecks() {}

    /**
     * What an accessor is handed to work on, the VM, the vCPU, a cache or an exception holder, must
     * not be null; an access of no bytes, which would otherwise look at nothing, is refused too.
     */
    public static void checkNotNull(Object value, String name) {
        if (value == null) {
            throw new IllegalArgumentException(name + " is null");
        }
    }

    /** A buffer piece {@code [off, off + len)} must exist inside {@code buf}. */
    public static void checkBuffer(MemorySegment buf, long off, long len) {
        // One branch on the hot path; the message is built out of line, so that the check stays a
        // few instructions wherever the JIT inlines it.
        if (buf == null || (off | len) < 0 || off > buf.byteSize() - len) {
            throw badBuffer(buf, off, len);
        }
    }

    private static IllegalArgumentException badBuffer(MemorySegment buf, long off, long len) {
        if (buf == null) {
            return new IllegalArgumentException("buffer is null");
        }
        if (len < 0) {
            return new IllegalArgumentException("negative length " + len);
        }
        return new IllegalArgumentException("buffer range [" + off + ", " + off + " + " + len
                + ") lies outside a segment of " + buf.byteSize() + " bytes");
    }

    /**
     * A guest range {@code [addr, addr + len)} must not run past 2^64: Linux would wrap around
     * silently, this project calls it a host error (a deliberate deviation, DESIGN.md section 5).
     * Ending exactly at 2^64 is fine.
     */
    public static void checkGuestRange(long addr, long len) {
        if (len < 0 || (len != 0 && Long.compareUnsigned(addr, -len) > 0)) {
            throw badGuestRange(addr, len);
        }
    }

    private static IllegalArgumentException badGuestRange(long addr, long len) {
        if (len < 0) {
            return new IllegalArgumentException("negative length " + len);
        }
        return new IllegalArgumentException("address 0x" + Long.toHexString(addr) + " + length 0x"
                + Long.toHexString(len) + " wraps past 2^64");
    }

    /** A {@code *_page} access of {@code len} bytes at {@code offset} must stay inside its page. */
    public static void checkWithinPage(int offset, int len) {
        if ((offset | len) < 0 || offset > Page.PAGE_SIZE - len) {
            throw badPiece(offset, len);
        }
    }

    private static IllegalArgumentException badPiece(int offset, int len) {
        if (len < 0) {
            return new IllegalArgumentException("negative length " + len);
        }
        return new IllegalArgumentException("offset " + offset + " + length " + len
                + " leaves the " + Page.PAGE_SIZE + "-byte page");
    }
}
