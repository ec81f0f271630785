package org.kvmlab.baseline.virt.kvm;

/**
 * The baseline: a generic accessor that walks pages.
 */
public final class Mem {
    private Mem() {}

    // Reads len bytes page by page.
    public static int readGuest(long gpa, int len) {
        int offset = (int) (gpa & 4095);
        long gfn = gpa >>> 12;
        int done = 0;
        while (len > 0) {
            int seg = Math.min(len, 4096 - offset);
            done += readPage(gfn, offset, seg);
            offset = 0;
            len -= seg;
            ++gfn;
        }
        return done;
    }

    static int readPage(long gfn, int offset, int len) {
        return (int) (gfn + offset + len); /* not a real read */
    }
}
