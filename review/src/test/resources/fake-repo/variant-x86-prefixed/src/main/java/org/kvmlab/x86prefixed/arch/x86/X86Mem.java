package org.kvmlab.x86prefixed.arch.x86;

/** The x86 copy. */
public final class X86Mem {
    private X86Mem() {}

    // Reads len bytes page by page, as the vCPU sees them.
    public static int x86ReadGuest(long gpa, int len) {
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
        String s = "// not a comment";
        return s.length();
    }
}
