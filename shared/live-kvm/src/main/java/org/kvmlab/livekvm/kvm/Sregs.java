package org.kvmlab.livekvm.kvm;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * {@code struct kvm_sregs}: a vCPU's segment registers (the hidden parts included, so that a
 * guest needs no code to load them), descriptor tables, control registers and EFER, as
 * {@code KVM_GET_SREGS} and {@code KVM_SET_SREGS} exchange them.
 *
 * <p>Layout: eight {@code struct kvm_segment} of 24 bytes (cs, ds, es, fs, gs, ss, tr, ldt),
 * {@code gdt} and {@code idt} ({@code struct kvm_dtable}, 16 bytes each), then cr0, cr2, cr3,
 * cr4, cr8, efer, apic_base and the 256-bit interrupt bitmap.
 */
public final class Sregs {
    /** {@code sizeof(struct kvm_sregs)}. */
    public static final long SIZE = 0x138;

    /** The segment registers, in the struct's order. */
    public enum Seg { CS, DS, ES, FS, GS, SS, TR, LDT }

    private static final long SEGMENT_SIZE = 24;
    private static final long GDT = 0xc0;
    private static final long IDT = 0xd0;
    private static final long CR0 = 0xe0;
    private static final long CR2 = 0xe8;
    private static final long CR3 = 0xf0;
    private static final long CR4 = 0xf8;
    private static final long EFER = 0x108;

    private final MemorySegment segment;

    private Sregs(MemorySegment segment) {
        this.segment = segment;
    }

    /** All zero, in memory that {@code arena} owns. */
    public static Sregs zeroed(Arena arena) {
        return new Sregs(arena.allocate(SIZE, 8));
    }

    /** The struct's memory, for the ioctl. */
    MemorySegment segment() {
        return segment;
    }

    /**
     * Sets a segment register, hidden part included ({@code struct kvm_segment}: base, limit,
     * selector, then the type, present, dpl, db, s, l, g and avl bytes).
     */
    public void setSegment(Seg seg, long base, int limit, int selector, int type, boolean s, boolean l,
                           boolean db, boolean g) {
        long at = SEGMENT_SIZE * seg.ordinal();
        segment.set(JAVA_LONG, at, base);
        segment.set(JAVA_INT, at + 8, limit);
        segment.set(JAVA_SHORT, at + 12, (short) selector);
        segment.set(JAVA_BYTE, at + 14, (byte) type);
        segment.set(JAVA_BYTE, at + 15, (byte) 1);            // present
        segment.set(JAVA_BYTE, at + 16, (byte) 0);            // dpl
        segment.set(JAVA_BYTE, at + 17, (byte) (db ? 1 : 0));
        segment.set(JAVA_BYTE, at + 18, (byte) (s ? 1 : 0));
        segment.set(JAVA_BYTE, at + 19, (byte) (l ? 1 : 0));
        segment.set(JAVA_BYTE, at + 20, (byte) (g ? 1 : 0));
        segment.set(JAVA_BYTE, at + 21, (byte) 0);            // avl
        segment.set(JAVA_BYTE, at + 22, (byte) 0);            // unusable
    }

    /** Sets the GDT register. */
    public void setGdt(long base, int limit) {
        segment.set(JAVA_LONG, GDT, base);
        segment.set(JAVA_SHORT, GDT + 8, (short) limit);
    }

    /** Sets the IDT register. */
    public void setIdt(long base, int limit) {
        segment.set(JAVA_LONG, IDT, base);
        segment.set(JAVA_SHORT, IDT + 8, (short) limit);
    }

    /** CR0: paging, protection and write-protect bits. */
    public long cr0() {
        return segment.get(JAVA_LONG, CR0);
    }

    /** Sets CR0. */
    public void setCr0(long value) {
        segment.set(JAVA_LONG, CR0, value);
    }

    /** CR2: the address of the last page fault. */
    public long cr2() {
        return segment.get(JAVA_LONG, CR2);
    }

    /** Sets CR2. */
    public void setCr2(long value) {
        segment.set(JAVA_LONG, CR2, value);
    }

    /** CR3: the top-level page table's address (bits 51:12) and cache flags (bits 11:0). */
    public long cr3() {
        return segment.get(JAVA_LONG, CR3);
    }

    /** Sets CR3; {@code KVM_SET_SREGS} refuses a value the guest's physical-address width cannot hold. */
    public void setCr3(long value) {
        segment.set(JAVA_LONG, CR3, value);
    }

    /** CR4: PAE and the other paging extensions. */
    public long cr4() {
        return segment.get(JAVA_LONG, CR4);
    }

    /** Sets CR4. */
    public void setCr4(long value) {
        segment.set(JAVA_LONG, CR4, value);
    }

    /** EFER: long mode (LME, LMA) and no-execute (NXE). */
    public long efer() {
        return segment.get(JAVA_LONG, EFER);
    }

    /** Sets EFER. */
    public void setEfer(long value) {
        segment.set(JAVA_LONG, EFER, value);
    }

    /** Copies every field from {@code other}. */
    public void copyFrom(Sregs other) {
        segment.copyFrom(other.segment);
    }
}
