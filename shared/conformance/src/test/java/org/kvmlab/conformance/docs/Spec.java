package org.kvmlab.conformance.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The headings of the specification in {@code docs/}: per document, its numbered sections
 * ({@code ## 5. Semantics}, {@code ### 2.1 ...}) and the rules inside each top-level section
 * ({@code ### Rule N. Title}). It answers whether a citation names a heading.
 */
final class Spec {
    /** The documents every checkout must have, because code and scenario files cite them. */
    static final List<String> REQUIRED = List.of("DESIGN.md", "SCENARIOS.md");

    private static final Pattern FENCE = Pattern.compile("^\\s*(```|~~~)");
    private static final Pattern SECTION = Pattern.compile("^(#{2,6})\\s+(\\d+(?:\\.\\d+)*)\\.?\\s+\\S.*$");
    private static final Pattern RULE = Pattern.compile("^#{3,6}\\s+Rule\\s+(\\d+)\\.\\s+\\S.*$");

    /**
     * One document's numbered headings.
     *
     * @param name     its file name, {@code DESIGN.md}
     * @param sections the section numbers, in order
     * @param rules    per top-level section number, the rule numbers under it
     * @param problems headings that break the numbering (a number used twice, a rule outside a
     *                 numbered section)
     */
    record Document(String name, Set<String> sections, Map<String, Set<Integer>> rules, List<String> problems) {}

    private final Map<String, Document> documents;

    private Spec(Map<String, Document> documents) {
        this.documents = documents;
    }

    /** The specification made of {@code documents}. */
    static Spec of(List<Document> documents) {
        Map<String, Document> byName = new LinkedHashMap<>();
        documents.forEach(d -> byName.put(d.name(), d));
        return new Spec(byName);
    }

    /** Reads every {@code *.md} file of {@code docs}. */
    static Spec read(Path docs) {
        Map<String, Document> documents = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(docs)) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                if (name.endsWith(".md") && Files.isRegularFile(file)) {
                    documents.put(name, parse(name, Files.readString(file, StandardCharsets.UTF_8)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Spec(documents);
    }

    /** The headings of one document, {@code text} being its Markdown. */
    static Document parse(String name, String text) {
        Set<String> sections = new LinkedHashSet<>();
        Map<String, Set<Integer>> rules = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        String top = null;
        boolean fenced = false;
        int number = 0;
        for (String line : text.split("\n", -1)) {
            number++;
            if (FENCE.matcher(line).find()) {
                fenced = !fenced;
                continue;
            }
            if (fenced) {
                continue;
            }
            Matcher section = SECTION.matcher(line);
            Matcher rule = RULE.matcher(line);
            if (section.matches()) {
                String id = section.group(2);
                if (!sections.add(id)) {
                    problems.add(name + ":" + number + ": section " + id + " is numbered twice");
                }
                if (section.group(1).length() == 2) {
                    top = id;
                }
            } else if (line.startsWith("## ")) {
                top = null;
            } else if (rule.matches()) {
                int id = Integer.parseInt(rule.group(1));
                if (top == null) {
                    problems.add(name + ":" + number + ": rule " + id + " is outside a numbered section");
                } else if (!rules.computeIfAbsent(top, _ -> new LinkedHashSet<>()).add(id)) {
                    problems.add(name + ":" + number + ": rule " + id + " of section " + top + " is numbered twice");
                }
            }
        }
        return new Document(name, sections, rules, problems);
    }

    /** The document names, {@code DESIGN.md} and so on. */
    Set<String> names() {
        return documents.keySet();
    }

    /** Every document. */
    Iterable<Document> documents() {
        return documents.values();
    }

    /** Whether {@code docs/} holds a document of that name. */
    boolean has(String name) {
        return documents.containsKey(name);
    }

    /**
     * Why {@code target} names no heading, or null when it does.
     */
    String check(References.Target target) {
        Document document = documents.get(target.doc());
        if (document == null) {
            return target.doc() + " is not in docs/";
        }
        String section = target.section();
        if (section != null && !document.sections().contains(section)) {
            return target.doc() + " has no section " + section;
        }
        if (target.rule() < 0) {
            return null;
        }
        if (section != null) {
            Set<Integer> rules = document.rules().getOrDefault(section, Set.of());
            return rules.contains(target.rule()) ? null
                    : target.doc() + " section " + section + " has no rule " + target.rule();
        }
        List<String> holding = new ArrayList<>();
        document.rules().forEach((s, r) -> {
            if (r.contains(target.rule())) {
                holding.add(s);
            }
        });
        return switch (holding.size()) {
            case 0 -> target.doc() + " has no rule " + target.rule();
            case 1 -> null;
            default -> target.doc() + " has a rule " + target.rule() + " in sections " + holding
                    + ": name the section";
        };
    }
}
