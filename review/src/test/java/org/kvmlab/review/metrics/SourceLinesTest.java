package org.kvmlab.review.metrics;

import static com.google.common.truth.Truth.assertThat;

import org.junit.jupiter.api.Test;
import org.kvmlab.review.FakeRepo;

/** Code lines: not blank, not only comment; literals are code. */
class SourceLinesTest {

    @Test
    void comments_blankLines_andLiterals() {
        String text = """
                package a;

                /**
                 * Javadoc.
                 */
                class A { // trailing comment
                    /* block */ int x = 1; /* more
                       still comment */
                    String s = "// not a comment";
                    char c = '"';
                    String t = \"""
                        text block /* not a comment */
                        \""";
                }
                """;
        boolean[] code = SourceLines.codeLines(text);
        assertThat(code[0]).isTrue();
        assertThat(code[1]).isFalse();
        assertThat(code[2]).isFalse();
        assertThat(code[3]).isFalse();
        assertThat(code[4]).isFalse();
        assertThat(code[5]).isTrue();
        assertThat(code[6]).isTrue();
        assertThat(code[7]).isFalse();
        assertThat(code[8]).isTrue();
        assertThat(code[9]).isTrue();
        assertThat(code[10]).isTrue();
        assertThat(code[11]).isTrue();
        assertThat(code[12]).isTrue();
        assertThat(code[13]).isTrue();
        assertThat(SourceLines.count(text)).isEqualTo(9);
    }

    @Test
    void escapedQuoteInAString_doesNotEndIt() {
        assertThat(SourceLines.count("String s = \"a\\\" /* b\";\nint y;\n")).isEqualTo(2);
    }

    @Test
    void fakeDesigns_countFileByFile() {
        SourceLines.Count copies = SourceLines.of(FakeRepo.copies());
        assertThat(copies.files().stream().map(f -> f.path() + "=" + f.codeLines()).toList())
                .containsExactly("arch/x86/X86Mem.java=21", "virt/kvm/Extra.java=4", "virt/kvm/Mem.java=20").inOrder();
        assertThat(copies.codeLines()).isEqualTo(45);
        assertThat(SourceLines.of(FakeRepo.tiny()).codeLines()).isEqualTo(25);
    }
}
