package org.kvmlab.review.bench;

import static com.google.common.truth.Truth.assertThat;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kvmlab.review.FakeRepo;

/** Ratios, intervals and target verdicts on the fixed JMH JSON of the test resources. */
class PerformanceTest {
    private static final List<JmhResult> RESULTS = read();
    private static final Performance.Result P = Performance.of("fixed", RESULTS);

    private static List<JmhResult> read() {
        try {
            return JmhResult.read(FakeRepo.resource("/bench/fixed-quick.json"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void parse_designNamesParamsAndAllocation() {
        assertThat(RESULTS).hasSize(46);
        JmhResult first = RESULTS.get(0);
        assertThat(first.name()).isEqualTo("ReadWriteBenchmark.readGuest");
        assertThat(first.design()).isEqualTo("x86-prefixed");
        assertThat(first.params()).containsExactly("level", "vm", "size", "4096");
        assertThat(first.score()).isEqualTo(42.0);
        assertThat(first.error()).isEqualTo(0.2);
        assertThat(first.allocNorm()).isEqualTo(0.0003);
        assertThat(P.designs()).containsExactly("x86-prefixed", "macro-generic", "vcpu-accessors", "fake-vcpu").inOrder();
    }

    @Test
    void ratioToLimit_withTheIntervalOfBothErrors() {
        Performance.Ratio r = P.toLimit().stream().filter(x -> x.design().equals("x86-prefixed")
                && x.benchmark().equals("ReadWriteBenchmark.readGuest") && x.level().equals("vcpu")).findFirst().orElseThrow();
        assertThat(r.against()).isEqualTo("ReadWriteBenchmark.limit_read");
        assertThat(r.value()).isWithin(1e-9).of(1.25);
        assertThat(r.low()).isWithin(1e-9).of(49.8 / 40.4);
        assertThat(r.high()).isWithin(1e-9).of(50.2 / 39.6);
        assertThat(r.verdict(1.10)).isEqualTo("missed");
        // Every design run with a limit in its class and matching parameters has a ratio: 16 + 8 + 8.
        assertThat(P.toLimit()).hasSize(32);
    }

    @Test
    void targets_metOpenOrMissed_byTheWholeInterval() {
        assertThat(verdicts(Performance.T_4K)).containsExactly("met", "missed", "open", "met", "missed");
        assertThat(P.target(Performance.T_4K, "macro-generic").worst().value()).isWithin(1e-9).of(1.10);
        assertThat(verdicts(Performance.T_8B)).containsExactly("met", "met", "missed", "met", "met");
        assertThat(P.target(Performance.T_8B, "macro-generic").worst().value()).isWithin(1e-9).of(4.2);
        assertThat(verdicts(Performance.T_VCPU)).containsExactly("met", "missed", "met", "met", "met");
        assertThat(P.target(Performance.T_VCPU, "x86-prefixed").worst().value()).isWithin(1e-9).of(50.0 / 42.0);
        assertThat(verdicts(Performance.T_SLOTS)).containsExactly("met", "missed", "met", "open", "met");
        assertThat(P.target(Performance.T_SLOTS, "x86-prefixed").worst().value()).isWithin(1e-9).of(2.5);
        assertThat(verdicts(Performance.T_ALLOC)).containsExactly("met", "met", "met", "met", "missed");
    }

    /** A leading "met" as a sentinel keeps the list's order readable: x86, macro, vcpu-acc, fake. */
    private static List<String> verdicts(String target) {
        List<String> v = new java.util.ArrayList<>(List.of("met"));
        for (String d : P.designs()) {
            v.add(P.target(target, d).verdict());
        }
        return v;
    }

    @Test
    void pollutedAgainstClean_andSlotPoints() {
        Performance.Ratio macro = P.pollutedToClean().stream().filter(r -> r.design().equals("macro-generic")
                && r.level().equals("vm")).findFirst().orElseThrow();
        assertThat(macro.against()).isEqualTo("ReadWriteBenchmark.readGuest");
        assertThat(macro.value()).isWithin(1e-9).of(52.0 / 43.0);
        assertThat(P.pollutedToClean()).hasSize(8);
        assertThat(P.slotPoints()).hasSize(10);
        Performance.Allocation fake = P.allocation().stream().filter(a -> a.design().equals("fake-vcpu")).findFirst().orElseThrow();
        assertThat(fake.maxBytesPerOp()).isEqualTo(24.0);
        assertThat(fake.benchmark()).startsWith("ReadWriteBenchmark.readGuest");
    }

    @Test
    void suffixConventions_levelFromTheMethodName_typedLimits_oldAllocationKey() throws IOException {
        String json = """
                [{"benchmark":"org.kvmlab.bench.GuestCopyBench.readGuest_vm","mode":"avgt","params":{"design":"FAKE_VCPU","size":"4096"},
                  "primaryMetric":{"score":50.0,"scoreError":1.0,"scoreUnit":"ns/op"},
                  "secondaryMetrics":{"\u00b7gc.alloc.rate.norm":{"score":0.001,"scoreError":"NaN","scoreUnit":"B/op"}}},
                 {"benchmark":"org.kvmlab.bench.GuestCopyBench.readGuest_vcpu","mode":"avgt","params":{"design":"FAKE_VCPU","size":"4096"},
                  "primaryMetric":{"score":60.0,"scoreError":1.0,"scoreUnit":"ns/op"},"secondaryMetrics":{}},
                 {"benchmark":"org.kvmlab.bench.GuestCopyBench.readGuest_vcpuSmm","mode":"avgt","params":{"design":"FAKE_VCPU","size":"4096"},
                  "primaryMetric":{"score":61.0,"scoreError":1.0,"scoreUnit":"ns/op"},"secondaryMetrics":{}},
                 {"benchmark":"org.kvmlab.bench.GuestCopyBench.limit_read","mode":"avgt","params":{"size":"4096"},
                  "primaryMetric":{"score":40.0,"scoreError":"NaN","scoreUnit":"ns/op"},"secondaryMetrics":{}},
                 {"benchmark":"org.kvmlab.bench.GuestCopyBench.limit_readTyped","mode":"avgt","params":{"size":"4096"},
                  "primaryMetric":{"score":20.0,"scoreError":0.0,"scoreUnit":"ns/op"},"secondaryMetrics":{}}]
                """;
        Performance.Result p = Performance.of("inline", JmhResult.parse(json));
        assertThat(p.toLimit().stream().map(r -> r.benchmark() + " " + r.level() + " / " + r.against()).toList())
                .containsExactly("GuestCopyBench.readGuest_vm vm / GuestCopyBench.limit_read",
                        "GuestCopyBench.readGuest_vcpu vcpu / GuestCopyBench.limit_read",
                        "GuestCopyBench.readGuest_vcpuSmm vcpu-smm / GuestCopyBench.limit_read");
        assertThat(p.typedLimit()).hasSize(3);
        assertThat(p.typedLimit().get(0).against()).isEqualTo("GuestCopyBench.limit_readTyped");
        assertThat(p.vcpuToVm()).hasSize(1);
        assertThat(p.vcpuToVm().get(0).value()).isWithin(1e-9).of(1.2);
        assertThat(p.allocation().get(0).maxBytesPerOp()).isEqualTo(0.001);
        assertThat(p.target(Performance.T_4K, "fake-vcpu").verdict()).isEqualTo("missed");
        assertThat(p.target(Performance.T_SLOTS, "fake-vcpu").verdict()).isEqualTo("not measured");
    }
}
