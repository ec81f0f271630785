package org.kvmlab.livekvm.host;

import static com.google.common.truth.Truth.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kvmlab.core.host.Prot;
import org.kvmlab.livekvm.sys.ProcessMaps;

/** The run's own pages: added, cut, re-protected, and told apart from the process's other memory. */
class OwnedMappingsTest {
    private static final long A = 0x7f00_0000_0000L;

    @Test
    void removingFromTheMiddleLeavesBothEnds() {
        OwnedMappings owned = new OwnedMappings();
        owned.add(A, A + 0x4000, Prot.RW);
        owned.remove(A + 0x1000, A + 0x2000);
        assertThat(owned.all()).containsExactly(new OwnedMappings.Owned(A, A + 0x1000, Prot.RW),
                new OwnedMappings.Owned(A + 0x2000, A + 0x4000, Prot.RW)).inOrder();
        assertThat(owned.protection(A + 0x1800)).isNull();
        assertThat(owned.protection(A + 0x3fff)).isEqualTo(Prot.RW);
    }

    @Test
    void protectChangesOnlyOwnedPages() {
        OwnedMappings owned = new OwnedMappings();
        owned.add(A, A + 0x1000, Prot.RW);
        owned.add(A + 0x2000, A + 0x3000, Prot.RW);
        owned.protect(A, A + 0x3000, Prot.NONE);
        assertThat(owned.all()).containsExactly(new OwnedMappings.Owned(A, A + 0x1000, Prot.NONE),
                new OwnedMappings.Owned(A + 0x2000, A + 0x3000, Prot.NONE)).inOrder();
    }

    @Test
    void addingReplacesWhatWasOwnedThere() {
        OwnedMappings owned = new OwnedMappings();
        owned.add(A, A + 0x3000, Prot.RO);
        owned.add(A + 0x1000, A + 0x2000, Prot.RW);
        assertThat(owned.overlapping(A, A + 0x3000)).hasSize(3);
        assertThat(owned.protection(A + 0x1000)).isEqualTo(Prot.RW);
        assertThat(owned.protection(A + 0x2000)).isEqualTo(Prot.RO);
    }

    @Test
    void foreignMemoryIsWhatTheProcessMapsBeyondTheRunsOwn() {
        OwnedMappings owned = new OwnedMappings();
        owned.add(A, A + 0x2000, Prot.RW);
        // The kernel merges adjacent mappings: one range may hold the run's pages and another's.
        List<ProcessMaps.Range> maps = List.of(new ProcessMaps.Range(A - 0x1000, A + 0x2000));
        assertThat(owned.foreignIn(A, A + 0x2000, maps)).isFalse();
        assertThat(owned.foreignIn(A - 0x1000, A + 0x1000, maps)).isTrue();
        assertThat(owned.foreignIn(A + 0x2000, A + 0x9000, maps)).isFalse();   // unmapped is not foreign
        assertThat(owned.foreignIn(A, A + 0x3000, List.of(new ProcessMaps.Range(A + 0x2000, A + 0x3000)))).isTrue();
    }

    @Test
    void queriesBeyondTheUserHalfFindNothing() {
        OwnedMappings owned = new OwnedMappings();
        owned.add(A, A + 0x1000, Prot.RW);
        assertThat(owned.overlapping(0xffff_8000_0000_0000L, -1L)).isEmpty();
        assertThat(owned.overlapping(A, 0)).containsExactly(new OwnedMappings.Owned(A, A + 0x1000, Prot.RW));
    }
}
