package org.kvmlab.core.host;

import static com.google.common.truth.Truth.assertThat;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/**
 * Windowed backing on its own, below {@link HostMemory}: which window a write reserves and how
 * large, that writing again reserves nothing, and what a discard does to part of a window (zeroes
 * and gives back exactly those pages) and to whole windows (drops them, so that they read as never
 * written and their reservations can go).
 */
class BackingTest {
    private static final int PAGE = 4096;
    private static final long WINDOW = Backing.Windowed.WINDOW;

    @Test
    void windowedLastWindow_isReservedOnlyAsLargeAsWhatIsLeftOfTheMapping() {
        Backing.Windowed backing = new Backing.Windowed(WINDOW + 8 * PAGE);

        assertThat(backing.forWrite(0).byteSize()).isEqualTo(WINDOW);
        assertThat(backing.forWrite(WINDOW + PAGE).byteSize()).isEqualTo(8L * PAGE);
        assertThat(backing.pieceEnd(WINDOW + PAGE)).isEqualTo(WINDOW + 8 * PAGE);
    }

    @Test
    void windowedWindow_writtenAgain_isTheSameWindow_andReservesNothingMore() {
        Backing.Windowed backing = new Backing.Windowed(2 * WINDOW);
        MemorySegment first = backing.forWrite(PAGE);
        long live = OsMemory.liveReservations();

        for (int i = 0; i < 32; i++) {
            assertThat(backing.forWrite((long) i * PAGE)).isSameInstanceAs(first);
        }

        // The collector may give back other tests' reservations meanwhile; nothing here adds one.
        assertThat(OsMemory.liveReservations()).isAtMost(live);
    }

    @Test
    void windowedDiscardOfPartOfAWindow_zeroesExactlyThosePages_andKeepsTheWindow() {
        Backing.Windowed backing = new Backing.Windowed(2 * WINDOW);
        MemorySegment window = backing.forWrite(0);
        window.asSlice(0, 4 * PAGE).fill((byte) 0x5a);

        backing.discard(PAGE, 2 * PAGE);

        assertThat(backing.forRead(0)).isSameInstanceAs(window);
        assertThat(window.get(JAVA_BYTE, PAGE - 1)).isEqualTo((byte) 0x5a);
        assertThat(window.get(JAVA_BYTE, PAGE)).isEqualTo((byte) 0);
        assertThat(window.get(JAVA_BYTE, 3L * PAGE - 1)).isEqualTo((byte) 0);
        assertThat(window.get(JAVA_BYTE, 3L * PAGE)).isEqualTo((byte) 0x5a);
        assertThat(backing.residentBytes(0, 4 * PAGE)).isEqualTo(2L * PAGE);
    }

    @Test
    void windowedDiscardFromInsideOneWindowToTheEndOfTheNext_dropsOnlyTheWholeWindow() {
        Backing.Windowed backing = new Backing.Windowed(3 * WINDOW);
        MemorySegment kept = backing.forWrite(0);
        kept.set(JAVA_BYTE, 5, (byte) 1);
        kept.set(JAVA_BYTE, WINDOW - 1, (byte) 1);
        backing.forWrite(WINDOW).set(JAVA_BYTE, 5, (byte) 2);
        backing.forWrite(2 * WINDOW).set(JAVA_BYTE, 5, (byte) 3);

        backing.discard(WINDOW - PAGE, WINDOW + PAGE);

        assertThat(backing.forRead(0)).isSameInstanceAs(kept);
        assertThat(kept.get(JAVA_BYTE, 5)).isEqualTo((byte) 1);
        assertThat(kept.get(JAVA_BYTE, WINDOW - 1)).isEqualTo((byte) 0);
        assertThat(backing.forRead(WINDOW)).isNull();
        assertThat(backing.forRead(2 * WINDOW).get(JAVA_BYTE, 5)).isEqualTo((byte) 3);
    }

    @Test
    void windowedDiscardOfTheWholeLastWindow_dropsIt_evenWhenItIsShort() {
        Backing.Windowed backing = new Backing.Windowed(WINDOW + 8 * PAGE);
        backing.forWrite(WINDOW).set(JAVA_BYTE, 0, (byte) 4);

        backing.discard(WINDOW, 8 * PAGE);

        assertThat(backing.forRead(WINDOW)).isNull();
    }
}
