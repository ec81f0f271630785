package org.kvmlab.conformance.scenario;

import java.util.Arrays;
import java.util.List;

/**
 * A DATA value of the scenario format (SCENARIOS.md section 2): a sequence of bytes, equal to
 * another DATA when the decoded bytes are equal, however each was written.
 *
 * <p>A DATA parsed from a file keeps the pieces it was written as and is decoded only when a line
 * runs: a {@code fill:00*0x1000000} piece costs a few bytes until then, so that parsing a file
 * takes memory in proportion to the file, not to what it decodes to.
 */
public final class Data {
    /** The largest DATA, LEN or OFFSET a scenario may use: 16 MiB, a runner limit. */
    public static final int MAX_LENGTH = 0x100_0000;

    /** Zero bytes: what {@code ok} alone stands for on a command that reads. */
    public static final Data EMPTY = new Data(List.of(), 0);

    /** One piece of a DATA token, in the order written. */
    sealed interface Piece {
        /** How many bytes the piece decodes to. */
        int length();

        /** Writes the decoded bytes into {@code dst} from {@code offset}. */
        void decodeInto(byte[] dst, int offset);
    }

    /** Hex digits in pairs, such as {@code deadbeef}; also how bytes read at run time are held. */
    record Literal(byte[] bytes) implements Piece {
        @Override
        public int length() {
            return bytes.length;
        }

        @Override
        public void decodeInto(byte[] dst, int offset) {
            System.arraycopy(bytes, 0, dst, offset, bytes.length);
        }
    }

    /** {@code fill:BB*N}: N copies of one byte. */
    record Fill(byte value, int count) implements Piece {
        @Override
        public int length() {
            return count;
        }

        @Override
        public void decodeInto(byte[] dst, int offset) {
            Arrays.fill(dst, offset, offset + count, value);
        }
    }

    private final List<Piece> pieces;
    private final int length;

    private Data(List<Piece> pieces, int length) {
        this.pieces = pieces;
        this.length = length;
    }

    /** The DATA of these pieces, whose lengths the caller has checked to sum to at most {@link #MAX_LENGTH}. */
    static Data ofPieces(List<Piece> pieces) {
        long total = 0;
        for (Piece piece : pieces) {
            total += piece.length();
        }
        if (total > MAX_LENGTH) {
            throw new IllegalArgumentException("DATA of " + total + " bytes is above " + MAX_LENGTH);
        }
        return new Data(List.copyOf(pieces), (int) total);
    }

    /** The DATA of a copy of {@code bytes}. */
    public static Data of(byte[] bytes) {
        return ofOwned(bytes.clone());
    }

    /** The DATA of {@code bytes}, which the caller hands over and no longer changes (saves a copy of up to 16 MiB per line). */
    static Data ofOwned(byte[] bytes) {
        return bytes.length == 0 ? EMPTY : new Data(List.of(new Literal(bytes)), bytes.length);
    }

    /** The number of bytes. */
    public int length() {
        return length;
    }

    /** Whether there are no bytes. */
    public boolean isEmpty() {
        return length == 0;
    }

    /** The decoded bytes, in a new array. */
    public byte[] toByteArray() {
        byte[] bytes = new byte[length];
        int offset = 0;
        for (Piece piece : pieces) {
            piece.decodeInto(bytes, offset);
            offset += piece.length();
        }
        return bytes;
    }

    /**
     * The first offset at which this DATA and {@code other} differ, or where the shorter ends;
     * the common length when they are equal.
     */
    public int firstDifference(Data other) {
        int at = Arrays.mismatch(toByteArray(), other.toByteArray());
        return at < 0 ? length : at;
    }

    /** Lower-case hex of the first {@code maxBytes} bytes (all of them when there are fewer). */
    public String hex(int maxBytes) {
        byte[] bytes = toByteArray();
        int n = Math.min(maxBytes, bytes.length);
        return java.util.HexFormat.of().formatHex(bytes, 0, n);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Data other && length == other.length
                && Arrays.equals(toByteArray(), other.toByteArray());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(toByteArray());
    }

    @Override
    public String toString() {
        return length <= 32 ? hex(32) : hex(32) + "... (" + length + " bytes)";
    }
}
