package org.kvmlab.bench.verdict;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** JMH's JSON, as ProfileRunner writes it and as older JMH versions spelled allocation. */
class JmhJsonTest {

    @Test
    void reads_nameDesignParamsErrorAndAllocation() throws IOException {
        List<Measurement> ms = JmhJson.parse("""
                [{"benchmark":"org.kvmlab.bench.GuestCopyBench.readGuest_vm","mode":"avgt",
                  "params":{"design":"FAKE_VCPU","size":"4096"},
                  "primaryMetric":{"score":50.0,"scoreError":1.5,"scoreUnit":"ns/op"},
                  "secondaryMetrics":{"\u00b7gc.alloc.rate.norm":{"score":0.001,"scoreError":"NaN","scoreUnit":"B/op"}}},
                 {"benchmark":"org.kvmlab.bench.GuestCopyBench.limit_read","mode":"avgt","params":{"size":"4096"},
                  "primaryMetric":{"score":40.0,"scoreError":"NaN","scoreUnit":"ns/op"},"secondaryMetrics":{}}]
                """);
        assertThat(ms).hasSize(2);
        Measurement read = ms.get(0);
        assertThat(read.benchmark()).isEqualTo("GuestCopyBench.readGuest_vm");
        assertThat(read.design()).isEqualTo("fake-vcpu");
        assertThat(read.params()).containsExactly("size", "4096");
        assertThat(read.error()).isEqualTo(1.5);
        assertThat(read.allocNorm()).isEqualTo(0.001);
        assertThat(ms.get(1).design()).isNull();
        assertThat(ms.get(1).error()).isEqualTo(0.0);
        assertThat(ms.get(1).hasAllocation()).isFalse();
    }

    /** {@code rawData} gives each fork's mean and interval; one fork gives none, as does a malformed list. */
    @Test
    void reads_eachForkFromRawData() throws IOException {
        List<Measurement> ms = JmhJson.parse("""
                [{"benchmark":"org.kvmlab.bench.SlotScalingBench.lookup_random","params":{"design":"x86-prefixed","slots":"32764"},
                  "primaryMetric":{"score":40.0,"scoreError":9.0,"scoreUnit":"ns/op","rawData":[[30,31,29],[50,50,50]]}},
                 {"benchmark":"org.kvmlab.bench.SlotScalingBench.lookup_random","params":{"design":"x86-prefixed","slots":"509"},
                  "primaryMetric":{"score":20.0,"scoreError":1.0,"scoreUnit":"ns/op","rawData":[[20,20,20]]}},
                 {"benchmark":"org.kvmlab.bench.SlotScalingBench.lookup_random","params":{"design":"fake-vcpu","slots":"509"},
                  "primaryMetric":{"score":20.0,"scoreError":1.0,"scoreUnit":"ns/op","rawData":[[20,"x"],[20,21]]}}]
                """);
        List<Measurement.Fork> forks = ms.get(0).forks();
        assertThat(forks).hasSize(2);
        assertThat(forks.get(0).index()).isEqualTo(1);
        assertThat(forks.get(0).score()).isWithin(1e-9).of(30.0);
        assertThat(forks.get(0).error()).isGreaterThan(1.0);
        assertThat(forks.get(1).score()).isWithin(1e-9).of(50.0);
        assertThat(forks.get(1).error()).isEqualTo(0.0);
        Measurement second = ms.get(0).fork(forks.get(1));
        assertThat(second.params()).containsExactly("slots", "32764", Measurement.FORK, "2");
        assertThat(second.score()).isWithin(1e-9).of(50.0);
        assertThat(ms.get(1).forks()).isEmpty();
        assertThat(ms.get(2).forks()).isEmpty();
    }

    @Test
    void refuses_whatIsNotJmhJson_sayingWhat() {
        IOException notAList = assertThrows(IOException.class, () -> JmhJson.parse("{\"benchmark\":1}"));
        assertThat(notAList).hasMessageThat().contains("top level is not a list");
        IOException noScore = assertThrows(IOException.class, () -> JmhJson.parse("[{\"benchmark\":\"a.B.c\"}]"));
        assertThat(noScore).hasMessageThat().contains("entry 0");
        IOException notJson = assertThrows(IOException.class, () -> JmhJson.parse("[{"));
        assertThat(notJson).hasMessageThat().startsWith("not JSON");
    }
}
