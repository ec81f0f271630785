package org.kvmlab.conformance.docs;

import static com.google.common.truth.Truth.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The citation scanner on small texts, against a specification made up for the test
 * ({@code SPEC.md}, {@code FORMAT.md}), so that the wrong citations below cannot be mistaken for
 * the repository's own; {@link DocReferencesTest} leaves this file out of its scan for that reason.
 */
class ReferencesTest {
    private static final Spec SPEC = Spec.of(List.of(
            Spec.parse("SPEC.md", """
                    # Spec
                    ## 1. One
                    ## 2. Two
                    ### Rule 1. First
                    ### Rule 2. Second
                    ## 3. Three
                    ```
                    ## 9. Inside a code block, no heading
                    ```
                    """),
            Spec.parse("FORMAT.md", """
                    ## 4. Walks
                    #### Rule 1. Canonical
                    ## 6. Differences
                    #### Rule 1. Declared
                    #### Rule 2. Cascade
                    """)));
    private static final References SCANNER = new References(Set.of("SPEC.md", "FORMAT.md"));

    /** What the scan of {@code text} (a Java or scenario file) finds wrong, one line each. */
    private static List<String> wrong(String text) {
        return wrong(text, false, null);
    }

    private static List<String> wrong(String text, boolean markdown, String self) {
        References.Scan scan = SCANNER.scan(text, markdown, self);
        List<String> wrong = new ArrayList<>();
        scan.problems().forEach(p -> wrong.add(p.line() + ": " + p.message()));
        for (References.Reference reference : scan.references()) {
            for (References.Target target : reference.targets()) {
                String why = SPEC.check(target);
                if (why != null) {
                    wrong.add(reference.line() + ": " + why);
                }
            }
        }
        return wrong;
    }

    private static List<References.Target> targets(String text) {
        List<References.Target> targets = new ArrayList<>();
        SCANNER.scan(text, false, null).references().forEach(r -> targets.addAll(r.targets()));
        return targets;
    }

    @Test
    void sectionAndRuleForms_nameTheirHeadings() {
        assertThat(targets("see SPEC.md section 2, rule 1 and SPEC.md 3"))
                .containsExactly(new References.Target("SPEC.md", "2", -1), new References.Target("SPEC.md", "2", 1),
                        new References.Target("SPEC.md", "3", -1)).inOrder();
        assertThat(targets("(SPEC.md's rules 1 and 2)")).containsExactly(
                new References.Target("SPEC.md", null, 1), new References.Target("SPEC.md", null, 2)).inOrder();
        assertThat(targets("SPEC.md sections 1 to 3")).hasSize(3);
        assertThat(targets("FORMAT.md 6, rules 1-2")).containsExactly(new References.Target("FORMAT.md", "6", -1),
                new References.Target("FORMAT.md", "6", 1), new References.Target("FORMAT.md", "6", 2)).inOrder();
        assertThat(wrong("SPEC.md 2 rule 2; FORMAT.md section 4, rule 1; `SPEC.md` section 1")).isEmpty();
    }

    @Test
    void aCitationWrappedAcrossCommentLines_isReadWhole() {
        assertThat(wrong("""
                /**
                 * As SPEC.md
                 * section 7 says.
                 */
                """)).containsExactly("2: SPEC.md has no section 7");
    }

    @Test
    void aCitationSplitAcrossConcatenatedStrings_isReadWhole() {
        assertThat(wrong("""
                String s = "as SPEC.md section"
                        + " 8 says";
                """)).containsExactly("1: SPEC.md has no section 8");
    }

    @Test
    void wrongNumbers_areNamedWithTheirLine() {
        assertThat(wrong("# ok: SPEC.md 1\n# not ok: SPEC.md section 4\n# nor: SPEC.md rule 3\n"))
                .containsExactly("2: SPEC.md has no section 4", "3: SPEC.md has no rule 3").inOrder();
        assertThat(wrong("SPEC.md 3, rule 1")).containsExactly("1: SPEC.md section 3 has no rule 1");
        assertThat(wrong("SPEC.md 9")).containsExactly("1: SPEC.md has no section 9");
    }

