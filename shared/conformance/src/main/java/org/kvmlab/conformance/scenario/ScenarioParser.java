package org.kvmlab.conformance.scenario;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses a scenario file (SCENARIOS.md sections 1, 2 and 5) completely, static checks included,
 * before anything runs. Total: whatever the bytes, the answer is a {@link ParseResult}, never an
 * exception, and a rejection names the first line that breaks a rule.
 */
public final class ScenarioParser {
    private ScenarioParser() {}

    /**
     * Parses {@code bytes}, the whole file.
     *
     * @param file the file's label in messages
     */
    public static ParseResult parse(String file, byte[] bytes) {
        List<ScenarioLine> lines = new ArrayList<>();
        StaticChecks checks = new StaticChecks();
        int number = 0;
        for (int start = 0; start < bytes.length; ) {
            number++;
            int lf = indexOfLf(bytes, start);
            int end = lf < 0 ? bytes.length : lf;
            // Only a CR just before an LF ends a line; anywhere else, the last line included, a CR
            // is a byte like any other, which the lexer rejects outside comments. (lf > start: the
            // line has an LF, and a byte before it; -1, for no LF, is never above start.)
            if (lf > start && bytes[lf - 1] == '\r') {
                end = lf - 1;
            }
            try {
                List<String> tokens = LineLexer.tokens(bytes, start, end);
                if (!tokens.isEmpty()) {
                    ScenarioLine line = parseLine(number, tokens);
                    checks.check(line.command());
                    lines.add(line);
                }
            } catch (ParseFailure failure) {
                return new ParseResult.ParseError(file, number, failure.getMessage());
            }
            start = lf < 0 ? bytes.length : lf + 1;
        }
        return new ParseResult.Parsed(new Scenario(file, lines));
    }

    /** {@code COMMAND OPERAND... [=> EXPECTATION]}: {@code =>} a token of its own, at most once. */
    private static ScenarioLine parseLine(int number, List<String> tokens) throws ParseFailure {
        int arrow = -1;
        for (int i = 0; i < tokens.size(); i++) {
            String token = tokens.get(i);
            if (token.equals("=>")) {
                if (arrow >= 0) {
                    throw ParseFailure.expected("at most one =>", "a second =>");
                }
                arrow = i;
            } else if (token.contains("=>")) {
                throw ParseFailure.expected("=> as a token of its own, with blanks around it", token);
            }
        }
        List<String> operands = arrow < 0 ? tokens : tokens.subList(0, arrow);
        Command command = CommandParser.parse(new Operands(operands, arrow < 0 ? "end of line" : "=>"));
        String word = tokens.getFirst();
        Expectation expectation = arrow < 0
                ? ExpectationParser.implicit(command, word)
                : ExpectationParser.stated(command, word,
                        new Operands(tokens.subList(arrow + 1, tokens.size()), "end of line"));
        return new ScenarioLine(number, command, expectation);
    }

    private static int indexOfLf(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
