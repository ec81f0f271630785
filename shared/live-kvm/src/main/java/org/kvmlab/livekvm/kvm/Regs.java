package org.kvmlab.livekvm.kvm;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * {@code struct kvm_regs}: a vCPU's general-purpose registers, {@code rip} and {@code rflags}, as
 * {@code KVM_GET_REGS} and {@code KVM_SET_REGS} exchange them (eighteen u64, in {@link Reg}
 * order).
 */
public final class Regs {
    /** {@code sizeof(struct kvm_regs)}. */
    public static final long SIZE = 0x90;

    /** The registers, in the struct's order. */
    public enum Reg { RAX, RBX, RCX, RDX, RSI, RDI, RSP, RBP, R8, R9, R10, R11, R12, R13, R14, R15, RIP, RFLAGS }

    /** {@code RFLAGS} bit 1, which is always set. */
    public static final long RFLAGS_FIXED = 0x2;

    private final MemorySegment segment;

    private Regs(MemorySegment segment) {
        this.segment = segment;
    }

    /** All zero but the fixed bit of {@code rflags}, in memory that {@code arena} owns. */
    public static Regs zeroed(Arena arena) {
        Regs regs = new Regs(arena.allocate(SIZE, 8));
        regs.set(Reg.RFLAGS, RFLAGS_FIXED);
        return regs;
    }

    /** The struct's memory, for the ioctl. */
    MemorySegment segment() {
        return segment;
    }

    /** A register's value. */
    public long get(Reg reg) {
        return segment.get(JAVA_LONG, 8L * reg.ordinal());
    }

    /** Sets a register. */
    public void set(Reg reg, long value) {
        segment.set(JAVA_LONG, 8L * reg.ordinal(), value);
    }
}
