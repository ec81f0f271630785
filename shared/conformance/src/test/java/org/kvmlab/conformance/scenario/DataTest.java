package org.kvmlab.conformance.scenario;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A DATA on its own: its limit, whatever the caller checked before (SCENARIOS.md section 2). */
@Tag("scenario")
class DataTest {
    @Test
    void pieces_upTo16MiB_makeOneData() {
        Data data = Data.ofPieces(List.of(new Data.Fill((byte) 0, Data.MAX_LENGTH - 1), new Data.Literal(new byte[] {7})));
        assertThat(data.length()).isEqualTo(Data.MAX_LENGTH);
        assertThat(data.toByteArray()[Data.MAX_LENGTH - 1]).isEqualTo((byte) 7);
    }

    /** A caller that did not check the sum is a host programming error, refused with the sum it gave. */
    @Test
    void pieces_above16MiB_areRefused_namingTheirLength() {
        List<Data.Piece> pieces = List.of(new Data.Fill((byte) 0, Data.MAX_LENGTH), new Data.Literal(new byte[] {7}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Data.ofPieces(pieces));
        assertThat(e).hasMessageThat().isEqualTo("DATA of 16777217 bytes is above 16777216");
    }
}
