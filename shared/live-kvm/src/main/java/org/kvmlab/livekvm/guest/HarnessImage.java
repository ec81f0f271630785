package org.kvmlab.livekvm.guest;

import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.util.Set;

/**
 * The harness guest's memory: its own page tables, GDT, IDT, TSS, code and stack, and a buffer
 * for the bytes it copies, all in one slot far from the scenario's addresses. Guest-virtually the
 * harness sits in the top-level entry {@value #HARNESS_PML4_INDEX} ({@link #HARNESS_VA}), so that
 * it can be reached from the scenario's own page tables by borrowing that one entry; physical
 * accesses go through a window of 4 KiB mappings in entry {@value #WINDOW_PML4_INDEX}
 * ({@link #WINDOW_VA}), pointed at the target pages before each run.
 *
 * <p>Every harness page-table entry has its accessed and dirty bits set already, so that the
 * kernel's walker never writes to them, and so never dirty-logs a page of the scenario's for the
 * harness's sake (the borrowed entry is set the same way).
 */
public final class HarnessImage {
    /** The top-level entry where the harness lives. */
    public static final int HARNESS_PML4_INDEX = 510;
    /** The top-level entry of the physical-access window. */
    public static final int WINDOW_PML4_INDEX = 509;
    /** Where the harness starts, guest-virtually: the canonical address of {@link #HARNESS_PML4_INDEX}. */
    public static final long HARNESS_VA = canonical((long) HARNESS_PML4_INDEX << 39);
    /** Where the window starts, guest-virtually. */
    public static final long WINDOW_VA = canonical((long) WINDOW_PML4_INDEX << 39);

    /** The largest access the harness copies: SCENARIOS.md's limit on LEN, 16 MiB. */
    public static final int MAX_ACCESS = 0x100_0000;
    /** Window pages: the largest access, at any page offset, plus one. */
    public static final int WINDOW_PAGES = MAX_ACCESS / 4096 + 2;

    // Offsets in the harness slot. The first 2 MiB are mapped with 4 KiB pages, the buffer with
    // 2 MiB pages after them.
    static final long PML4 = 0x0000;
    static final long HARNESS_PDPT = 0x1000;
    static final long HARNESS_PD = 0x2000;
    static final long HARNESS_PT = 0x3000;
    static final long WINDOW_PDPT = 0x4000;
    static final long WINDOW_PD = 0x5000;
    static final long WINDOW_PTS = 0x6000;
    static final int WINDOW_PT_COUNT = (WINDOW_PAGES + 511) / 512;
    static final long GDT = 0x10000;
    static final long IDT = 0x11000;
    static final long TSS = 0x12000;
    static final long CODE = 0x13000;
    static final long STACK_TOP = 0x20000;
    static final long BUFFER = 0x200000;
    private static final long LARGE_PAGE = 0x200000;
    private static final int BUFFER_LARGE_PAGES = (MAX_ACCESS + 4096 + (int) LARGE_PAGE - 1) / (int) LARGE_PAGE;
    /** The harness slot's size: 2 MiB of tables, code and stack, then the buffer. */
    public static final long SIZE = BUFFER + BUFFER_LARGE_PAGES * LARGE_PAGE;

    /** GDT selectors. */
    static final int CODE_SELECTOR = 0x08;
    static final int DATA_SELECTOR = 0x10;
    static final int TSS_SELECTOR = 0x18;

    /** The port the guest writes when an operation is done. */
    public static final int PORT_DONE = 0x500;
    /** The port an exception stub writes, with the vector in RBX and the error code (or 0) in RAX. */
    public static final int PORT_EXCEPTION = 0x501;

    /** Page-table bits: present, writable, accessed, dirty, large page. */
    static final long P = 1;
    static final long RW = 2;
    static final long A = 1 << 5;
    static final long D = 1 << 6;
    static final long PS = 1 << 7;

    private static final Set<Integer> VECTORS_WITH_ERROR_CODE = Set.of(8, 10, 11, 12, 13, 14, 17, 21, 29, 30);
    private static final java.lang.foreign.ValueLayout.OfLong LE = JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** Where each routine starts, as offsets into the code. */
    record Entries(long copy, long[] move, long spin) {}

    private HarnessImage() {}

