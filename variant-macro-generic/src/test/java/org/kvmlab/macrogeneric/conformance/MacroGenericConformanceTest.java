package org.kvmlab.macrogeneric.conformance;

import org.kvmlab.conformance.suite.ConformanceSuite;
import org.kvmlab.macrogeneric.adapter.MacroGenericDesign;

/** The macro-generic design runs the whole conformance kit. */
class MacroGenericConformanceTest extends ConformanceSuite {
    MacroGenericConformanceTest() {
        super(new MacroGenericDesign());
    }
}
