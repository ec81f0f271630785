package org.kvmlab.macrogeneric.conformance;

import org.kvmlab.conformance.suite.ConformanceSuite;

/** The macro-generic design runs the whole conformance kit. */
class MacroGenericConformanceTest extends ConformanceSuite {
    MacroGenericConformanceTest() {
        super(new MacroGenericAdapter());
    }
}
