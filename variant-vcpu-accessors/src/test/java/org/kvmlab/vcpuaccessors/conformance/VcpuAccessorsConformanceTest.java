package org.kvmlab.vcpuaccessors.conformance;

import org.kvmlab.conformance.suite.ConformanceSuite;
import org.kvmlab.vcpuaccessors.adapter.VcpuAccessorsDesign;

/** The vCPU-accessors design runs the whole conformance kit. */
class VcpuAccessorsConformanceTest extends ConformanceSuite {
    VcpuAccessorsConformanceTest() {
        super(new VcpuAccessorsDesign());
    }
}
