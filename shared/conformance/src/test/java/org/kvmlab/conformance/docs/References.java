package org.kvmlab.conformance.docs;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the citations of the specification in one file's text and says what each names.
 *
 * <p>A citation starts at a document's name ({@code DESIGN.md}) and goes on with locators:
 * {@code section N}, {@code sections N, M and K}, {@code sections N to M}, a bare number right
 * after the name ({@code DESIGN.md N}), {@code rule N} and {@code rules N and M}, in any
 * sequence ({@code DESIGN.md section N, rule M}, {@code DESIGN.md N rule M}), possessive or not
 * ({@code DESIGN.md's rule N}). A rule after a section is that section's rule; a rule with no
 * section must be the only rule of that number in its document. A kit tag {@code rule-N} cites
 * {@code DESIGN.md} rule N.
 *
 * <p>Citations may wrap across lines: the text is read per paragraph, comment markers
 * ({@code //}, {@code *}, {@code #}) stripped and string concatenations joined. A locator
 * without a document ({@code rule N}, {@code section N}) cites the document named last before it
 * in the same paragraph, or, in a file of {@code docs/}, that file; if there is none the scanner
 * reports it rather than guess. So does every form it cannot read: a locator kind it does not
 * know (an {@code item N} or a {@code part N} after a document's name) or a number that runs on
 * into letters. A locator that belongs to something else says so with a word the scanner knows
 * ({@link #FOREIGN_BEFORE}, {@link #FOREIGN_AFTER}).
 */
final class References {
    /**
     * What a citation names: a document, a section of it or not, and a rule or not.
     *
     * @param doc     {@code DESIGN.md}
     * @param section a section number such as {@code 5}, or null
     * @param rule    a rule number, or -1
     */
    record Target(String doc, String section, int rule) {}

    /**
     * One citation.
     *
     * @param line    the line it starts on, from 1
     * @param cited   its text, as written (lines joined)
     * @param targets what it names; a plain mention of a document names the document alone
     */
    record Reference(int line, String cited, List<Target> targets) {}

    /**
     * A citation the scanner cannot read, or one that names no document.
     *
     * @param line    the line it starts on
     * @param message what is wrong, quoting the text
     */
    record Problem(int line, String message) {}

    /** Every citation of one file, and every problem. */
    record Scan(List<Reference> references, List<Problem> problems) {}

    /** A word right before a bare locator that makes it someone else's: the report's own sections, an ArchUnit class's numbered rules. */
    static final Set<String> FOREIGN_BEFORE = Set.of("report's", "review's", "architecture");
    /** Words right after a bare locator that make it someone else's: {@code section 6 of the report}. */
    static final Pattern FOREIGN_AFTER = Pattern.compile("\\s+of\\s+the\\s+(report|review)\\b",
            Pattern.CASE_INSENSITIVE);

    private static final Pattern COMMENT_MARKER = Pattern.compile("^\\s*(?:/\\*\\*|/\\*|\\*/|\\*|//+|#+|<!--)?\\s?");
    private static final Pattern INLINE_CONCAT = Pattern.compile("\"\\s*\\+\\s*\"");
    private static final Pattern MARKDOWN_ITEM = Pattern.compile("^\\s*(?:\\||[-*+]\\s|\\d+\\.\\s)");
    private static final Pattern MARKDOWN_HEADING = Pattern.compile("^#{1,6}\\s");
    private static final Pattern TAG = Pattern.compile("(?<![\\w-])rule-(\\d+)(?![\\w-])");
    // One blank between word and number: "rules  4" in an aligned table header is no citation.
    private static final Pattern BARE = Pattern.compile("(?<![\\w-])(?:(?:sections?|rules?)\\s|§\\s?)(?=\\d)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern KEYWORD = Pattern.compile(
            "(?:(sections?|rules?|items?|parts?|chapters?|paragraphs?|appendix|appendices|tables?|steps?|points?"
                    + "|clauses?|figures?|lines?)\\b\\s*|(§)\\s*)(?=\\d)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern SEPARATOR = Pattern.compile("\\s*(?:[,;]\\s*)?(?:and\\s+)?");
    private static final Pattern NUMBER = Pattern.compile("\\d+(?:\\.\\d+)*");
    private static final Pattern LIST_JOIN = Pattern.compile("\\s*,\\s*(?:and\\s+)?|\\s+and\\s+|\\s+to\\s+|\\s*[-–]\\s*");
    private static final String DESIGN = "DESIGN.md";

    private final Pattern docName;

    /** A scanner for citations of the documents named {@code docs} ({@code DESIGN.md}, ...). */
    References(Set<String> docs) {
        StringBuilder names = new StringBuilder();
        for (String doc : docs) {
            names.append(names.isEmpty() ? "" : "|").append(Pattern.quote(doc));
        }
        this.docName = Pattern.compile("(?<![\\w.-])(" + names + ")(?![\\w-])");
    }

    /**
     * Scans one file.
     *
     * @param text     the file's text
     * @param markdown whether it is Markdown (list items and table rows are paragraphs of their own)
     * @param self     the document this file is, for a file of {@code docs/}, else null; its
     *                 headings are definitions, not citations, and a bare locator in it cites it
     */
    Scan scan(String text, boolean markdown, String self) {
        List<Reference> references = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        for (Paragraph paragraph : paragraphs(text, markdown, self != null)) {
            scanParagraph(paragraph, self, references, problems);
        }
        return new Scan(references, problems);
    }

    // ---- paragraphs --------------------------------------------------------------------------

    /** Lines joined into one text, with where each line starts in it. */
    private record Paragraph(String text, int[] starts, int[] lines) {
        int lineAt(int offset) {
            int i = 0;
            while (i + 1 < starts.length && starts[i + 1] <= offset) {
                i++;
            }
            return lines[i];
        }
    }

    private static List<Paragraph> paragraphs(String text, boolean markdown, boolean definitions) {
        List<Paragraph> paragraphs = new ArrayList<>();
        StringBuilder joined = new StringBuilder();
        List<int[]> starts = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int n = 0; n < lines.length; n++) {
            String raw = lines[n];
            boolean heading = markdown && MARKDOWN_HEADING.matcher(raw).find();
            String line = INLINE_CONCAT.matcher(COMMENT_MARKER.matcher(raw).replaceFirst("")).replaceAll("").strip();
            boolean item = markdown && MARKDOWN_ITEM.matcher(raw).find();
            if (line.isEmpty() || item || heading) {
                flush(joined, starts, paragraphs);
            }
            if (line.isEmpty() || heading && definitions) {
                continue;
            }
            if (!joined.isEmpty()) {
                // A string literal continued on the next line ("..." + "...") reads as one string.
                boolean closes = joined.charAt(joined.length() - 1) == '"' && line.matches("^\\+\\s*\".*");
                boolean opens = joined.toString().matches("(?s).*\"\\s*\\+$") && line.startsWith("\"");
                if (closes) {
                    joined.setLength(joined.length() - 1);
                    line = line.replaceFirst("^\\+\\s*\"", "");
                } else if (opens) {
                    joined.setLength(joined.toString().replaceFirst("\"\\s*\\+$", "").length());
                    line = line.substring(1);
                } else {
                    joined.append(' ');
                }
            }
            starts.add(new int[] {joined.length(), n + 1});
            joined.append(line);
        }
        flush(joined, starts, paragraphs);
        return paragraphs;
    }

    private static void flush(StringBuilder joined, List<int[]> starts, List<Paragraph> paragraphs) {
        if (!joined.isEmpty()) {
            int[] offsets = new int[starts.size()];
            int[] lines = new int[starts.size()];
            for (int i = 0; i < starts.size(); i++) {
                offsets[i] = starts.get(i)[0];
                lines[i] = starts.get(i)[1];
            }
            paragraphs.add(new Paragraph(joined.toString(), offsets, lines));
        }
        joined.setLength(0);
        starts.clear();
    }

    // ---- citations ---------------------------------------------------------------------------

    /** A document named at an offset of the paragraph. */
    private record Mention(int at, String doc) {}

    /** A locator: a kind and its numbers. */
    private record Locator(boolean rule, List<String> ids) {}

    /** Locators read from an offset, where reading stopped, and a problem if the text was unreadable. */
    private record Chain(List<Locator> locators, int end, String problem) {}

    private void scanParagraph(Paragraph p, String self, List<Reference> references, List<Problem> problems) {
        String text = p.text();
        BitSet consumed = new BitSet(text.length());
        List<Mention> mentions = new ArrayList<>();

        Matcher doc = docName.matcher(text);
        while (doc.find()) {
            int at = afterName(text, doc.end());
            Chain chain = chain(text, at, true);
            mentions.add(new Mention(doc.start(), doc.group(1)));
            consumed.set(doc.start(), chain.end());
            record(p, doc.start(), chain, doc.group(1), references, problems);
        }
        Matcher tag = TAG.matcher(text);
        while (tag.find()) {
            mentions.add(new Mention(tag.start(), DESIGN));
            references.add(new Reference(p.lineAt(tag.start()), tag.group(),
                    List.of(new Target(DESIGN, null, Integer.parseInt(tag.group(1))))));
        }
        mentions.sort((a, b) -> Integer.compare(a.at(), b.at()));

        Matcher bare = BARE.matcher(text);
        while (bare.find()) {
            if (consumed.get(bare.start())) {
                continue;
            }
            Chain chain = chain(text, bare.start(), false);
            consumed.set(bare.start(), Math.max(chain.end(), bare.end()));
            if (isForeign(text, bare.start(), chain.end())) {
                continue;
            }
            String cited = owner(mentions, bare.start(), self);
            if (cited == null) {
                problems.add(new Problem(p.lineAt(bare.start()), "\"" + text.substring(bare.start(), chain.end())
                        + "\" names no document: write DESIGN.md or SCENARIOS.md before it (or, if it is"
                        + " another document's, say whose)"));
                continue;
            }
            record(p, bare.start(), chain, cited, references, problems);
        }
    }

    private void record(Paragraph p, int start, Chain chain, String doc, List<Reference> references,
                        List<Problem> problems) {
        String cited = p.text().substring(start, chain.end()).strip();
        if (chain.problem() != null) {
            problems.add(new Problem(p.lineAt(start), "cannot read \"" + cited + "\": " + chain.problem()));
            return;
        }
        references.add(new Reference(p.lineAt(start), cited, targets(doc, chain.locators())));
    }

    /** The document a bare locator at {@code at} cites: the last one named before it, else the file itself. */
    private static String owner(List<Mention> mentions, int at, String self) {
        String owner = self;
        for (Mention mention : mentions) {
            if (mention.at() < at) {
                owner = mention.doc();
            }
        }
        return owner;
    }

    private static boolean isForeign(String text, int start, int end) {
        String before = text.substring(0, start).stripTrailing();
        int space = before.lastIndexOf(' ');
        String word = before.substring(space + 1).toLowerCase(Locale.ROOT).replaceAll("^[(\"`]+", "");
        return FOREIGN_BEFORE.contains(word) || FOREIGN_AFTER.matcher(text).region(end, text.length()).lookingAt();
    }

    /** Skips what may close a document's name: Markdown's code and emphasis marks, a quote, {@code 's}. */
    private static int afterName(String text, int at) {
        while (at < text.length() && "`*_\"".indexOf(text.charAt(at)) >= 0) {
            at++;
        }
        if (text.startsWith("'s", at)) {
            at += 2;
        }
        return at;
    }

    /**
     * Reads locators from {@code at}. Right after a document's name a bare number is a section
     * ({@code DESIGN.md 5}); after that, and anywhere else, a locator needs its keyword.
     */
    private static Chain chain(String text, int at, boolean afterDocName) {
        List<Locator> locators = new ArrayList<>();
        int end = at;
        while (true) {
            Matcher separator = SEPARATOR.matcher(text).region(end, text.length());
            int from = separator.lookingAt() ? separator.end() : end;
            Matcher keyword = KEYWORD.matcher(text).region(from, text.length());
            boolean rule;
            int numbersAt;
            if (keyword.lookingAt()) {
                String word = keyword.group(1) == null ? "§" : keyword.group(1).toLowerCase(Locale.ROOT);
                if (!word.startsWith("section") && !word.startsWith("rule") && !word.equals("§")) {
                    int stop = numbersEnd(text, keyword.end());
                    return new Chain(locators, stop, "\"" + word + "\" is no kind of heading the specification"
                            + " has: cite a section or a rule");
                }
                rule = word.startsWith("rule");
                numbersAt = keyword.end();
            } else if (afterDocName && locators.isEmpty() && text.substring(end, from).isBlank()
                    && NUMBER.matcher(text).region(from, text.length()).lookingAt()) {
                rule = false;
                numbersAt = from;
            } else {
                return new Chain(locators, end, null);
            }
            List<String> ids = new ArrayList<>();
            int stop = numbers(text, numbersAt, ids);
            if (ids.isEmpty()) {
                return new Chain(locators, numbersEnd(text, numbersAt),
                        "a number runs into letters or symbols; cite sections and rules by their numbers");
            }
            if (rule) {
                for (String id : ids) {
                    if (!id.matches("\\d+")) {
                        return new Chain(locators, stop, "rule " + id + ": rules are numbered 1, 2, 3, ...");
                    }
                }
            }
            locators.add(new Locator(rule, ids));
            end = stop;
        }
    }

    /**
     * Reads a list of numbers ({@code 1, 2 and 5}, {@code 2 to 4}, {@code 3-4}) into {@code ids},
     * ranges expanded; returns where the list ends. A number that runs into a letter, digit or
     * symbol ends the list before it, or, as the first number, leaves {@code ids} empty.
     */
    private static int numbers(String text, int at, List<String> ids) {
        int end = at;
        boolean range = false;
        boolean first = true;
        while (true) {
            int from = end;
            if (!first) {
                Matcher join = LIST_JOIN.matcher(text).region(end, text.length());
                if (!join.lookingAt()) {
                    return end;
                }
                range = join.group().contains("to") || join.group().contains("-") || join.group().contains("–");
                from = join.end();
            }
            Matcher number = NUMBER.matcher(text).region(from, text.length());
            if (!number.lookingAt() || runsOn(text, number.end())) {
                return end;
            }
            String id = number.group();
            if (range && id.matches("\\d+") && ids.getLast().matches("\\d+")) {
                for (int i = Integer.parseInt(ids.getLast()) + 1; i <= Integer.parseInt(id); i++) {
                    ids.add(Integer.toString(i));
                }
            } else {
                ids.add(id);
            }
            end = number.end();
            first = false;
        }
    }

    /** Whether a number ending at {@code end} runs on into something that makes it no number ({@code 5a}, {@code 2^64}). */
    private static boolean runsOn(String text, int end) {
        if (end >= text.length()) {
            return false;
        }
        char c = text.charAt(end);
        return Character.isLetterOrDigit(c) || c == '_' || c == '^' || c == '*'
                || c == '.' && end + 1 < text.length() && Character.isLetterOrDigit(text.charAt(end + 1));
    }

    private static int numbersEnd(String text, int at) {
        int end = at;
        while (end < text.length() && !Character.isWhitespace(text.charAt(end)) && text.charAt(end) != ','
                && text.charAt(end) != ')' && text.charAt(end) != ';') {
            end++;
        }
        return end;
    }

    private static List<Target> targets(String doc, List<Locator> locators) {
        List<Target> targets = new ArrayList<>();
        String section = null;
        for (Locator locator : locators) {
            for (String id : locator.ids()) {
                targets.add(locator.rule() ? new Target(doc, section, Integer.parseInt(id)) : new Target(doc, id, -1));
            }
            if (!locator.rule()) {
                section = locator.ids().size() == 1 ? locator.ids().getFirst() : null;
            }
        }
        return targets.isEmpty() ? List.of(new Target(doc, null, -1)) : targets;
    }
}
