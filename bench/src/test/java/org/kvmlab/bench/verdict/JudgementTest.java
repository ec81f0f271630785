package org.kvmlab.bench.verdict;

import static com.google.common.truth.Truth.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kvmlab.bench.design.BenchDesigns;

/**
 * The verdict engine on hand-made measurements of real benchmarks: pairing as the benchmarks
 * declare it, intervals, met/open/missed per design, "every design alike", references and
 * targets that select nothing.
 */
class JudgementTest {
    private static Measurement m(String benchmark, String design, Map<String, String> params, double score, double error) {
        return new Measurement(benchmark, design, params, score, error, "ns/op", 0.0);
    }

    /** The build's baseline, which the verdict engine takes as the reference. */
    private static final String BASELINE = BenchDesigns.references().getFirst();

    private static Measurement copy(String benchmark, String design, double score, double error) {
        return m("GuestCopyBench." + benchmark, design, Map.of("size", "4096"), score, error);
    }

    /** Two designs and the baseline reading 4 KiB against the copy limit, with both levels. */
    private static List<Measurement> fourKib(double aVm, double bVm) {
        List<Measurement> all = new ArrayList<>();
        all.add(copy("readGuest_vm", "design-a", aVm, 1));
        all.add(copy("readGuest_vcpu", "design-a", aVm, 1));
        all.add(copy("readGuest_vm", "design-b", bVm, 1));
        all.add(copy("readGuest_vcpu", "design-b", bVm * 1.3, 1));
        all.add(copy("readGuest_vm", BASELINE, 52, 1));
        all.add(copy("limit_read", null, 40, 0));
        all.add(copy("core_copyFromUser", null, 44, 0));
        return all;
    }

    @Test
    void ratio_intervalSpansWhatBothErrorsAllow_andIsUnboundedWhenTheDenominatorMayBeZero() {
        Figure r = Figure.ratio(Figure.Kind.TO_LIMIT, copy("readGuest_vm", "a", 110, 10), copy("limit_read", null, 100, 10));
        assertThat(r.value()).isWithin(1e-9).of(1.10);
        assertThat(r.low()).isWithin(1e-9).of(100.0 / 110);
        assertThat(r.high()).isWithin(1e-9).of(120.0 / 90);
        Figure unbounded = Figure.ratio(Figure.Kind.TO_LIMIT, copy("readGuest_vm", "a", 10, 1), copy("limit_read", null, 5, 6));
        assertThat(unbounded.high()).isPositiveInfinity();
        assertThat(unbounded.text()).endsWith(", inf]");
    }

    @Test
    void target_metOpenMissed_byTheWholeInterval() {
        Measurement limit = copy("limit_read", null, 100, 1);
        assertThat(Targets.FOUR_KIB.verdict(Figure.ratio(Figure.Kind.TO_LIMIT, copy("readGuest_vm", "a", 130, 1), limit)))
                .isEqualTo(Verdict.MISSED);
        assertThat(Targets.FOUR_KIB.verdict(Figure.ratio(Figure.Kind.TO_LIMIT, copy("readGuest_vm", "a", 112, 5), limit)))
                .isEqualTo(Verdict.OPEN);
        assertThat(Targets.FOUR_KIB.verdict(Figure.ratio(Figure.Kind.TO_LIMIT, copy("readGuest_vm", "a", 100, 1), limit)))
                .isEqualTo(Verdict.MET);
    }

    @Test
    void accessorsPairWithTheLimitsTheirMethodsName_andWithTheirVmTwin() {
        Judgement j = Judgement.of(fourKib(48, 60));
        assertThat(j.figures().toLimit().stream().map(f -> f.design() + " " + f.of().method() + "/" + f.to().method())
                .toList()).containsExactly(
                "design-a readGuest_vm/limit_read", "design-a readGuest_vm/core_copyFromUser",
                "design-a readGuest_vcpu/limit_read", "design-a readGuest_vcpu/core_copyFromUser",
                "design-b readGuest_vm/limit_read", "design-b readGuest_vm/core_copyFromUser",
                "design-b readGuest_vcpu/limit_read", "design-b readGuest_vcpu/core_copyFromUser",
                "baseline-linux41 readGuest_vm/limit_read", "baseline-linux41 readGuest_vm/core_copyFromUser");
        assertThat(j.figures().vcpuToVm()).hasSize(2);
        assertThat(j.figures().vcpuToVm().get(1).value()).isWithin(1e-9).of(1.3);
    }

