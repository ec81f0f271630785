package org.kvmlab.x86prefixed.conformance;

import org.kvmlab.conformance.suite.ConformanceSuite;
import org.kvmlab.x86prefixed.adapter.X86PrefixedDesign;

/** The x86-prefixed design runs the whole conformance kit. */
class X86PrefixedConformanceTest extends ConformanceSuite {
    X86PrefixedConformanceTest() {
        super(new X86PrefixedDesign());
    }
}
