package org.kvmlab.addressspaces.conformance;

import org.junit.jupiter.api.Tag;
import org.kvmlab.conformance.suite.ConformanceSuite;

/**
 * The reference model's address-space mode, declaring this design's rules, passes the suite as a
 * design with address spaces: the suite's contract-aware examples, the corpus with exactly the
 * listed declared differences, and the differential properties against itself. It checks that the
 * rules and the model agree, so the design's own run is judged against a consistent contract; it
 * says nothing of the design, and the review leaves it out (tag {@code reference-model}).
 */
@Tag("reference-model")
class ReferenceModelWithTheseDifferencesTest extends ConformanceSuite {
    ReferenceModelWithTheseDifferencesTest() {
        super(new AddressSpacesDifferencesTest.ReferenceModelDeclaring());
    }
}