    @Test
    void verdictPerDesign_isTheWorstFigure_andTheBaselineIsAReferenceNotADesign() {
        Judgement j = Judgement.of(fourKib(42, 60));
        assertThat(j.designs()).containsExactly("design-a", "design-b").inOrder();
        assertThat(j.references()).containsExactly(BASELINE);
        DesignVerdict a = j.verdict(Targets.FOUR_KIB.id(), "design-a");
        assertThat(a.verdict()).isEqualTo(Verdict.MET);
        assertThat(a.figures()).isEqualTo(2);
        DesignVerdict b = j.verdict(Targets.FOUR_KIB.id(), "design-b");
        assertThat(b.verdict()).isEqualTo(Verdict.MISSED);
        assertThat(b.deciding().of().method()).isEqualTo("readGuest_vcpu");
        assertThat(b.cell()).isEqualTo("missed: 1.95 [1.93, 1.98] GuestCopyBench.readGuest_vcpu size=4096");
        TargetOutcome o = j.outcome(Targets.FOUR_KIB.id());
        assertThat(o.alike()).isNull();
        assertThat(o.missedByEveryDesign()).isFalse();
        assertThat(o.summary()).isEqualTo("met by design-a; missed by design-b (reference: baseline-linux41 missed)");
        assertThat(j.verdict(Targets.VCPU_TO_VM.id(), "design-b").verdict()).isEqualTo(Verdict.MISSED);
        assertThat(j.verdict(Targets.VCPU_TO_VM.id(), BASELINE).verdict()).isEqualTo(Verdict.NOT_MEASURED);
    }

    @Test
    void aTargetEveryDesignMisses_isAPropertyOfTheSharedCore() {
        TargetOutcome o = Judgement.of(fourKib(52, 51)).outcome(Targets.FOUR_KIB.id());
        assertThat(o.alike()).isEqualTo(Verdict.MISSED);
        assertThat(o.missedByEveryDesign()).isTrue();
        assertThat(o.summary()).isEqualTo("missed by every design alike (reference: baseline-linux41 missed): "
                + "a property of the shared core, not of a design");
    }

    @Test
    void oneDesignAlone_isNeverEveryDesignAlike() {
        List<Measurement> one = fourKib(52, 51).stream().filter(x -> !"design-b".equals(x.design())).toList();
        assertThat(Judgement.of(one).outcome(Targets.FOUR_KIB.id()).alike()).isNull();
    }

    @Test
    void targetsThatSelectNothing_areNotMeasured_andPollutedRunsStayOutOfTheFourKibTarget() {
        List<Measurement> all = new ArrayList<>(fourKib(42, 43));
        all.add(m("PollutedBench.readGuest_vm", "design-a", Map.of("size", "4096", "pollutionCalls", "20000"), 90, 1));
        all.add(m("PollutedBench.limit_read", null, Map.of("size", "4096"), 40, 0));
        Judgement j = Judgement.of(all);
        assertThat(j.figures().pollutedToClean()).hasSize(1);
        assertThat(j.verdict(Targets.FOUR_KIB.id(), "design-a").verdict()).isEqualTo(Verdict.MET);
        assertThat(j.outcome(Targets.LOOKUP_SCALING.id()).summary()).isEqualTo("not measured for design-a, design-b");
    }

    @Test
    void slotScaling_pairsEachCountWith509_andAllocationBelowOneByteIsNone() {
        List<Measurement> all = new ArrayList<>();
        for (String d : List.of("a", "b")) {
            all.add(new Measurement("SlotScalingBench.lookup_random", d, Map.of("slots", "509"), 12, 0.5, "ns/op", 0.2));
            all.add(new Measurement("SlotScalingBench.lookup_random", d, Map.of("slots", "32764"),
                    d.equals("a") ? 21 : 60, 1, "ns/op", d.equals("a") ? 0.98 : 24));
        }
        Judgement j = Judgement.of(all);
        assertThat(j.figures().slotScaling()).hasSize(2);
        assertThat(j.verdict(Targets.LOOKUP_SCALING.id(), "a").verdict()).isEqualTo(Verdict.MET);
        assertThat(j.verdict(Targets.LOOKUP_SCALING.id(), "b").verdict()).isEqualTo(Verdict.MISSED);
        assertThat(j.verdict(Targets.ZERO_ALLOCATION.id(), "a").verdict()).isEqualTo(Verdict.MET);
        assertThat(j.verdict(Targets.ZERO_ALLOCATION.id(), "b").cell())
                .isEqualTo("missed: 24.000 B/op SlotScalingBench.lookup_random slots=32764");
    }

