package org.kvmlab.conformance.suite;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.kvmlab.conformance.GuestVm;
import org.kvmlab.core.host.Prot;
import org.kvmlab.core.kvm.Kvm;
import org.kvmlab.core.kvm.Vcpu;
import org.kvmlab.core.memslot.MemslotFlags;
import org.kvmlab.core.memslot.UserspaceMemoryRegion;

/**
 * vCPU threads write and read guest memory while one thread creates, changes, moves and deletes
 * the slot they use, the way KVM's {@code memslot_modification_stress_test} churns slots under
 * running vCPUs. Each incarnation of the slot is backed by its own host page, so afterwards every
 * host page tells which writes went through which incarnation.
 *
 * <p>What must hold: no access throws; no write goes through an incarnation after its delete
 * returned (the accessing threads hold {@code kvm->srcu} around each access, as a vCPU's run loop
 * does, and the churn thread copies each incarnation's page the moment its delete returns: the
 * page must not change after that); and each page piece lands whole in one backing, never split
 * between the old and the new.
 */
public final class SlotChurnStress {
    private static final long GPA = 0x100000;
    private static final long MOVED_GPA = 0x200000;
    private static final long BACKING = 0x7f1000000000L;
    private static final int RECORD = 64;
    private static final int MAX_INCARNATIONS = 4096;
    private static final int MAX_WRITES = 1 << 24;

    private final GuestVm vm;
    private final int vcpus;
    private final long millis;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicBoolean stopChurn = new AtomicBoolean();
    /** Opened by the first completed churn cycle, or by the end of the run, whichever comes first. */
    private final CountDownLatch churning = new CountDownLatch(1);
    private final ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
    private final byte[][] atDelete = new byte[MAX_INCARNATIONS][];
    private int incarnations;
    private long churnNanos;

    /**
     * What a run did: the problems found (the first ten, empty when the design held up), how many
     * churn cycles (create, flags-only change, move away, move back, delete) it completed, and how
     * long the churn actually ran, which is shorter than asked when it reached its cycle limit or
     * was stopped.
     */
    public record Outcome(List<String> problems, int cycles, long elapsedNanos) {
        /** The time the churn ran, in whole milliseconds. */
        public long elapsedMillis() {
            return elapsedNanos / 1_000_000;
        }
    }

    /** The most churn cycles one run makes, however long it was asked to run. */
    public static final int MAX_CYCLES = MAX_INCARNATIONS;

    /**
     * @param vm     a fresh VM of the design under test
     * @param vcpus  how many accessing threads (vCPU 0 also makes VM-level accesses)
     * @param millis how long the churn runs
     */
    public SlotChurnStress(GuestVm vm, int vcpus, long millis) {
        if (vcpus < 1 || vcpus > 64) {
            throw new IllegalArgumentException("vcpus " + vcpus + " is not in [1, 64]");
        }
        this.vm = vm;
        this.vcpus = vcpus;
        this.millis = millis;
    }

    /**
     * Ends the churn early, from another thread: {@link #run()} then returns after the cycle under
     * way, so that the stress can run alongside something of unknown length.
     */
    public void stop() {
        stopChurn.set(true);
    }

    /**
     * Waits, from another thread, until the churn has completed its first cycle or the run has
     * ended: what the caller does next then runs alongside a churn already under way, however late
     * the scheduler started it.
     */
    public void awaitChurning() throws InterruptedException {
        churning.await();
    }

    /** Runs the stress until its time is up, its cycle limit is reached or {@link #stop()} is called. */
    public Outcome run() throws InterruptedException {
        try {
            return stress();
        } finally {
            churning.countDown();
        }
    }

    private Outcome stress() throws InterruptedException {
        if (vm.mmap(BACKING, (long) MAX_INCARNATIONS * 4096, Prot.RW) != 0) {
            throw new IllegalStateException("cannot map the backing pages");
        }
        List<Thread> threads = new ArrayList<>();
        for (int v = 0; v < vcpus; v++) {
            Vcpu vcpu = vm.vcpu(v);
            int index = v;
            threads.add(Thread.ofPlatform().name("vcpu" + v).start(() -> access(index, vcpu)));
        }
        Thread churn = Thread.ofPlatform().name("slot-churn").start(this::churn);
        churn.join();
        stop.set(true);
        for (Thread t : threads) {
            t.join();
        }
        verifyBackings();
        List<String> found = new ArrayList<>(problems);
        if (found.size() > 10) {
            int more = found.size() - 10;
            found = new ArrayList<>(found.subList(0, 10));
            found.add("... and " + more + " more");
        }
        return new Outcome(List.copyOf(found), incarnations, churnNanos);
    }