    @Test
    void aRuleNumberUsedInTwoSections_needsItsSection() {
        assertThat(wrong("FORMAT.md rule 1")).containsExactly(
                "1: FORMAT.md has a rule 1 in sections [4, 6]: name the section");
        assertThat(wrong("FORMAT.md rule 2")).isEmpty();
    }

    @Test
    void formsTheScannerCannotRead_fail() {
        assertThat(wrong("FORMAT.md 4 items 5 and 7")).hasSize(1);
        assertThat(wrong("FORMAT.md 4 items 5 and 7").getFirst()).contains("\"items\" is no kind of heading");
        assertThat(wrong("see SPEC.md part 2")).hasSize(1);
        assertThat(wrong("SPEC.md 2a")).hasSize(1);
        assertThat(wrong("SPEC.md 2a").getFirst()).contains("runs into letters");
    }

    @Test
    void aBareLocator_citesTheDocumentNamedBeforeIt_elseFails() {
        assertThat(wrong("SPEC.md section 2 has it, and rule 2 too")).isEmpty();
        assertThat(wrong("SPEC.md section 2 has it, and rule 5 too")).containsExactly("1: SPEC.md has no rule 5");
        assertThat(wrong("keeps rule 2 as well")).hasSize(1);
        assertThat(wrong("keeps rule 2 as well").getFirst()).contains("names no document");
        // A paragraph ends at a blank line: the document named above does not reach below it.
        assertThat(wrong("SPEC.md section 2\n\nrule 2\n")).hasSize(1);
    }

    @Test
    void aBareLocatorInADocument_citesThatDocument() {
        assertThat(wrong("as section 3 says; see rule 1", true, "SPEC.md")).isEmpty();
        assertThat(wrong("as section 5 says", true, "SPEC.md")).containsExactly("1: SPEC.md has no section 5");
        // Headings define, they do not cite.
        assertThat(wrong("#### Rule 1. Declared\n", true, "FORMAT.md")).isEmpty();
    }

    @Test
    void anotherDocumentsNumbering_saysWhoseItIs() {
        assertThat(wrong("Section 6 of the report has it")).isEmpty();
        assertThat(wrong("the report's section 7")).isEmpty();
        assertThat(wrong("// ---- Architecture rule 4: only Vcpu reads SMM state")).isEmpty();
    }

    @Test
    void aKitTag_citesADesignRule() {
        References scanner = new References(Set.of("DESIGN.md"));
        References.Scan scan = scanner.scan("@Tag(\"rule-7\")\n@DisplayName(\"rule 7: x\")\n", false, null);
        assertThat(scan.problems()).isEmpty();
        assertThat(scan.references()).hasSize(2);
        assertThat(scan.references().getFirst().targets()).containsExactly(new References.Target("DESIGN.md", null, 7));
    }

    @Test
    void proseThatOnlyLooksLikeACitation_isLeftAlone() {
        assertThat(wrong("SPEC.md section 1, rule by rule")).isEmpty();
        assertThat(wrong("SPEC.md 1: 509 by default")).isEmpty();
        assertThat(wrong("ArchUnit rules  4 KiB / limit")).isEmpty();
        assertThat(targets("SPEC.md section 2, 2^64 bytes")).containsExactly(new References.Target("SPEC.md", "2", -1));
    }

    @Test
    void aDuplicatedHeading_isAProblemOfTheSpecification() {
        Spec.Document doc = Spec.parse("X.md", "## 1. A\n### Rule 1. B\n### Rule 1. C\n## 1. D\n");
        assertThat(doc.problems()).containsExactly("X.md:3: rule 1 of section 1 is numbered twice",
                "X.md:4: section 1 is numbered twice").inOrder();
    }
}
