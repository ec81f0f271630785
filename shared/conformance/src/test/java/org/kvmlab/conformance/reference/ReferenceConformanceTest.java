package org.kvmlab.conformance.reference;

import org.kvmlab.conformance.suite.ConformanceSuite;

/** The reference model passes the suite it anchors. */
class ReferenceConformanceTest extends ConformanceSuite {
    ReferenceConformanceTest() {
        super(new ReferenceAdapter());
    }
}
