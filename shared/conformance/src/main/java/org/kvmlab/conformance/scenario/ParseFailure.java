package org.kvmlab.conformance.scenario;

/**
 * Why a line does not parse: the WHAT of {@code FILE:LINE: parse error: WHAT}. Checked, so that
 * every parsing step declares it and {@link ScenarioParser} turns each into a {@link ParseResult};
 * no stack trace, since it is a result, not a bug.
 */
final class ParseFailure extends Exception {
    ParseFailure(String what) {
        super(what, null, false, false);
    }

    /**
     * {@code expected WANTED, got FOUND}: the form every WHAT takes. FOUND is a token of the file,
     * quoted as {@link TokenQuote} does, so that a huge one keeps the message short.
     */
    static ParseFailure expected(String wanted, String found) {
        return new ParseFailure("expected " + wanted + ", got " + TokenQuote.of(found));
    }
}
