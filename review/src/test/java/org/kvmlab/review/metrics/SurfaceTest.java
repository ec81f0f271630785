package org.kvmlab.review.metrics;

import static com.google.common.truth.Truth.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Entry points, one-liners and loops of the compiled fixture design, from its bytecode. */
class SurfaceTest {
    private static final Surface.Result FIXTURE = Surface.of("fixture",
            ClassBytes.ofDesign("org.kvmlab.review.fixture.fakedesign"));

    @Test
    void entryPoints_publicAccessorsButNotGenericBodies() {
        assertThat(FIXTURE.entryPoints().stream().map(e -> e.className() + "." + e.method() + " " + e.level()).toList())
                .containsExactly("X86Accessors.x86ReadGuest VCPU", "X86Accessors.x86MarkPageDirty VCPU",
                        "Accessors.kvmReadGuest VM", "Accessors.kvmWriteGuest VM", "Accessors.kvmIsVisibleGfn VM",
                        "Accessors.markPageDirty VM", "Accessors.kvmClearGuest VM");
        assertThat(FIXTURE.atLevel(Surface.Level.VM)).isEqualTo(5);
        assertThat(FIXTURE.offers(Surface.Level.VCPU, "readguest")).isTrue();
        assertThat(FIXTURE.offers(Surface.Level.VCPU, "IsVisibleGfn")).isFalse();
    }

    @Test
    void oneLiners_oneStatementToASharedBody() {
        List<String> oneLiners = FIXTURE.entryPoints().stream().filter(Surface.EntryPoint::oneLiner)
                .map(e -> e.method() + " -> " + e.delegatesTo()).toList();
        assertThat(oneLiners).containsExactly("x86ReadGuest -> Accessors.kvmReadGuestGeneric",
                "kvmReadGuest -> Accessors.kvmReadGuestGeneric");
        assertThat(FIXTURE.oneLiners()).isEqualTo(2);
    }

    @Test
    void loops_backwardJumps_segmentLoopsCallNextSegment() {
        assertThat(FIXTURE.loops().stream().map(l -> l.method() + " " + l.segmentLoop()).toList())
                .containsExactly("kvmReadGuestGeneric true", "kvmClearGuest false");
        assertThat(FIXTURE.segmentLoops()).isEqualTo(1);
    }
}
