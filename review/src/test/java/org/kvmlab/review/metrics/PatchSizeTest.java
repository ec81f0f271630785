package org.kvmlab.review.metrics;

import static com.google.common.truth.Truth.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kvmlab.review.FakeRepo;

/**
 * Files pair by path below the package root; unpaired files are wholly added or removed; code and
 * comment lines are counted apart.
 */
class PatchSizeTest {

    private static String stat(PatchSize.FilePatch f) {
        PatchSize.Lines l = f.lines();
        return f.path() + " " + f.change() + " code +" + l.codeAdded() + " -" + l.codeRemoved() + " comments +"
                + l.commentAdded() + " -" + l.commentRemoved();
    }

    @Test
    void tinyDesign_againstTheBaselineModule() {
        PatchSize.Result patch = PatchSize.of(FakeRepo.tiny(), FakeRepo.baseline());
        assertThat(patch.files().stream().map(PatchSizeTest::stat).toList()).containsExactly(
                "arch/x86/Hook.java added code +7 -0 comments +1 -0",
                "virt/kvm/Extra.java removed code +0 -5 comments +0 -0",
                "virt/kvm/Mem.java modified code +1 -1 comments +0 -0").inOrder();
        assertThat(patch.lines()).isEqualTo(new PatchSize.Lines(8, 6, 1, 0));
        assertThat(patch.code()).isEqualTo(14);
        assertThat(List.of(patch.filesAdded(), patch.filesRemoved(), patch.filesModified(), patch.filesUnchanged()))
                .containsExactly(1, 1, 1, 0).inOrder();
    }

    @Test
    void unifiedDiff_readsLikeAPatch_withoutThePackageRename() {
        PatchSize.FilePatch mem = PatchSize.of(FakeRepo.tiny(), FakeRepo.baseline()).files().get(2);
        assertThat(mem.unifiedDiff().get(0)).isEqualTo("--- a/virt/kvm/Mem.java");
        assertThat(mem.unifiedDiff().get(1)).isEqualTo("+++ b/virt/kvm/Mem.java");
        assertThat(mem.unifiedDiff().get(2)).startsWith("@@ -");
        assertThat(mem.unifiedDiff()).contains("-            done += readPage(gfn, offset, seg);");
        assertThat(mem.unifiedDiff()).contains("+            done += readPage(gfn, offset, seg, Hook.ALL);");
        assertThat(String.join("\n", mem.unifiedDiff())).doesNotContain("package");
        PatchSize.FilePatch added = PatchSize.of(FakeRepo.tiny(), FakeRepo.baseline()).files().get(0);
        assertThat(added.unifiedDiff().get(0)).isEqualTo("--- /dev/null");
    }

    @Test
    void designThatKeepsTheGenericLayer_changesNothingThere_andAddsItsArchCopies() {
        PatchSize.Result patch = PatchSize.of(FakeRepo.copies(), FakeRepo.baseline());
        assertThat(patch.filesUnchanged()).isEqualTo(2);
        assertThat(patch.filesAdded()).isEqualTo(1);
        assertThat(patch.lines()).isEqualTo(new PatchSize.Lines(24, 0, 2, 0));
        assertThat(patch.diffstat()).containsExactly(
                " arch/x86/X86Mem.java | code +24 -0, comments +2 -0 (added)",
                " 1 files changed, 26 insertions(+), 0 deletions(-); code +24 -0, comments +2 -0").inOrder();
        assertThat(patch.text().get(2)).isEqualTo("");
        assertThat(patch.text().get(3)).isEqualTo("--- /dev/null");
    }

    @Test
    void commentLines_areTheLinesWithTextAndNoCode() {
        boolean[] comment = PatchSize.commentLines("""
                /**
                 * Javadoc.
                 */
                int x; // trailing comment: code

                /* block */ int y;
                // line
                """);
        assertThat(comment).asList().containsExactly(true, true, true, false, false, false, true).inOrder();
    }
}
