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
