package org.kvmlab.conformance.scenario;

import java.util.ArrayList;
import java.util.List;
import org.kvmlab.core.host.Prot;

/**
 * The tokens of one part of a line (operands, or the expectation after {@code =>}) and the readers
 * of each operand form of SCENARIOS.md section 2, each checking its operand's limit.
 */
final class Operands {
    /** A SLOT or a flags word is a u32 in the kernel. */
    private static final long U32_LIMIT = 1L << 32;
    /** Linux 4.1's {@code KVM_MAX_VCPUS} is 255, so vCPU ids run from 0 to 254. */
    private static final int MAX_VCPU_ID = 254;

    private final List<String> tokens;
    private final String endName;
    private int next;

    /**
     * @param endName what a message calls the end of these tokens ({@code =>} or {@code end of line})
     */
    Operands(List<String> tokens, String endName) {
        this.tokens = tokens;
        this.endName = endName;
    }

    boolean hasNext() {
        return next < tokens.size();
    }

    /** The next token, which must exist; {@code wanted} names it in the message when it does not. */
    String next(String wanted) throws ParseFailure {
        if (!hasNext()) {
            throw ParseFailure.expected(wanted, endName);
        }
        return tokens.get(next++);
    }

    /** Checks that every token was used; {@code wanted} names what may come instead. */
    void end(String wanted) throws ParseFailure {
        if (hasNext()) {
            throw ParseFailure.expected(wanted, tokens.get(next));
        }
    }

    // ---- numbers -----------------------------------------------------------------------------

    /** Any number (below 2^64); {@code role} names the operand (GPA, SIZE, ...). */
    long number(String role) throws ParseFailure {
        return parseNumber(next(role), role);
    }

    /** A SLOT: a number below 2^32, returned with the bits of the u32. */
    int slot() throws ParseFailure {
        String token = next("SLOT");
        return u32(parseNumber(token, "SLOT"), "a SLOT below 2^32", token);
    }

    /** A LEN or OFFSET ({@code role}): a number of at most 16 MiB. */
    int length(String role) throws ParseFailure {
        String token = next(role);
        long value = parseNumber(token, role);
        if (Long.compareUnsigned(value, Data.MAX_LENGTH) > 0) {
            String named = role.equals("OFFSET") ? "an OFFSET" : "a " + role;
            throw ParseFailure.expected(named + " of at most 0x1000000", token);
        }
        return (int) value;
    }

    /** A vCPU ID: 0 to 254. */
    int vcpuId() throws ParseFailure {
        String token = next("ID");
        return checkVcpuId(parseNumber(token, "ID"), token);
    }

    /** A CTX: {@code vm} or {@code vcpuN}, N decimal digits. */
    Ctx ctx() throws ParseFailure {
        String token = next("CTX (vm or vcpuN)");
        if (token.equals("vm")) {
            return Ctx.VM;
        }
        if (token.startsWith("vcpu") && token.length() > 4 && allDigits(token, 4, 10)) {
            // Leading zeros are allowed and unbounded; past 18 significant digits a value may not
            // fit a long, and is far above 254 anyway (-1 is 2^64-1 to the unsigned ID check).
            String digits = token.substring(4).replaceFirst("^0+(?=.)", "");
            return new Ctx.OnVcpu(checkVcpuId(digits.length() > 18 ? -1 : Long.parseLong(digits), token));
        }
        throw ParseFailure.expected("CTX (vm or vcpuN, N decimal digits)", token);
    }

    /** A NAME: {@code [a-z][a-z0-9_]*}. */
    String name() throws ParseFailure {
        String token = next("NAME");
        boolean ok = token.charAt(0) >= 'a' && token.charAt(0) <= 'z';
        for (int i = 1; ok && i < token.length(); i++) {
            char c = token.charAt(i);
            ok = c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_';
        }
        if (!ok) {
            throw ParseFailure.expected("NAME ([a-z][a-z0-9_]*)", token);
        }
        return token;
    }

    /** A PROT: {@code rw}, {@code ro} or {@code none}. */
    Prot prot() throws ParseFailure {
        String token = next("PROT (rw, ro or none)");
        return switch (token) {
            case "rw" -> Prot.RW;
            case "ro" -> Prot.RO;
            case "none" -> Prot.NONE;
            default -> throw ParseFailure.expected("PROT (rw, ro or none)", token);
        };
    }

    /** A DATA token. */
    Data data() throws ParseFailure {
        return parseData(next("DATA"));
    }

