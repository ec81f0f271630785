package org.kvmlab.core.memslot;

/** What {@code KVM_GET_DIRTY_LOG} returns: the collected log, or an errno. */
public sealed interface DirtyLogResult {

    /**
     * The log of one slot, taken and cleared.
     *
     * @param npages the slot's size in pages
     * @param bitmap little-endian words, page i dirty when bit i % 64 of word i / 64 is set
     */
    record Collected(long npages, long[] bitmap) implements DirtyLogResult {
        /** Whether slot-relative page {@code relGfn} was dirty. */
        public boolean isDirty(long relGfn) {
            return (bitmap[(int) (relGfn >>> 6)] & (1L << relGfn)) != 0;
        }

        /** The slot-relative numbers of the dirty pages, ascending. */
        public long[] dirtyPages() {
            int n = 0;
            for (long word : bitmap) {
                n += Long.bitCount(word);
            }
            long[] pages = new long[n];
            int k = 0;
            for (int w = 0; w < bitmap.length; w++) {
                for (long word = bitmap[w]; word != 0; word &= word - 1) {
                    pages[k++] = ((long) w << 6) + Long.numberOfTrailingZeros(word);
                }
            }
            return pages;
        }
    }

    /** The ioctl failed: {@code -EINVAL} or {@code -ENOENT}. */
    record Failed(int errno) implements DirtyLogResult {
    }
}
