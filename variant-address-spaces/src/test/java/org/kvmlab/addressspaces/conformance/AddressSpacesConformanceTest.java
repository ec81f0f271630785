package org.kvmlab.addressspaces.conformance;

import org.kvmlab.addressspaces.adapter.AddressSpacesDesign;
import org.kvmlab.conformance.suite.ConformanceSuite;

/**
 * The address-space design runs the whole conformance kit, judged against Linux 4.2's contract:
 * the reference model's address-space mode, and the differences it declares on the corpus
 * ({@link AddressSpacesDifferences}).
 */
class AddressSpacesConformanceTest extends ConformanceSuite {
    AddressSpacesConformanceTest() {
        super(new AddressSpacesDesign());
    }
}