    private void churn() {
        long start = System.nanoTime();
        long deadline = start + millis * 1_000_000;
        try {
            for (int k = 0; k < MAX_INCARNATIONS && System.nanoTime() < deadline && !stopChurn.get(); k++) {
                long hva = BACKING + (long) k * 4096;
                int flags = (k & 1) == 0 ? 0 : MemslotFlags.KVM_MEM_LOG_DIRTY_PAGES;
                expect(region(flags, GPA, 4096, hva), "create incarnation " + k);
                expect(region(flags ^ MemslotFlags.KVM_MEM_LOG_DIRTY_PAGES, GPA, 4096, hva), "flags-only change " + k);
                expect(region(flags, MOVED_GPA, 4096, hva), "move away " + k);
                expect(region(flags, GPA, 4096, hva), "move back " + k);
                expect(region(0, 0, 0, hva), "delete " + k);
                atDelete[k] = records(k);
                incarnations = k + 1;
                churning.countDown();
            }
        } catch (Throwable t) {
            problems.add("slot churn threw " + t);
        }
        churnNanos = System.nanoTime() - start;
    }

    private int region(int flags, long gpa, long size, long hva) {
        return vm.setUserMemoryRegion(new UserspaceMemoryRegion(1, flags, gpa, size, hva));
    }

    private void expect(int rc, String what) {
        if (rc != 0) {
            problems.add(what + " returned " + rc);
        }
    }

    private void access(int v, Vcpu vcpu) {
        Kvm kvm = vm.kvm();
        MemorySegment record = MemorySegment.ofArray(new byte[RECORD]);
        MemorySegment readBack = MemorySegment.ofArray(new byte[RECORD]);
        long gpa = GPA + (long) v * RECORD;
        try {
            for (int seq = 0; seq < MAX_WRITES && !stop.get(); seq++) {
                fill(record, v, seq);
                Vcpu ctx = v == 0 && (seq & 1) == 0 ? null : vcpu;
                int idx = kvm.srcu().readLock();
                try {
                    vm.writeGuest(ctx, gpa, record, 0, RECORD);
                    if (vm.readGuest(ctx, gpa, readBack, 0, RECORD) == 0 && torn(readBack)) {
                        problems.add("vCPU " + v + " read a torn record " + describe(readBack));
                    }
                } finally {
                    kvm.srcu().readUnlock(idx);
                }
            }
        } catch (Throwable t) {
            problems.add("vCPU " + v + " threw " + t);
        }
    }

    /** The vCPUs' records in incarnation k's host page, read straight from host memory. */
    private byte[] records(int k) {
        MemorySegment found = MemorySegment.ofArray(new byte[vcpus * RECORD]);
        vm.kvm().mm().copyFromUser(found, 0, BACKING + (long) k * 4096, found.byteSize());
        return found.toArray(ValueLayout.JAVA_BYTE);
    }

    private void verifyBackings() {
        for (int k = 0; k < incarnations; k++) {
            byte[] now = records(k);
            if (!java.util.Arrays.equals(now, atDelete[k])) {
                problems.add("incarnation " + k + " was written after its delete returned");
            }
            for (int v = 0; v < vcpus; v++) {
                MemorySegment record = MemorySegment.ofArray(now).asSlice((long) v * RECORD, RECORD);
                if (torn(record)) {
                    problems.add("incarnation " + k + " holds a write split between backings: " + describe(record));
                } else if (record.get(ValueLayout.JAVA_LONG_UNALIGNED, 0) != 0
                        && (int) (record.get(ValueLayout.JAVA_LONG_UNALIGNED, 0) >>> 48) - 1 != v) {
                    problems.add("incarnation " + k + " holds another vCPU's record at vCPU " + v + "'s place");
                }
            }
        }
    }

    private static void fill(MemorySegment record, int v, int seq) {
        long word = ((long) (v + 1) << 48) | seq;
        for (int i = 0; i < RECORD; i += 8) {
            record.set(ValueLayout.JAVA_LONG_UNALIGNED, i, word);
        }
    }

    private static boolean torn(MemorySegment record) {
        long first = record.get(ValueLayout.JAVA_LONG_UNALIGNED, 0);
        for (int i = 8; i < RECORD; i += 8) {
            if (record.get(ValueLayout.JAVA_LONG_UNALIGNED, i) != first) {
                return true;
            }
        }
        return false;
    }

    private static String describe(MemorySegment record) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < RECORD; i += 8) {
            s.append(Long.toHexString(record.get(ValueLayout.JAVA_LONG_UNALIGNED, i))).append(' ');
        }
        return s.toString().trim();
    }
}
