package org.kvmlab.conformance.docs;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The specification in {@code docs/} is the one the repository cites: every citation of
 * {@code DESIGN.md} or {@code SCENARIOS.md} (a section, a rule, a kit tag {@code rule-N}) in
 * every source, test, scenario file, script, POM and document names a heading that exists, and
 * nothing points at documents outside the repository. A failure names file and line.
 */
class DocReferencesTest {
    /**
     * Text that points outside the repository: the folder the specification was drafted in, its
     * research notes, or the machine's own paths. Spelled as patterns so that this file does not
     * match itself.
     */
    private static final Pattern OUTSIDE = Pattern.compile(
            "\\.\\./shared|beside\\s+this\\s+repository|research\\s+brief|(?<![\\w.])/work(?=/)",
            Pattern.CASE_INSENSITIVE);

    /** The scanner's own tests, which hold wrong citations on purpose. */
    private static final Path FIXTURES = Path.of(
            "shared/conformance/src/test/java/org/kvmlab/conformance/docs/ReferencesTest.java");

    private static Path root;
    private static Spec spec;
    private static References scanner;
    private static List<Path> files;

    @BeforeAll
    static void readRepository() {
        root = Repository.root();
        Path docs = root.resolve("docs");
        for (String required : Spec.REQUIRED) {
            assertWithMessage("docs/%s exists (code and scenario files cite it)", required)
                    .that(Files.isRegularFile(docs.resolve(required))).isTrue();
        }
        spec = Spec.read(docs);
        Set<String> names = new LinkedHashSet<>(Spec.REQUIRED);
        names.addAll(spec.names());
        scanner = new References(names);
        files = Repository.textFiles(root);
    }

    @Test
    void everyCitation_namesAnExistingHeading() throws IOException {
        List<String> wrong = new ArrayList<>();
        int citations = 0;
        for (Path file : files) {
            if (file.equals(FIXTURES)) {
                continue;
            }
            String name = file.getFileName().toString();
            boolean markdown = name.endsWith(".md");
            String self = file.getParent() != null && file.getParent().equals(Path.of("docs")) && markdown ? name : null;
            References.Scan scan = scanner.scan(read(file), markdown, self);
            for (References.Problem problem : scan.problems()) {
                wrong.add(file + ":" + problem.line() + ": " + problem.message());
            }
            for (References.Reference reference : scan.references()) {
                citations++;
                for (References.Target target : reference.targets()) {
                    String why = spec.check(target);
                    if (why != null) {
                        wrong.add(file + ":" + reference.line() + ": \"" + reference.cited() + "\": " + why);
                    }
                }
            }
        }
        assertWithMessage("citations that name no heading of docs/ (fix the citation, or the heading)")
                .that(wrong).isEmpty();
        // The scanner must see the citations the repository is known to hold; if it found only a
        // handful, it would be blind, not the repository clean.
        assertThat(citations).isAtLeast(150);
    }

    @Test
    void theSpecificationsNumbering_isWellFormed() {
        List<String> problems = new ArrayList<>();
        for (Spec.Document document : spec.documents()) {
            problems.addAll(document.problems());
        }
        assertThat(problems).isEmpty();
        assertThat(spec.check(new References.Target("DESIGN.md", "5", 3))).isNull();
        assertThat(spec.check(new References.Target("SCENARIOS.md", "6", 2))).isNull();
    }

    @Test
    void nothingPointsOutsideTheRepository() throws IOException {
        List<String> outside = new ArrayList<>();
        for (Path file : files) {
            if (file.equals(FIXTURES)) {
                continue;
            }
            String[] lines = read(file).split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                if (OUTSIDE.matcher(lines[i]).find()) {
                    outside.add(file + ":" + (i + 1) + ": " + lines[i].strip());
                }
            }
        }
        assertWithMessage("lines that point outside the repository (cite docs/ instead)").that(outside).isEmpty();
    }

    private static String read(Path file) throws IOException {
        return new String(Files.readAllBytes(root.resolve(file)), StandardCharsets.UTF_8);
    }
}
