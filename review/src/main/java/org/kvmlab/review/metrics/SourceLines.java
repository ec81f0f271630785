package org.kvmlab.review.metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.kvmlab.review.design.Design;
import org.kvmlab.review.design.Designs;

/**
 * Non-comment, non-blank lines of Java source: a line counts when some character of it lies
 * outside every comment and is not white space. String and character literals and text blocks
 * are code (a {@code //} inside a string is no comment); a line that holds only part of a block
 * comment, or only a brace, counts as the brace does: code.
 */
public final class SourceLines {
    private SourceLines() {}

    /** For each line of {@code text} (index 0 is line 1), whether it is a code line. */
    public static boolean[] codeLines(String text) {
        String[] lines = text.split("\n", -1);
        boolean[] code = new boolean[lines.length];
        int line = 0;
        State state = State.CODE;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            char next = i + 1 < text.length() ? text.charAt(i + 1) : '\0';
            if (c == '\n') {
                line++;
                if (state == State.LINE_COMMENT) {
                    state = State.CODE;
                }
                continue;
            }
            switch (state) {
                case CODE -> {
                    if (c == '/' && next == '/') {
                        state = State.LINE_COMMENT;
                        i++;
                    } else if (c == '/' && next == '*') {
                        state = State.BLOCK_COMMENT;
                        i++;
                    } else if (c == '"' && text.startsWith("\"\"\"", i)) {
                        state = State.TEXT_BLOCK;
                        code[line] = true;
                        i += 2;
                    } else if (c == '"') {
                        state = State.STRING;
                        code[line] = true;
                    } else if (c == '\'') {
                        state = State.CHAR;
                        code[line] = true;
                    } else if (!Character.isWhitespace(c)) {
                        code[line] = true;
                    }
                }
                case LINE_COMMENT -> { }
                case BLOCK_COMMENT -> {
                    if (c == '*' && next == '/') {
                        state = State.CODE;
                        i++;
                    }
                }
                case STRING, CHAR -> {
                    code[line] = true;
                    if (c == '\\') {
                        i++;
                    } else if (c == (state == State.STRING ? '"' : '\'')) {
                        state = State.CODE;
                    }
                }
                case TEXT_BLOCK -> {
                    if (!Character.isWhitespace(c)) {
                        code[line] = true;
                    }
                    if (c == '\\') {
                        i++;
                    } else if (text.startsWith("\"\"\"", i)) {
                        state = State.CODE;
                        i += 2;
                    }
                }
            }
        }
        return code;
    }

    /** How many code lines {@code text} has. */
    public static int count(String text) {
        int n = 0;
        for (boolean b : codeLines(text)) {
            if (b) {
                n++;
            }
        }
        return n;
    }

    /** One source file's count. */
    public record FileCount(String path, int codeLines, int allLines) {}

    /** A design's count: its main sources, file by file. */
    public record Count(String design, int codeLines, int allLines, List<FileCount> files) {}

    /** Counts every main source file of {@code design}. */
    public static Count of(Design design) {
        Path root = design.sourceRoot();
        List<FileCount> files = Designs.javaFiles(root).stream().map(p -> {
            String text = read(p);
            return new FileCount(Designs.relative(root, p), count(text), (int) text.lines().count());
        }).toList();
        return new Count(design.name(), files.stream().mapToInt(FileCount::codeLines).sum(),
                files.stream().mapToInt(FileCount::allLines).sum(), files);
    }

    static String read(Path path) {
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private enum State { CODE, LINE_COMMENT, BLOCK_COMMENT, STRING, CHAR, TEXT_BLOCK }
}
