package org.kvmlab.core.host;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.kvmlab.core.host.OsMemory.HINT_FROM;
import static org.kvmlab.core.host.OsMemory.HINT_TO;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Where the core asks the kernel for its reservations, and how it asks. Filling the 64 TiB window
 * for real would take 64 TiB of reservations in one JVM, so the window's arithmetic is tested on its
 * own; the huge-page opt-out is read back from the kernel's own account of the mapping.
 */
class OsMemoryTest {
    private static final long MIB = 1L << 20;

    @Test
    void aReservationThatFitsBeforeTheWindowsEnd_isAskedForAtTheNextHint() {
        assertThat(OsMemory.hintFor(HINT_FROM, MIB)).isEqualTo(HINT_FROM);
        assertThat(OsMemory.hintFor(HINT_TO - 4 * MIB, 4 * MIB)).isEqualTo(HINT_TO - 4 * MIB);
    }

    @Test
    void aReservationThatWouldPassTheWindowsEnd_startsAgainAtItsStart() {
        assertThat(OsMemory.hintFor(HINT_TO - 4 * MIB, 4 * MIB + 4096)).isEqualTo(HINT_FROM);
        assertThat(OsMemory.hintFor(HINT_TO, 4096)).isEqualTo(HINT_FROM);
    }

    @Test
    void theNextHint_isTheFirstHugePageBoundaryAfterTheRangeAskedFor() {
        assertThat(OsMemory.hintAfter(HINT_FROM, 4096)).isEqualTo(HINT_FROM + 2 * MIB);
        assertThat(OsMemory.hintAfter(HINT_FROM, 2 * MIB)).isEqualTo(HINT_FROM + 2 * MIB);
        assertThat(OsMemory.hintAfter(HINT_FROM, 2 * MIB + 4096)).isEqualTo(HINT_FROM + 4 * MIB);
    }

    @Test
    void aReservationThatEndsAtTheWindowsEnd_sendsTheNextBackToItsStart() {
        assertThat(OsMemory.hintAfter(HINT_TO - 4 * MIB, 2 * MIB - 4096)).isEqualTo(HINT_TO - 2 * MIB);
        assertThat(OsMemory.hintAfter(HINT_TO - 4 * MIB, 4 * MIB)).isEqualTo(HINT_FROM);
    }

    @Test
    void reservations_optOutOfTransparentHugePages() throws IOException {
        assumeTrue(Files.isDirectory(Path.of("/sys/kernel/mm/transparent_hugepage")),
                "this kernel has no transparent huge pages (/sys/kernel/mm/transparent_hugepage), so no mapping"
                        + " can opt out of them");
        MemorySegment reservation = OsMemory.reserve(4 * MIB);
        assertThat(reservation).isNotNull();
        // smaps lists each mapping's flags; "nh" is VM_NOHUGEPAGE, what MADV_NOHUGEPAGE sets.
        assertThat(vmFlagsOfMappingAt(reservation.address())).contains("nh");
        assertThat(reservation.byteSize()).isEqualTo(4 * MIB);
    }

    /** The {@code VmFlags} of the mapping of {@code /proc/self/smaps} that contains {@code address}. */
    private static List<String> vmFlagsOfMappingAt(long address) throws IOException {
        boolean inside = false;
        for (String line : Files.readAllLines(Path.of("/proc/self/smaps"))) {
            int dash = line.indexOf('-');
            int space = line.indexOf(' ');
            if (dash > 0 && space > dash && isHex(line.substring(0, dash))) {
                long start = HexFormat.fromHexDigitsToLong(line.substring(0, dash));
                long end = HexFormat.fromHexDigitsToLong(line.substring(dash + 1, space));
                inside = Long.compareUnsigned(start, address) <= 0 && Long.compareUnsigned(address, end) < 0;
            } else if (inside && line.startsWith("VmFlags:")) {
                return List.of(line.substring("VmFlags:".length()).trim().split(" +"));
            }
        }
        throw new AssertionError("no mapping with VmFlags contains 0x" + Long.toHexString(address));
    }

    private static boolean isHex(String text) {
        return !text.isEmpty() && text.chars().allMatch(c -> Character.digit(c, 16) >= 0);
    }
}
