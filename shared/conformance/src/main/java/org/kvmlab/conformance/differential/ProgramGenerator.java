package org.kvmlab.conformance.differential;

import java.util.ArrayList;
import java.util.List;
import org.kvmlab.conformance.scenario.Command;
import org.kvmlab.conformance.scenario.Ctx;
import org.kvmlab.conformance.scenario.Data;
import org.kvmlab.core.host.Prot;
import org.kvmlab.core.memslot.MemslotFlags;

/**
 * Random programs for the differential tests: a small guest (64 frames, 6 slot ids, 2 vCPUs, 3
 * cache names) so that slots are often adjacent or touching and accesses often cross page and
 * slot edges; set-up changes between accesses (slots created, moved, deleted and re-flagged,
 * host memory unmapped and protected after registration, vCPUs entering and leaving SMM); and
 * page tables built in guest memory for the guest-virtual accessors. A program is a list of
 * scenario commands, so a failing one prints as a scenario file anyone can run again.
 */
public final class ProgramGenerator {
    /** Where the host memory of every program lies. */
    public static final long HVA = 0x7f0000000000L;
    /** How many host pages the program maps at the start. */
    public static final int HOST_PAGES = 96;
    private static final int GUEST_FRAMES = 64;
    private static final int SLOT_IDS = 6;
    private static final int VCPUS = 2;
    private static final List<String> CACHES = List.of("c0", "c1", "c2");
    private static final int[] FLAG_CHOICES = {
        0, 0, 0, MemslotFlags.KVM_MEM_LOG_DIRTY_PAGES, MemslotFlags.KVM_MEM_READONLY,
        MemslotFlags.KVM_MEM_X86_SMRAM, MemslotFlags.KVM_MEM_X86_SMRAM | MemslotFlags.KVM_MEM_LOG_DIRTY_PAGES,
        MemslotFlags.KVM_MEM_LOG_DIRTY_PAGES | MemslotFlags.KVM_MEM_READONLY,
    };

    private final Choices choices;
    private final List<Command> program = new ArrayList<>();
    private final boolean[] cacheBound = new boolean[CACHES.size()];
    private final boolean[] hasCr3 = new boolean[VCPUS];

    private ProgramGenerator(Choices choices) {
        this.choices = choices;
    }

    /** A program of the set-up plus {@code operations} random commands. */
    public static List<Command> generate(Choices choices, int operations) {
        ProgramGenerator g = new ProgramGenerator(choices);
        g.setUp();
        for (int i = 0; i < operations; i++) {
            g.operation();
        }
        return List.copyOf(g.program);
    }

    private void setUp() {
        program.add(new Command.Mmap(HVA, (long) HOST_PAGES * 4096, Prot.RW));
        for (int v = 0; v < VCPUS; v++) {
            program.add(new Command.CreateVcpu(v, Command.SmmSwitch.KEEP));
        }
        int slots = choices.intBetween(1, 4);
        for (int i = 0; i < slots; i++) {
            program.add(region());
        }
    }

    private void operation() {
        switch (choices.intBetween(0, 19)) {
            case 0 -> program.add(region());
            case 1 -> program.add(hostChange());
            case 2 -> program.add(new Command.CreateVcpu(choices.intBetween(0, VCPUS - 1),
                    choices.oneIn(2) ? Command.SmmSwitch.ENTER : Command.SmmSwitch.LEAVE));
            case 3, 4 -> program.add(new Command.Read(ctx(), gpa(), len()));
            case 5, 6 -> program.add(new Command.Write(ctx(), gpa(), data(len1())));
            case 7 -> program.add(new Command.Clear(ctx(), gpa(), len()));
            case 8 -> pageAccess();
            case 9 -> program.add(new Command.ReadAtomic(ctx(), gpa(), choices.intBetween(0, 16)));
            case 10 -> translation();
            case 11 -> program.add(new Command.Dirty(ctx(), gfn()));
            case 12 -> program.add(new Command.DirtyLog(choices.intBetween(0, SLOT_IDS - 1)));
            case 13, 14 -> cached();
            case 15 -> pageTables();
            case 16, 17 -> virtualAccess();
            default -> program.add(new Command.Write(ctx(), gpa(), data(len1())));
        }
    }

    /** Creates, moves, re-flags or deletes a slot; many of these are refused, which is tested too. */
    private Command region() {
        int id = choices.intBetween(0, SLOT_IDS - 1);
        if (choices.oneIn(5)) {
            return new Command.Region(id, 0, 0, HVA, 0, false);
        }
        long base = choices.between(0, GUEST_FRAMES - 1);
        long pages = choices.between(1, 8);
        long hvaPage = choices.between(0, HOST_PAGES - pages);
        int flags = FLAG_CHOICES[choices.intBetween(0, FLAG_CHOICES.length - 1)];
        return new Command.Region(id, base * 4096, pages * 4096, HVA + hvaPage * 4096,
                flags & ~MemslotFlags.KVM_MEM_X86_SMRAM, (flags & MemslotFlags.KVM_MEM_X86_SMRAM) != 0);
    }

    private Command hostChange() {
        long page = choices.between(0, HOST_PAGES - 1);
        long pages = choices.between(1, 4);
        long hva = HVA + page * 4096;
        return switch (choices.intBetween(0, 3)) {
            case 0 -> new Command.Munmap(hva, pages * 4096);
            case 1 -> new Command.Mmap(hva, pages * 4096, Prot.RW);
            default -> new Command.Mprotect(hva, pages * 4096, choices.pick(List.of(Prot.RW, Prot.RO, Prot.NONE)));
        };
    }

