package org.kvmlab.review.changes;

import static com.google.common.truth.Truth.assertThat;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvmlab.review.design.Design;
import org.kvmlab.review.report.ChangeSection;
import org.kvmlab.review.report.SummaryTable;
import org.kvmlab.spi.LabModules;

/**
 * The table is computed from the patches, not written into it: in a copy of the repository, one
 * design's patch for one change is edited (one more code line in the function it touches), and the
 * same run then reports one more code line for that design and change.
 */
class ChangeTableMovesTest {
    private static final String DESIGN = "variant-macro-generic";
    private static final String GUEST_VIRT = DESIGN + "/src/main/java/org/kvmlab/macrogeneric/arch/x86/X86GuestVirt.java";

    @TempDir
    Path dir;

    @Test
    void editingOnePatch_movesItsRow() throws Exception {
        Path repo = LabModules.ofThisBuild().root();
        Path copy = dir.resolve("repo");
        for (String module : ChangeRunner.SHARED_MODULES) {
            PatchedTree.copyRecursively(repo.resolve(module).resolve("src"), copy.resolve(module).resolve("src"));
        }
        PatchedTree.copyRecursively(repo.resolve(DESIGN).resolve("src"), copy.resolve(DESIGN).resolve("src"));
        ChangeRequest change = ChangeRunner.changes(repo).stream().filter(c -> c.number().equals("02")).findFirst()
                .orElseThrow();
        Files.createDirectories(copy.resolve(ChangeRequest.SHARED_DIR));
        Files.copy(change.shared(), copy.resolve(ChangeRequest.SHARED_DIR).resolve(change.fileName()));
        Path patch = copy.resolve(DESIGN).resolve("changes").resolve(change.fileName());
        Files.createDirectories(patch.getParent());
        Files.copy(repo.resolve(DESIGN).resolve("changes").resolve(change.fileName()), patch);

        Design design = new Design("macro-generic", "org.kvmlab.macrogeneric", copy.resolve(DESIGN), null);
        ChangeRunner runner = new ChangeRunner(new ChangeRunner.Options(copy, true, null, null, false, dir.resolve("work")),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        ChangesReport before = runner.run(List.of(design), null);
        PairResult first = before.result(change.id(), "macro-generic");
        assertThat(first.status()).isEqualTo(PairResult.Status.PASSED);

        rewriteWithOneMoreLine(copy, patch);
        ChangesReport after = runner.run(List.of(design), null);
        PairResult second = after.result(change.id(), "macro-generic");
        assertThat(second.status()).isEqualTo(PairResult.Status.PASSED);
        assertThat(second.cost().codeAdded()).isEqualTo(first.cost().codeAdded() + 1);
        assertThat(second.cost().functions()).isEqualTo(first.cost().functions());
        String table = SummaryTable.render(ChangeSection.all(after));
        assertThat(table).isNotEqualTo(SummaryTable.render(ChangeSection.all(before)));
        assertThat(table).contains("+" + second.cost().codeAdded() + " -" + second.cost().codeRemoved());
    }

    /**
     * Applies the design's patch, names the root's gfn in a local first (one more code line in the
     * same function), and writes the patch again from the sources before and after.
     */
    private static void rewriteWithOneMoreLine(Path copy, Path patch) throws Exception {
        PatchedTree tree = PatchedTree.copy(copy, copy.resolveSibling("rewrite"), List.of(DESIGN));
        tree.apply("patch", UnifiedDiff.parse("patch", PatchedTree.read(patch)));
        List<String> original = PatchedTree.read(copy.resolve(GUEST_VIRT));
        List<String> patched = new ArrayList<>();
        for (String line : PatchedTree.read(tree.resolve(GUEST_VIRT))) {
            if (line.contains("x86IsVisibleGfn(vcpu, Page.gpaToGfn(vcpu.cr3()))")) {
                patched.add("        long rootGfn = Page.gpaToGfn(vcpu.cr3());");
                patched.add(line.replace("Page.gpaToGfn(vcpu.cr3())", "rootGfn"));
            } else {
                patched.add(line);
            }
        }
        assertThat(patched.size()).isEqualTo(PatchedTree.read(tree.resolve(GUEST_VIRT)).size() + 1);
        List<String> diff = UnifiedDiffUtils.generateUnifiedDiff("a/" + GUEST_VIRT, "b/" + GUEST_VIRT, original,
                DiffUtils.diff(original, patched), 3);
        Files.write(patch, diff, StandardCharsets.UTF_8);
    }
}
