package org.kvmlab.vcpuaccessors.conformance;

import org.kvmlab.conformance.suite.ConformanceSuite;

/** The vCPU-accessors design runs the whole conformance kit. */
class VcpuAccessorsConformanceTest extends ConformanceSuite {
    VcpuAccessorsConformanceTest() {
        super(new VcpuAccessorsAdapter());
    }
}
