package org.kvmlab.review.metrics;

import static com.google.common.truth.Truth.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kvmlab.review.FakeRepo;

/** Files pair by path below the package root; unpaired files are wholly added or removed. */
class PatchSizeTest {

    @Test
    void tinyDesign_againstTheBaselineGenericPackage() {
        PatchSize.Result patch = PatchSize.of(FakeRepo.tiny(), FakeRepo.baseline());
        assertThat(patch.files().stream().map(f -> f.path() + " " + f.change() + " +" + f.added() + " -" + f.removed())
                .toList()).containsExactly(
                        "arch/x86/Hook.java added +8 -0",
                        "virt/kvm/Extra.java removed +0 -5",
                        "virt/kvm/Mem.java modified +1 -1").inOrder();
        assertThat(patch.added()).isEqualTo(9);
        assertThat(patch.removed()).isEqualTo(6);
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
    void baselineAgainstItself_changesNothingGeneric_andAddsItsArchCopies() {
        PatchSize.Result patch = PatchSize.of(FakeRepo.baseline(), FakeRepo.baseline());
        assertThat(patch.removed()).isEqualTo(0);
        assertThat(patch.filesUnchanged()).isEqualTo(2);
        assertThat(patch.filesAdded()).isEqualTo(1);
        assertThat(patch.added()).isEqualTo(26);
    }
}