    /**
     * Three forks at 32764 slots whose pooled interval lies within 2x the 509-slot figure, one of
     * them in a slower mode: the slot-scaling target holds fork by fork, so that fork decides.
     */
    @Test
    void slotScaling_isJudgedForEveryFork_andASlowForkDecides() {
        Measurement base = new Measurement("SlotScalingBench.lookup_random", "a", Map.of("slots", "509"), 20, 0.5,
                "ns/op", 0.0);
        List<Measurement.Fork> forks = List.of(Measurement.Fork.of(1, new double[] {30, 30.5, 29.5, 30, 30}),
                Measurement.Fork.of(2, new double[] {31, 30.5, 31.5, 31, 31}),
                Measurement.Fork.of(3, new double[] {45, 45.5, 44.5, 45, 45}));
        Measurement steady = new Measurement("SlotScalingBench.lookup_random", "a", Map.of("slots", "32764"), 30.5, 0.6,
                "ns/op", 0.0, forks.subList(0, 2));
        Measurement slowFork = new Measurement("SlotScalingBench.lookup_random", "a", Map.of("slots", "32764"), 35.5,
                3.0, "ns/op", 0.0, forks);

        Judgement met = Judgement.of(List.of(base, steady));
        assertThat(met.figures().slotScaling()).hasSize(3);
        assertThat(met.verdict(Targets.LOOKUP_SCALING.id(), "a").verdict()).isEqualTo(Verdict.MET);

        Judgement missed = Judgement.of(List.of(base, slowFork));
        assertThat(missed.figures().slotScaling()).hasSize(4);
        // Together the forks are 1.78x, within the bound; the third alone is 2.25x.
        assertThat(missed.figures().slotScaling().getFirst().high()).isLessThan(2.0);
        DesignVerdict v = missed.verdict(Targets.LOOKUP_SCALING.id(), "a");
        assertThat(v.verdict()).isEqualTo(Verdict.MISSED);
        assertThat(v.deciding().of().param(Measurement.FORK)).isEqualTo("3");
        assertThat(v.deciding().value()).isWithin(1e-9).of(45.0 / 20);
    }

    @Test
    void aBenchmarkThisBenchDoesNotHave_pairsWithNothing() {
        Judgement j = Judgement.of(List.of(m("NoSuchBench.readGuest_vm", "a", Map.of("size", "4096"), 50, 1),
                m("NoSuchBench.limit_read", null, Map.of("size", "4096"), 40, 1)));
        assertThat(j.figures().toLimit()).isEmpty();
        assertThat(j.figures().times()).hasSize(1);
    }

    @Test
    void targets_refuseBadData() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> new Target("Bad Id", "t",
                Figure.Kind.TIME, ".*", null, Map.of(), 1));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> new Target("limit", "t",
                Figure.Kind.TO_LIMIT, ".*", null, Map.of(), 1));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> new Target("nan", "t",
                Figure.Kind.TIME, ".*", null, Map.of(), Double.NaN));
        org.junit.jupiter.api.Assertions.assertThrows(java.util.regex.PatternSyntaxException.class, () -> new Target("re",
                "t", Figure.Kind.TIME, "(", null, Map.of(), 1));
    }

    @Test
    void anAbsoluteTimeTarget_judgesTheMeasurementItself() {
        Target fifty = new Target("random-read-50ns", "8 B random read at 32764 slots <= 50 ns", Figure.Kind.TIME,
                "SlotScalingBench\\.read8_random(Vm|Vcpu)", null, Map.of("slots", "32764"), 50);
        List<Measurement> all = List.of(
                m("SlotScalingBench.read8_randomVm", "a", Map.of("slots", "32764"), 45, 2),
                m("SlotScalingBench.read8_randomVm", "b", Map.of("slots", "32764"), 49, 3),
                m("SlotScalingBench.read8_randomVm", "b", Map.of("slots", "509"), 80, 3));
        Judgement j = Judgement.of(all, List.of(fifty), List.of());
        assertThat(j.verdict(fifty.id(), "a").verdict()).isEqualTo(Verdict.MET);
        assertThat(j.verdict(fifty.id(), "b").verdict()).isEqualTo(Verdict.OPEN);
        assertThat(j.verdict(fifty.id(), "b").cell()).isEqualTo("open: 49.0 [46.0, 52.0] ns/op SlotScalingBench.read8_randomVm slots=32764");
    }
}
