package org.kvmlab.conformance.scenario;

/** What parsing a file gives: the scenario, or the first parse error. */
public sealed interface ParseResult {

    /** The file parsed and passed its static checks. */
    record Parsed(Scenario scenario) implements ParseResult {}

    /**
     * The first line of the file that does not parse.
     *
     * @param file the file's label
     * @param line the line number, from 1
     * @param what what was expected there, and what was found
     */
    record ParseError(String file, int line, String what) implements ParseResult {
        /** The line the runner prints: {@code FILE:LINE: parse error: WHAT}. */
        public String message() {
            return file + ":" + line + ": parse error: " + what;
        }
    }
}
