package org.kvmlab.livekvm.scenario;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.kvmlab.conformance.scenario.Command;
import org.kvmlab.conformance.scenario.Scenario;
import org.kvmlab.conformance.scenario.ScenarioLine;
import org.kvmlab.livekvm.guest.HarnessImage;

/**
 * Where the harness goes for one scenario: a slot id the scenario never names, counted down from
 * the kernel's last, and a guest-physical base that no range of the scenario touches (its
 * regions, accesses, caches and CR3 values), so that the scenario's own lines see the kernel as
 * if the harness were not there.
 *
 * @param slot the harness slot's id
 * @param gpa  its guest-physical base, 2 MiB-aligned, below the guest's physical-address width
 */
public record HarnessPlacement(int slot, long gpa) {

    /**
     * Chooses the place for {@code scenario} on a kernel with {@code userMemSlots} slots and a
     * guest physical-address width of {@code maxPhysAddr} bits.
     *
     * @throws IllegalStateException if every candidate is taken (a scenario would have to name
     *                               every slot id or touch every candidate range)
     */
    public static HarnessPlacement choose(Scenario scenario, int userMemSlots, int maxPhysAddr) {
        Set<Integer> ids = new HashSet<>();
        List<long[]> ranges = new ArrayList<>();
        for (ScenarioLine line : scenario.lines()) {
            switch (line.command()) {
                case Command.Region r -> {
                    ids.add(r.slot() & 0xffff);
                    ranges.add(new long[] {r.gpa(), r.size()});
                }
                case Command.DirtyLog d -> ids.add(d.slot() & 0xffff);
                case Command.Read r -> ranges.add(new long[] {r.gpa(), r.len()});
                case Command.Write w -> ranges.add(new long[] {w.gpa(), w.data().length()});
                case Command.Clear c -> ranges.add(new long[] {c.gpa(), c.len()});
                case Command.ReadPage p -> ranges.add(new long[] {p.gfn() << 12, 4096});
                case Command.WritePage p -> ranges.add(new long[] {p.gfn() << 12, 4096});
                case Command.ClearPage p -> ranges.add(new long[] {p.gfn() << 12, 4096});
                case Command.Cache c -> ranges.add(new long[] {c.gpa(), Math.max(c.len(), 1)});
                case Command.Cr3 c -> ranges.add(new long[] {c.gpa() & ~0xfffL, 4096});
                default -> {
                }
            }
        }
        int slot = -1;
        for (int id = userMemSlots - 1; id >= 0; id--) {
            if (!ids.contains(id)) {
                slot = id;
                break;
            }
        }
        long top = 1L << maxPhysAddr;
        for (int step = 14; step >= 1 && slot >= 0; step--) {
            long gpa = top / 16 * step;
            if (gpa + HarnessImage.SIZE <= top && ranges.stream().noneMatch(r -> overlaps(r[0], r[1], gpa))) {
                return new HarnessPlacement(slot, gpa);
            }
        }
        throw new IllegalStateException("no slot id or guest-physical range is free for the harness in "
                + scenario.file());
    }

    private static boolean overlaps(long start, long length, long gpa) {
        long end = start + Math.max(length, 1);
        boolean wraps = Long.compareUnsigned(end, start) < 0;
        return Long.compareUnsigned(start, gpa + HarnessImage.SIZE) < 0
                && (wraps || Long.compareUnsigned(end, gpa) > 0);
    }
}