    /**
     * Writes the harness into {@code memory}, the host mapping of the slot at {@code gpa}.
     *
     * @return where the routines start
     */
    static Entries write(MemorySegment memory, long gpa) {
        memory.fill((byte) 0);
        // The harness's own tables: PML4 -> PDPT -> PD; PD[0] -> 4 KiB pages, PD[1..] -> 2 MiB pages.
        entry(memory, PML4, HARNESS_PML4_INDEX, gpa + HARNESS_PDPT | P | RW | A);
        entry(memory, PML4, WINDOW_PML4_INDEX, gpa + WINDOW_PDPT | P | RW | A);
        entry(memory, HARNESS_PDPT, 0, gpa + HARNESS_PD | P | RW | A);
        entry(memory, HARNESS_PD, 0, gpa + HARNESS_PT | P | RW | A);
        for (int i = 0; i < 512; i++) {
            entry(memory, HARNESS_PT, i, gpa + 4096L * i | P | RW | A | D);
        }
        for (int i = 0; i < BUFFER_LARGE_PAGES; i++) {
            entry(memory, HARNESS_PD, 1 + i, gpa + BUFFER + LARGE_PAGE * i | P | RW | A | D | PS);
        }
        entry(memory, WINDOW_PDPT, 0, gpa + WINDOW_PD | P | RW | A);
        for (int i = 0; i < WINDOW_PT_COUNT; i++) {
            entry(memory, WINDOW_PD, i, gpa + WINDOW_PTS + 4096L * i | P | RW | A);
        }
        // GDT: null, 64-bit code, data, then the 16-byte TSS descriptor.
        entry(memory, GDT, 1, 0x00af_9b00_0000_ffffL);
        entry(memory, GDT, 2, 0x00cf_9300_0000_ffffL);
        long tss = HARNESS_VA + TSS;
        entry(memory, GDT, 3, 0x67 | (tss & 0xff_ffffL) << 16 | 0x8bL << 40 | (tss >>> 24 & 0xff) << 56);
        entry(memory, GDT, 4, tss >>> 32);
        // Code: the routines, then one stub per exception vector, each gated in the IDT.
        X86Asm asm = new X86Asm();
        long copy = asm.offset();
        copyLoop(asm);
        long[] move = new long[9];
        for (int size : new int[] {1, 2, 4, 8}) {
            move[size] = asm.offset();
            asm.loadFromRsi(size).storeToRdi(size).movEdx(PORT_DONE).outDxAl().hlt();
        }
        long spin = asm.offset();
        asm.label("spin").jmp("spin");
        long[] stubs = new long[32];
        for (int vector = 0; vector < 32; vector++) {
            stubs[vector] = asm.offset();
            if (VECTORS_WITH_ERROR_CODE.contains(vector)) {
                asm.popRax();
            } else {
                asm.zeroEax();
            }
            asm.movEbx(vector).movEdx(PORT_EXCEPTION).outDxAl().hlt();
        }
        byte[] code = asm.assemble();
        MemorySegment.copy(MemorySegment.ofArray(code), 0, memory, CODE, code.length);
        for (int vector = 0; vector < 32; vector++) {
            long handler = HARNESS_VA + CODE + stubs[vector];
            entry(memory, IDT, 2 * vector, (handler & 0xffff) | (long) CODE_SELECTOR << 16 | 0x8eL << 40
                    | (handler >>> 16 & 0xffff) << 48);
            entry(memory, IDT, 2 * vector + 1, handler >>> 32);
        }
        return new Entries(copy, move, spin);
    }

    /**
     * The copy loop: RCX bytes from [RSI] to [RDI], eight at a time while RSI is 8-aligned and
     * eight remain, else one. The harness gives both sides the same page offset, so that an
     * 8-byte access never crosses a page and each access lies in one page: the first access that
     * fails is the first of its page, as in the kernel's page-by-page copies.
     */
    private static void copyLoop(X86Asm asm) {
        asm.label("loop").testRcxRcx().jz("done")
                .testSil(7).jnz("bytes")
                .cmpRcx(8).jb("bytes")
                .loadFromRsi(8).storeToRdi(8).addRsi(8).addRdi(8).subRcx(8).jmp("loop")
                .label("bytes")
                .loadFromRsi(1).storeToRdi(1).addRsi(1).addRdi(1).subRcx(1).jmp("loop")
                .label("done").movEdx(PORT_DONE).outDxAl().hlt();
    }

    /** Writes entry {@code index} of the table at {@code table}. */
    static void entry(MemorySegment memory, long table, int index, long value) {
        memory.set(LE, table + 8L * index, value);
    }

    /** Entry {@code index} of the table at {@code table}. */
    static long entryAt(MemorySegment memory, long table, int index) {
        return memory.get(LE, table + 8L * index);
    }

    private static long canonical(long address) {
        return address << 16 >> 16;
    }
}
