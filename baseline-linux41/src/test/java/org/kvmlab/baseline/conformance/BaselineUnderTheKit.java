package org.kvmlab.baseline.conformance;

import org.kvmlab.baseline.adapter.BaselineLinux41Design;
import org.kvmlab.conformance.suite.ConformanceSuite;

/**
 * The kit's whole suite on the baseline. Its name is no test class's on purpose: Surefire does
 * not run it as a whole, because DESIGN.md rules 2 and 3 must fail on a layer without vCPU visibility;
 * {@link BaselineConformanceTest} runs it through the JUnit Platform launcher, rule by rule.
 */
class BaselineUnderTheKit extends ConformanceSuite {
    BaselineUnderTheKit() {
        super(new BaselineLinux41Design());
    }
}
