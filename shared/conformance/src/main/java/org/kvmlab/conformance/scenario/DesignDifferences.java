package org.kvmlab.conformance.scenario;

/**
 * A design's declared differences from the flag-based contract, registered with
 * {@link java.util.ServiceLoader} in the design's test resources
 * ({@code META-INF/services/org.kvmlab.conformance.scenario.DesignDifferences}): the rules live in
 * the design's own module, beside the corpus lines they declare, and the kit gives them to the
 * design when it runs it.
 */
public interface DesignDifferences extends DeclaresDifferences {
    /** The name of the design that declares them. */
    String design();
}
