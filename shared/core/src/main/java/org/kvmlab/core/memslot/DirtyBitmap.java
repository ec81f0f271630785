package org.kvmlab.core.memslot;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A memslot's dirty bitmap: one bit per page, set atomically because several vCPUs write at once
 * ({@code set_bit_le}), collected and cleared word by word ({@code xchg}) by
 * {@code KVM_GET_DIRTY_LOG}. Words are allocated in chunks on first use, so that a huge logged
 * slot costs memory only where pages were dirtied.
 */
public final class DirtyBitmap {
    private static final int CHUNK_PAGE_SHIFT = 16;
    private static final int WORDS_PER_CHUNK = (1 << CHUNK_PAGE_SHIFT) / Long.SIZE;
    private static final VarHandle CHUNKS = MethodHandles.arrayElementVarHandle(long[][].class);
    private static final VarHandle WORDS = MethodHandles.arrayElementVarHandle(long[].class);

    private final long npages;
    private final long[][] chunks;

    /** A clean bitmap for a slot of {@code npages} pages. */
    public DirtyBitmap(long npages) {
        if (npages < 1) {
            throw new IllegalArgumentException("npages " + npages + " is not positive");
        }
        this.npages = npages;
        this.chunks = new long[(int) ((npages + (1L << CHUNK_PAGE_SHIFT) - 1) >>> CHUNK_PAGE_SHIFT)][];
    }

    /** The number of pages the bitmap covers. */
    public long npages() {
        return npages;
    }

    /** {@code set_bit_le(rel_gfn, dirty_bitmap)}: marks the page {@code relGfn} of the slot dirty. */
    public void setBit(long relGfn) {
        checkIndex(relGfn);
        long[] words = chunkForWrite((int) (relGfn >>> CHUNK_PAGE_SHIFT));
        int word = (int) (relGfn >>> 6) & (WORDS_PER_CHUNK - 1);
        WORDS.getAndBitwiseOr(words, word, 1L << relGfn);
    }

    /** Whether page {@code relGfn} of the slot is dirty. */
    public boolean testBit(long relGfn) {
        checkIndex(relGfn);
        long[] words = (long[]) CHUNKS.getAcquire(chunks, (int) (relGfn >>> CHUNK_PAGE_SHIFT));
        if (words == null) {
            return false;
        }
        long word = (long) WORDS.getVolatile(words, (int) (relGfn >>> 6) & (WORDS_PER_CHUNK - 1));
        return (word & (1L << relGfn)) != 0;
    }

    /**
     * Takes the whole log and clears it, one word at a time with an atomic exchange, so that a
     * bit set concurrently lands either in this snapshot or in the next one, never nowhere.
     *
     * @return {@code ceil(npages / 64)} little-endian words, bit i of the log in word i / 64
     */
    public long[] getAndClear() {
        long[] out = new long[(int) ((npages + 63) >>> 6)];
        for (int c = 0; c < chunks.length; c++) {
            long[] words = (long[]) CHUNKS.getAcquire(chunks, c);
            if (words == null) {
                continue;
            }
            int base = c * WORDS_PER_CHUNK;
            for (int w = 0; w < WORDS_PER_CHUNK && base + w < out.length; w++) {
                out[base + w] = (long) WORDS.getAndSet(words, w, 0L);
            }
        }
        return out;
    }

    /** The lowest dirty page at or after {@code fromRelGfn}, or -1: for invariant checks. */
    public long nextSetBit(long fromRelGfn) {
        for (long rel = fromRelGfn; rel < npages; rel++) {
            long[] words = (long[]) CHUNKS.getAcquire(chunks, (int) (rel >>> CHUNK_PAGE_SHIFT));
            if (words == null) {
                rel = ((rel >>> CHUNK_PAGE_SHIFT) + 1 << CHUNK_PAGE_SHIFT) - 1;
                continue;
            }
            if (testBit(rel)) {
                return rel;
            }
        }
        return -1;
    }

    private long[] chunkForWrite(int chunk) {
        long[] words = (long[]) CHUNKS.getAcquire(chunks, chunk);
        if (words != null) {
            return words;
        }
        long[] fresh = new long[WORDS_PER_CHUNK];
        long[] won = (long[]) CHUNKS.compareAndExchangeRelease(chunks, chunk, null, fresh);
        return won == null ? fresh : won;
    }

    private void checkIndex(long relGfn) {
        if (relGfn < 0 || relGfn >= npages) {
            throw new IllegalArgumentException("page " + relGfn + " is outside a slot of " + npages + " pages");
        }
    }
}