    /** The number after {@code prefix} in a single token such as {@code user_slots=N}. */
    static long numberAfter(String token, String prefix) throws ParseFailure {
        if (!token.startsWith(prefix)) {
            throw ParseFailure.expected(prefix + "N", token);
        }
        return parseNumber(token.substring(prefix.length()), prefix + "N", token);
    }

    /** {@code value} as the bits of a u32, if it is below 2^32; {@code wanted} says so in the message. */
    static int u32(long value, String wanted, String token) throws ParseFailure {
        if (Long.compareUnsigned(value, U32_LIMIT) >= 0) {
            throw ParseFailure.expected(wanted, token);
        }
        return (int) value;
    }

    /** Any number: decimal digits, or {@code 0x}/{@code 0X} and hex digits; below 2^64. */
    static long parseNumber(String token, String role) throws ParseFailure {
        return parseNumber(token, role, token);
    }

    private static long parseNumber(String digits, String role, String token) throws ParseFailure {
        boolean hex = digits.startsWith("0x") || digits.startsWith("0X");
        int radix = hex ? 16 : 10;
        int from = hex ? 2 : 0;
        // No digit at all (an empty token, a bare 0x) is not a number.
        if (digits.length() == from || !allDigits(digits, from, radix)) {
            throw ParseFailure.expected(role + " (a number: decimal digits, or 0x and hex digits)", token);
        }
        return parseDigits(digits, from, radix, token);
    }

    private static long parseDigits(String digits, int from, int radix, String token) throws ParseFailure {
        try {
            // The digits are checked, so the only failure left is a value of 2^64 or more.
            return Long.parseUnsignedLong(digits, from, digits.length(), radix);
        } catch (NumberFormatException e) {
            throw ParseFailure.expected("a number below 2^64", token);
        }
    }

    private static boolean allDigits(String s, int from, int radix) {
        for (int i = from; i < s.length(); i++) {
            if (Character.digit(s.charAt(i), radix) < 0) {
                return false;
            }
        }
        return true;
    }

    private static int checkVcpuId(long id, String token) throws ParseFailure {
        if (Long.compareUnsigned(id, MAX_VCPU_ID) > 0) {
            throw ParseFailure.expected("a vCPU ID from 0 to 254", token);
        }
        return (int) id;
    }

    // ---- DATA --------------------------------------------------------------------------------

    /** A DATA token: pieces joined by {@code +}, 1 byte to 16 MiB once decoded. */
    static Data parseData(String token) throws ParseFailure {
        List<Data.Piece> pieces = new ArrayList<>();
        long total = 0;
        int start = 0;
        while (true) {
            int plus = token.indexOf('+', start);
            int end = plus < 0 ? token.length() : plus;
            Data.Piece piece = parsePiece(token.substring(start, end), token);
            total += piece.length();
            // Checked per piece, so the sum stays far from overflow whatever the token holds.
            if (total > Data.MAX_LENGTH) {
                throw ParseFailure.expected("DATA of at most 16 MiB (0x1000000 bytes)", token);
            }
            pieces.add(piece);
            if (plus < 0) {
                return Data.ofPieces(pieces);
            }
            start = plus + 1;
        }
    }

    private static Data.Piece parsePiece(String piece, String token) throws ParseFailure {
        if (piece.startsWith("fill:")) {
            return parseFill(piece, token);
        }
        if (piece.isEmpty() || piece.length() % 2 != 0 || !allDigits(piece, 0, 16)) {
            String found = piece.isEmpty() ? "an empty piece in " + token
                    : token.equals(piece) ? piece : piece + " in " + token;
            throw ParseFailure.expected(
                    "DATA (an even number of hex digits, or fill:BB*N, pieces joined by +)", found);
        }
        return new Data.Literal(java.util.HexFormat.of().parseHex(piece));
    }

    /** {@code fill:BB*N}: BB exactly two hex digits, N a number of at least 1. */
    private static Data.Piece parseFill(String piece, String token) throws ParseFailure {
        String shape = "fill:BB*N (BB two hex digits, N a number of at least 1)";
        if (piece.length() < 9 || piece.charAt(7) != '*' || !allDigits(piece.substring(5, 7), 0, 16)) {
            throw ParseFailure.expected(shape, piece);
        }
        byte value = (byte) Integer.parseInt(piece, 5, 7, 16);
        long count = parseNumber(piece.substring(8), "N of " + shape, piece);
        if (count == 0) {
            throw ParseFailure.expected(shape, piece);
        }
        if (Long.compareUnsigned(count, Data.MAX_LENGTH) > 0) {
            throw ParseFailure.expected("DATA of at most 16 MiB (0x1000000 bytes)", token);
        }
        return new Data.Fill(value, (int) count);
    }
}
