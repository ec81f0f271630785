package org.kvmlab.fakevcpu.conformance;

import org.kvmlab.conformance.suite.ConformanceSuite;
import org.kvmlab.fakevcpu.adapter.FakeVcpuDesign;

/** The fake-vCPU design runs the whole conformance kit. */
class FakeVcpuConformanceTest extends ConformanceSuite {
    FakeVcpuConformanceTest() {
        super(new FakeVcpuDesign());
    }
}
