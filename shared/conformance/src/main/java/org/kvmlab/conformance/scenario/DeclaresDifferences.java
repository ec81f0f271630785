package org.kvmlab.conformance.scenario;

import java.util.List;

/**
 * Implemented by what the kit runs for a design whose contract is Linux 4.2's rather than the
 * 2015 flag-based one (address spaces). The runner then also runs each file on both modes of the
 * reference model and judges each line three ways (SCENARIOS.md section 6); the kit's
 * differential tests compare the design with the address-space mode.
 */
public interface DeclaresDifferences {
    /** The design's difference rules, first match first. */
    List<DifferenceRule> declaredDifferences();

    /**
     * Every line the design declares on the kit's scenario corpus, as the runner prints it
     * ({@code FILE:LINE: variant NAME: declared (RULE): ...}), in corpus order: the suite fails
     * when a difference disappears or a new one appears.
     */
    default List<String> declaredCorpus() {
        return List.of();
    }
}
