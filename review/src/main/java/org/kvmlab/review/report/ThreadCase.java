package org.kvmlab.review.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.kvmlab.spi.DesignModule;

/**
 * A design's case in the 2015 thread, as its own module states it in {@code thread-case.txt}
 * beside its {@link DesignModule}: what the thread said of the design, then each claim for or
 * against it with the measure that judges it. The review keeps only the measures
 * ({@link Argument}); the words are the design's.
 *
 * <p>The file, line by line: {@code #} starts a comment line; {@code thread: TEXT} is what the
 * thread said; {@code for MEASURE [ARGUMENT]: CLAIM} and {@code against MEASURE [ARGUMENT]: CLAIM}
 * are the points, in the order the report shows them; a line that starts with white space
 * continues the entry above it, joined with one space.
 *
 * @param thread what the thread said of the design
 * @param claims its points, in order
 */
public record ThreadCase(String thread, List<Claim> claims) {
    /** What the report says of a design the file of which is missing. */
    public static final ThreadCase NOT_IN_THE_THREAD = new ThreadCase("This design does not appear in the 2015 thread;"
            + " its figures are in the sections above and the comparison below.", List.of());

    /** The file's name beside the design's module class. */
    public static final String FILE = "thread-case.txt";

    private static final Pattern POINT = Pattern.compile("(for|against) ([a-z0-9-]+)(?: ([a-z0-9-]+))?: (.+)");

    public ThreadCase {
        claims = List.copyOf(claims);
    }

    /**
     * One claim of the thread about the design.
     *
     * @param side     {@code for} or {@code against} the design
     * @param measure  the review's measure that judges it
     * @param argument the measure's argument (another design to compare with), or null
     * @param text     the claim, in the design's words
     */
    public record Claim(String side, String measure, String argument, String text) {}

    /** The case {@code design} states, or {@link #NOT_IN_THE_THREAD} when its module has no file. */
    public static ThreadCase of(DesignModule design) {
        URL url = design.threadCase();
        if (url == null) {
            return NOT_IN_THE_THREAD;
        }
        try (InputStream in = url.openStream()) {
            return parse(design.name() + "'s " + FILE, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + url, e);
        }
    }

    /**
     * Parses a case.
     *
     * @param source what to call the file in an error
     * @throws IllegalArgumentException {@code SOURCE:LINE: what was expected}
     */
    public static ThreadCase parse(String source, String text) {
        String thread = null;
        List<String[]> entries = new ArrayList<>();
        List<Integer> lineOf = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].stripTrailing();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (Character.isWhitespace(line.charAt(0))) {
                if (entries.isEmpty()) {
                    throw new IllegalArgumentException(source + ":" + (i + 1) + ": an indented line continues an"
                            + " entry, but none came before it");
                }
                String[] last = entries.getLast();
                last[1] = last[1] + " " + line.strip();
                continue;
            }
            int colon = line.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException(source + ":" + (i + 1) + ": expected \"thread: TEXT\","
                        + " \"for MEASURE: CLAIM\" or \"against MEASURE: CLAIM\"");
            }
            entries.add(new String[] {line.substring(0, colon), line.substring(colon + 1).strip()});
            lineOf.add(i + 1);
        }
        List<Claim> claims = new ArrayList<>();
        for (int e = 0; e < entries.size(); e++) {
            String head = entries.get(e)[0];
            String body = entries.get(e)[1];
            int line = lineOf.get(e);
            if (body.isEmpty()) {
                throw new IllegalArgumentException(source + ":" + line + ": expected text after \"" + head + ":\"");
            }
            if (head.equals("thread")) {
                if (thread != null) {
                    throw new IllegalArgumentException(source + ":" + line + ": a second \"thread:\"; expected one");
                }
                thread = body;
                continue;
            }
            Matcher m = POINT.matcher(head + ": " + body);
            if (!m.matches()) {
                throw new IllegalArgumentException(source + ":" + line + ": expected \"for MEASURE: CLAIM\" or"
                        + " \"against MEASURE: CLAIM\" (MEASURE in lower case with dashes), got \"" + head + ":\"");
            }
            claims.add(new Claim(m.group(1), m.group(2), m.group(3), m.group(4)));
        }
        if (thread == null) {
            throw new IllegalArgumentException(source + ":1: expected a \"thread:\" entry, what the thread said");
        }
        return new ThreadCase(thread, claims);
    }
}
