package org.kvmlab.conformance.scenario;

/**
 * How an error message quotes what it found: a token of up to {@value #LIMIT} characters whole,
 * a longer one as its first {@value #LIMIT} characters and its length, so that one line stays one
 * line however large the input (a 200 MB DATA token, a JMH file of one huge word).
 */
public final class TokenQuote {
    /** The most characters of a token a message quotes. */
    public static final int LIMIT = 80;

    private TokenQuote() {}

    /** {@code token}, or its first {@value #LIMIT} characters followed by {@code ... (N characters)}. */
    public static String of(String token) {
        return of(token, token.length());
    }

    /**
     * A token known by a prefix and its full length (the prefix may be all of it): the prefix if
     * the token has at most {@value #LIMIT} characters, else its first {@value #LIMIT} characters
     * and the length.
     */
    public static String of(String prefix, long length) {
        if (length <= LIMIT && prefix.length() == length) {
            return prefix;
        }
        return prefix.substring(0, (int) Math.min(LIMIT, prefix.length())) + "... (" + length + " characters)";
    }
}