    private void pageAccess() {
        long gfn = gfn();
        int offset = choices.oneIn(8) ? 4096 : (int) choices.pick(0, 1, 8, 2048, 4088, 4095, choices.between(0, 4095));
        int room = Math.max(0, 4096 - offset);
        // Now and then past the page's end: a host programming error the designs must refuse.
        int len = choices.oneIn(10) ? room + choices.intBetween(1, 8) : choices.intBetween(0, Math.min(room, 64));
        switch (choices.intBetween(0, 2)) {
            case 0 -> program.add(new Command.ReadPage(ctx(), gfn, offset, len));
            case 1 -> program.add(new Command.WritePage(ctx(), gfn, offset, data(Math.max(1, len))));
            default -> program.add(new Command.ClearPage(ctx(), gfn, offset, len));
        }
    }

    private void translation() {
        long gfn = gfn();
        Ctx ctx = ctx();
        program.add(switch (choices.intBetween(0, 3)) {
            case 0 -> new Command.Hva(ctx, gfn);
            case 1 -> new Command.HvaProt(ctx, gfn);
            case 2 -> new Command.Visible(ctx, gfn);
            default -> new Command.Memslot(ctx, gfn);
        });
    }

    private void cached() {
        int name = choices.intBetween(0, CACHES.size() - 1);
        if (!cacheBound[name] || choices.oneIn(4)) {
            // Length 0 now and then: a host error the cache must refuse, and then keep refusing.
            int len = choices.oneIn(12) ? 0 : choices.intBetween(1, 48);
            program.add(new Command.Cache(CACHES.get(name), ctx(), gpa(), len));
            cacheBound[name] = true;
        } else if (choices.oneIn(2)) {
            program.add(new Command.ReadCached(CACHES.get(name), choices.intBetween(0, 56)));
        } else {
            program.add(new Command.WriteCached(CACHES.get(name), data(choices.intBetween(1, 56))));
        }
    }

    /**
     * Builds a four-level mapping of one gva in guest memory: CR3, then one entry per level
     * written with VM-level writes, each present or not, writable or not, large or not at random.
     */
    private void pageTables() {
        int vcpu = choices.intBetween(0, VCPUS - 1);
        long gva = gva();
        long table = choices.between(0, GUEST_FRAMES - 1) * 4096;
        program.add(new Command.Cr3(vcpu, table));
        hasCr3[vcpu] = true;
        for (int level = 4; level >= 1; level--) {
            long index = (gva >>> (12 + 9 * (level - 1))) & 511;
            long next = choices.between(0, GUEST_FRAMES - 1) * 4096;
            long entry = next | (choices.oneIn(6) ? 0 : 1) | (choices.oneIn(3) ? 0 : 2);
            if ((level == 2 || level == 3) && choices.oneIn(4)) {
                entry |= 1L << 7;
            }
            program.add(new Command.Write(Ctx.VM, table + 8 * index, Data.of(littleEndian(entry))));
            table = next;
        }
    }

    private void virtualAccess() {
        int vcpu = choices.intBetween(0, VCPUS - 1);
        if (!hasCr3[vcpu]) {
            pageTables();
            return;
        }
        long gva = choices.oneIn(20) ? 0x0000800000000000L - choices.between(0, 8) : gva();
        if (choices.oneIn(2)) {
            program.add(new Command.ReadVirt(vcpu, gva, len()));
        } else {
            program.add(new Command.WriteVirt(vcpu, gva, data(len1())));
        }
    }

    private Ctx ctx() {
        int which = choices.intBetween(0, VCPUS);
        return which == VCPUS ? Ctx.VM : new Ctx.OnVcpu(which);
    }

    private long gfn() {
        return choices.oneIn(16) ? choices.between(GUEST_FRAMES, 1L << 40) : choices.between(0, GUEST_FRAMES);
    }

    /** Guest physical addresses near page edges, slot edges and, now and then, near 2^64. */
    private long gpa() {
        if (choices.oneIn(30)) {
            return -choices.between(1, 64);
        }
        long page = choices.between(0, GUEST_FRAMES);
        long offset = choices.pick(0, 1, 7, 2048, 4090, 4095, choices.between(0, 4095));
        return page * 4096 + offset;
    }

    private long gva() {
        return choices.between(0, 3) << 30 | choices.between(0, 3) << 21 | choices.between(0, 7) << 12
                | choices.pick(0, 8, 4092, choices.between(0, 4095));
    }

    private int len() {
        return choices.oneIn(10) ? 0 : len1();
    }

    private int len1() {
        return (int) choices.pick(1, 2, 4, 8, 16, 4096, choices.between(1, 64), choices.between(1, 3 * 4096));
    }

    /**
     * Distinct bytes at both ends, so that a byte landing one place off shows, and one value in
     * between, so that a failing program prints short.
     */
    private Data data(int length) {
        byte[] bytes = new byte[length];
        int value = choices.intBetween(1, 255);
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (i < 8 || i >= length - 8 ? value + i : value);
        }
        return Data.of(bytes);
    }

    private static byte[] littleEndian(long value) {
        byte[] bytes = new byte[8];
        for (int i = 0; i < 8; i++) {
            bytes[i] = (byte) (value >>> (8 * i));
        }
        return bytes;
    }
}
