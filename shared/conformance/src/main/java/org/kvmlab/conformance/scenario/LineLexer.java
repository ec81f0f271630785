package org.kvmlab.conformance.scenario;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one line of a file into tokens (SCENARIOS.md section 1): a {@code #} starts a comment
 * whose bytes are not looked at; outside it only printable ASCII, spaces and tabs may appear;
 * tokens are separated by runs of spaces and tabs.
 */
final class LineLexer {
    private LineLexer() {}

    /**
     * The tokens of {@code bytes[start, end)}, a line without its LF (and without the CR before
     * that LF); empty for a blank or comment-only line.
     */
    static List<String> tokens(byte[] bytes, int start, int end) throws ParseFailure {
        List<String> tokens = new ArrayList<>();
        int tokenStart = -1;
        for (int i = start; i < end; i++) {
            int b = bytes[i] & 0xff;
            if (b == '#') {
                end = i;
                break;
            }
            if (b == ' ' || b == '\t') {
                if (tokenStart >= 0) {
                    tokens.add(ascii(bytes, tokenStart, i));
                    tokenStart = -1;
                }
            } else if (b >= 0x21 && b <= 0x7e) {
                if (tokenStart < 0) {
                    tokenStart = i;
                }
            } else {
                throw ParseFailure.expected("printable ASCII, a space or a tab outside a comment",
                        describeByte(b) + " at column " + (i - start + 1));
            }
        }
        if (tokenStart >= 0) {
            tokens.add(ascii(bytes, tokenStart, end));
        }
        return tokens;
    }

    private static String describeByte(int b) {
        return switch (b) {
            case '\r' -> "a CR (0x0d) not followed by LF";
            default -> String.format("byte 0x%02x", b);
        };
    }

    private static String ascii(byte[] bytes, int from, int to) {
        return new String(bytes, from, to - from, java.nio.charset.StandardCharsets.US_ASCII);
    }
}
