package org.kvmlab.conformance.addressspaces;

import org.kvmlab.conformance.suite.ConformanceSuite;

/**
 * The reference model's address-space mode passes the suite as a design with address spaces: the
 * suite's contract-aware examples, the corpus with exactly the known declared differences, and the
 * differential properties against itself.
 */
class AddressSpaceReferenceConformanceTest extends ConformanceSuite {
    AddressSpaceReferenceConformanceTest() {
        super(new AddressSpaceReferenceAdapter());
    }
}
