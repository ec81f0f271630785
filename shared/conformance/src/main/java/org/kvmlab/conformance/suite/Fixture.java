package org.kvmlab.conformance.suite;

import static com.google.common.truth.Truth.assertWithMessage;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import org.kvmlab.conformance.GuestVm;
import org.kvmlab.core.host.Prot;
import org.kvmlab.core.kvm.Vcpu;
import org.kvmlab.core.memslot.MemslotFlags;

/**
 * Set-up shorthand for the example tests: host memory at a fixed address, slots created with an
 * assertion that they were, and buffers. Keeps each example down to the behaviour it specifies.
 */
public final class Fixture {
    /** Where the examples map host memory. */
    public static final long HVA = 0x7f0000000000L;
    /** Slot flags, short. */
    public static final int NONE = 0;
    public static final int LOG = MemslotFlags.KVM_MEM_LOG_DIRTY_PAGES;
    public static final int RO = MemslotFlags.KVM_MEM_READONLY;
    public static final int SMRAM = MemslotFlags.KVM_MEM_X86_SMRAM;

    private final GuestVm vm;

    Fixture(GuestVm vm) {
        this.vm = vm;
    }

    /** The VM under test. */
    public GuestVm vm() {
        return vm;
    }

    /** Maps {@code size} bytes of read-write host memory at {@link #HVA} + {@code offset}. */
    public Fixture map(long offset, long size) {
        assertWithMessage("mmap").that(vm.mmap(HVA + offset, size, Prot.RW)).isEqualTo(0);
        return this;
    }

    /**
     * Creates slot {@code id} at gpa, backed by host memory at {@link #HVA} + {@code hvaOffset}, as
     * a scenario's {@code region} line does: with the {@link #SMRAM} flag it is SMRAM, which a
     * design with address spaces puts in address space 1.
     */
    public Fixture slot(int id, long gpa, long size, long hvaOffset, int flags) {
        int rc = vm.region(id, flags & ~SMRAM, (flags & SMRAM) != 0, gpa, size, HVA + hvaOffset);
        assertWithMessage("KVM_SET_USER_MEMORY_REGION slot %s", id).that(rc).isEqualTo(0);
        return this;
    }

    /** Deletes slot {@code id}, which must exist. */
    public Fixture deleteSlot(int id) {
        int rc = vm.region(id, 0, false, 0, 0, HVA);
        assertWithMessage("delete slot %s", id).that(rc).isEqualTo(0);
        return this;
    }

    /** vCPU {@code id}, created on first use. */
    public Vcpu vcpu(int id) {
        return vm.vcpu(id);
    }

    /** vCPU {@code id} in SMM. */
    public Vcpu vcpuInSmm(int id) {
        Vcpu vcpu = vm.vcpu(id);
        vcpu.setSmm(true);
        return vcpu;
    }

    /**
     * Page tables for {@code vcpu}: a 4-level walk from CR3 = {@code tables}, with the PML4, PDPT,
     * PD and PT in the four pages from there, that maps guest-virtual page i to guest-physical
     * {@code target + i * 4096} for every i below {@code pages}, read-write. Written at VM level.
     */
    public Fixture pageTables(Vcpu vcpu, long tables, long target, int pages) {
        for (int level = 0; level < 3; level++) {
            writeEntry(tables + level * 0x1000L, tables + (level + 1) * 0x1000L);
        }
        for (int i = 0; i < pages; i++) {
            writeEntry(tables + 3 * 0x1000L + 8L * i, target + i * 0x1000L);
        }
        assertWithMessage("CR3 of %s", vcpu).that(vcpu.setCr3(tables)).isEqualTo(0);
        return this;
    }

    /** A present, writable entry at gpa pointing at the page {@code next}. */
    private void writeEntry(long gpa, long next) {
        MemorySegment entry = MemorySegment.ofArray(new long[] {next | 0x3});
        assertWithMessage("page-table entry at 0x%s", Long.toHexString(gpa))
                .that(vm.writeGuest(null, gpa, entry, 0, 8)).isEqualTo(0);
    }

    /** The host bytes of {@code size} bytes at {@link #HVA} + {@code offset}, read straight from host memory. */
    public byte[] host(long offset, int size) {
        MemorySegment bytes = buffer(size);
        vm.kvm().mm().copyFromUser(bytes, 0, HVA + offset, size);
        return contents(bytes);
    }

    /** A zeroed heap buffer. */
    public static MemorySegment buffer(int size) {
        return MemorySegment.ofArray(new byte[size]);
    }

    /** A buffer holding {@code size} copies of {@code value}. */
    public static MemorySegment filled(int size, int value) {
        byte[] bytes = new byte[size];
        Arrays.fill(bytes, (byte) value);
        return MemorySegment.ofArray(bytes);
    }

    /** A buffer of the given bytes. */
    public static MemorySegment bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return MemorySegment.ofArray(bytes);
    }

    /** The buffer's bytes. */
    public static byte[] contents(MemorySegment segment) {
        return segment.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
    }

    /** What the VM reads at gpa, through the VM-level accessor, asserting the read succeeds. */
    public byte[] peek(long gpa, int len) {
        return peek(null, gpa, len);
    }

    /** What {@code ctx} reads at gpa, asserting the read succeeds. */
    public byte[] peek(Vcpu ctx, long gpa, int len) {
        MemorySegment dst = buffer(len);
        assertWithMessage("read of %s bytes at 0x%s by %s", len, Long.toHexString(gpa), ctx == null ? "vm" : ctx)
                .that(vm.readGuest(ctx, gpa, dst, 0, len)).isEqualTo(0);
        return contents(dst);
    }

    /** {@code size} copies of {@code value}, as an array. */
    public static byte[] repeat(int size, int value) {
        byte[] bytes = new byte[size];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }
}
