package org.kvmlab.review.changes;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Patches as git writes them: read, applied where their context has moved, refused where it is gone. */
class UnifiedDiffTest {
    private static final List<String> PATCH = """
            Title: a change
            Linux: 9.9

            diff --git a/m/src/A.java b/m/src/A.java
            index 1111111..2222222 100644
            --- a/m/src/A.java
            +++ b/m/src/A.java
            @@ -2,3 +2,4 @@ class A {
                 int a() {
            -        return 1;
            +        int x = 1;
            +        return x;
                 }
            diff --git a/m/src/B.java b/m/src/B.java
            new file mode 100644
            index 0000000..3333333
            --- /dev/null
            +++ b/m/src/B.java
            @@ -0,0 +1,2 @@
            +class B {
            +}
            """.lines().toList();

    @TempDir
    Path dir;

    private PatchedTree tree() throws IOException {
        Path src = dir.resolve("repo/m/src");
        Files.createDirectories(src);
        Files.writeString(src.resolve("A.java"), "// moved down by a line\nclass A {\n    int a() {\n        return 1;\n    }\n}\n");
        return PatchedTree.copy(dir.resolve("repo"), dir.resolve("work"), List.of("m"));
    }

    @Test
    void gitDiff_readsHeaderAndFiles() {
        UnifiedDiff diff = UnifiedDiff.parse("p", PATCH);
        assertThat(diff.headerValue("Title")).isEqualTo("a change");
        assertThat(diff.headerValue("Linux")).isEqualTo("9.9");
        assertThat(diff.files()).hasSize(2);
        assertThat(diff.files().get(0).path()).isEqualTo("m/src/A.java");
        assertThat(diff.files().get(1).creates()).isTrue();
    }

    @Test
    void hunks_applyWhereTheirContextMoved_andNewFilesAreCreated() throws Exception {
        PatchedTree tree = tree();
        tree.apply("p", UnifiedDiff.parse("p", PATCH));
        assertThat(Files.readString(tree.resolve("m/src/A.java"))).contains("int x = 1;\n        return x;");
        assertThat(Files.readString(tree.resolve("m/src/B.java"))).isEqualTo("class B {\n}\n");
        assertThat(Files.readString(dir.resolve("repo/m/src/A.java"))).doesNotContain("int x");
    }

    @Test
    void aHunkWhoseLinesAreGone_isRefusedNamingFileAndHunk() throws Exception {
        PatchedTree tree = tree();
        Files.writeString(tree.resolve("m/src/A.java"), "class A {\n    int a() {\n        return 2;\n    }\n}\n");
        PatchedTree.NotApplied e = assertThrows(PatchedTree.NotApplied.class,
                () -> tree.apply("p", UnifiedDiff.parse("p", PATCH)));
        assertThat(e.getMessage()).startsWith("p: m/src/A.java: hunk 1 (at line 2 before the patch) does not apply");
    }

    @Test
    void malformedPatch_isRefusedWithItsLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> UnifiedDiff.parse("bad.patch", List.of("--- a/x", "garbage")));
        assertThat(e.getMessage()).startsWith("bad.patch:2: expected \"+++ b/PATH\"");
    }
}
