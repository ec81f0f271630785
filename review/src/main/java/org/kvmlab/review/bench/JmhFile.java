package org.kvmlab.review.bench;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.kvmlab.bench.verdict.JmhJson;
import org.kvmlab.bench.verdict.Measurement;
import org.kvmlab.conformance.scenario.TokenQuote;

/**
 * A JMH JSON result file as the review takes it ({@code --bench-results}, or the bench's own
 * output), refused unless it is what it claims: JSON that the bench's reader ({@link JmhJson})
 * takes as JMH's result format, with at least one record, at least one of them a benchmark of this
 * project's bench ({@value #BENCH_PACKAGE}*). Every refusal is one line that names the file:
 * Jackson's syntax errors are put on one line with their position, and a token a message quotes is
 * cut as {@link TokenQuote} does.
 */
public final class JmhFile {
    /** The package of the bench's benchmarks: a record of another package is not ours. */
    public static final String BENCH_PACKAGE = "org.kvmlab.bench.";

    private static final Pattern UNRECOGNIZED = Pattern.compile("^Unrecognized token '(.*?)(\\.\\.\\.)?': ");
    private static final Pattern EMBEDDED_SOURCE = Pattern.compile("\\[Source: [^;\\]]*; ");

    private JmhFile() {}

    /** A file that is not JMH output, or not one the review can use; the message is one line. */
    public static final class NotJmhOutput extends Exception {
        NotJmhOutput(String message) {
            super(message, null, false, false);
        }
    }

    /** The measurements of {@code file}, checked as the class says. */
    public static List<Measurement> read(Path file) throws NotJmhOutput {
        JsonNode root;
        try (InputStream in = Files.newInputStream(file)) {
            root = new ObjectMapper().readTree(in);
        } catch (JsonProcessingException e) {
            throw new NotJmhOutput(file + ": not valid JSON: " + describe(e, file));
        } catch (NoSuchFileException e) {
            throw new NotJmhOutput(file + ": no such file");
        } catch (IOException e) {
            throw new NotJmhOutput(file + ": cannot be read: " + e.getMessage());
        }
        if (root == null || root.isMissingNode()) {
            throw new NotJmhOutput(file + ": not JMH output: the file is empty");
        }
        List<Measurement> measurements;
        try {
            measurements = JmhJson.read(file);
        } catch (IOException e) {
            String why = e.getMessage().lines().findFirst().orElse("").replace("not a JMH JSON result file: ", "");
            throw new NotJmhOutput(file + ": not JMH output: " + why);
        }
        if (measurements.isEmpty()) {
            throw new NotJmhOutput(file + ": not JMH output: no benchmark records (an empty list)");
        }
        for (JsonNode record : root) {
            if (record.path("benchmark").asText("").startsWith(BENCH_PACKAGE)) {
                return measurements;
            }
        }
        throw new NotJmhOutput(file + ": none of its " + root.size() + " records is a benchmark of this project's "
                + "bench (" + BENCH_PACKAGE + "*); the first is " + TokenQuote.of(root.get(0).path("benchmark").asText()));
    }

    /**
     * Jackson's complaint on one line: its first line, without the source descriptions it embeds,
     * with the position, and an unrecognised token quoted as {@link TokenQuote} does, with its
     * real length (Jackson quotes at most 256 characters of it and reports the position where it
     * stopped).
     */
    static String describe(JsonProcessingException e, Path file) {
        String what = e.getOriginalMessage().lines().findFirst().orElse("").strip();
        what = EMBEDDED_SOURCE.matcher(what).replaceAll("[");
        JsonLocation at = e.getLocation();
        Matcher token = UNRECOGNIZED.matcher(what);
        long offset = at == null ? -1 : at.getCharOffset() >= 0 ? at.getCharOffset() : at.getByteOffset();
        if (token.find() && offset >= 0) {
            String prefix = token.group(1);
            long length = tokenLength(file, offset - prefix.length(), prefix.length());
            what = "unrecognized token '" + TokenQuote.of(prefix, length) + "'" + what.substring(token.end() - 2);
        } else if (what.length() > 2 * TokenQuote.LIMIT + 40) {
            what = what.substring(0, 2 * TokenQuote.LIMIT + 40) + "...";
        }
        String position = at == null || at.getLineNr() < 0 ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ";
        return position + what;
    }

    /** How many characters the token starting at character {@code start} has (at least {@code known}). */
    private static long tokenLength(Path file, long start, long known) {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            if (start < 0 || in.skip(start) != start) {
                return known;
            }
            long length = 0;
            int c;
            while ((c = in.read()) >= 0 && !Character.isWhitespace(c) && ",:[]{}\"".indexOf(c) < 0) {
                length++;
            }
            return Math.max(length, known);
        } catch (IOException e) {
            return known;
        }
    }
}
