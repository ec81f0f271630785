package org.kvmlab.bench;

import static org.kvmlab.bench.fixture.GuestFixture.expectOk;

import java.util.concurrent.TimeUnit;
import org.kvmlab.bench.design.BenchDesigns;
import org.kvmlab.spi.SlotModel;
import org.kvmlab.bench.fixture.ManySlots;
import org.kvmlab.core.kvm.Kvm;
import org.kvmlab.core.memslot.MemslotFlags;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of {@code KVM_SET_USER_MEMORY_REGION} with 1 to 32764 slots, apart from lookup (as the
 * kernel's memslot_perf_test separates them): create, delete, move and a flags-only change
 * (dirty logging on or off) of the slot at the lowest gpa, which keeps its array position, so
 * that what grows with the count is Linux 4.1's whole-array copy per install and the overlap
 * check, not {@code update_memslots}' shifting. A delete or move installs twice.
 *
 * <p>The code measured is the core's; the design parameter only chooses how a VMM running that
 * design issues the ioctl ({@link SlotModel}: with address spaces, each ordinary region is set in
 * both). Designs with the same slot model measure the same code, so their spread is the noise.
 * Create and delete restore their slot in a per-invocation set-up, which JMH keeps out of the
 * time; at one slot an operation takes about a microsecond, far above the timer's resolution.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class MemslotUpdateBench {

    /** A VM with {@code slots} slots; benchmarks change slot {@code slots - 1}. */
    @State(Scope.Thread)
    public static class Vm {
        @Param(BenchDesigns.ALL)
        public String design;
        @Param({"1", "10", "100", "509", "4096", "32764"})
        public int slots;

        public Kvm kvm;
        public SlotModel model;
        public int id;
        public long gpa;
        public boolean moved;
        public boolean logging;

        @Setup(Level.Trial)
        public void setUp() {
            model = BenchDesigns.named(design).slotModel();
            kvm = ManySlots.create(model, slots).kvm;
            id = slots - 1;
            gpa = ManySlots.gpaOf(slots, id);
            MemslotUpdateBench bench = new MemslotUpdateBench();
            expectOk(bench.move(this), "move away");
            expectOk(bench.move(this), "move back");
            expectOk(bench.flagsOnly(this), "logging on");
            expectOk(bench.flagsOnly(this), "logging off");
        }
    }

    /** As {@link Vm}, with the slot deleted before each invocation. */
    @State(Scope.Thread)
    public static class SlotAbsent {
        @Param(BenchDesigns.ALL)
        public String design;
        @Param({"1", "10", "100", "509", "4096", "32764"})
        public int slots;

        public Kvm kvm;
        public SlotModel model;
        public int id;
        public long gpa;

        @Setup(Level.Trial)
        public void setUp() {
            model = BenchDesigns.named(design).slotModel();
            kvm = ManySlots.create(model, slots).kvm;
            id = slots - 1;
            gpa = ManySlots.gpaOf(slots, id);
            deleteSlot();
            expectOk(new MemslotUpdateBench().create(this), "create");
        }

        @Setup(Level.Invocation)
        public void deleteSlot() {
            expectOk(model.setRegion(kvm, id, 0, gpa, 0, ManySlots.HVA), "delete before create");
        }
    }

    /** As {@link Vm}, with the slot present before each invocation. */
    @State(Scope.Thread)
    public static class SlotPresent {
        @Param(BenchDesigns.ALL)
        public String design;
        @Param({"1", "10", "100", "509", "4096", "32764"})
        public int slots;

        public Kvm kvm;
        public SlotModel model;
        public int id;
        public long gpa;

        @Setup(Level.Trial)
        public void setUp() {
            model = BenchDesigns.named(design).slotModel();
            kvm = ManySlots.create(model, slots).kvm;
            id = slots - 1;
            gpa = ManySlots.gpaOf(slots, id);
            expectOk(new MemslotUpdateBench().delete(this), "delete");
            createSlot();
        }

        @Setup(Level.Invocation)
        public void createSlot() {
            expectOk(model.setRegion(kvm, id, 0, gpa, ManySlots.SLOT_SIZE, ManySlots.HVA), "create before delete");
        }
    }

    @Benchmark
    public int create(SlotAbsent s) {
        return s.model.setRegion(s.kvm, s.id, 0, s.gpa, ManySlots.SLOT_SIZE, ManySlots.HVA);
    }

    @Benchmark
    public int delete(SlotPresent s) {
        return s.model.setRegion(s.kvm, s.id, 0, s.gpa, 0, ManySlots.HVA);
    }

    /** Moves the slot below every other one and back, one move per invocation. */
    @Benchmark
    public int move(Vm s) {
        long to = s.moved ? s.gpa : ManySlots.MOVED_GPA;
        s.moved = !s.moved;
        return s.model.setRegion(s.kvm, s.id, 0, to, ManySlots.SLOT_SIZE, ManySlots.HVA);
    }

    /** Turns dirty logging on and off, one change per invocation. */
    @Benchmark
    public int flagsOnly(Vm s) {
        s.logging = !s.logging;
        int flags = s.logging ? MemslotFlags.KVM_MEM_LOG_DIRTY_PAGES : 0;
        return s.model.setRegion(s.kvm, s.id, flags, s.moved ? ManySlots.MOVED_GPA : s.gpa, ManySlots.SLOT_SIZE,
                ManySlots.HVA);
    }
}
