/**
 * The running kernel as a column of the conformance run ({@code kvmlab scenario --variant
 * live-kvm}): each scenario line mapped onto its kernel path or counted as not mappable, and
 * judged against the 2015 contract as agreeing, declared by a rule of the kernel's own (decided
 * from its capabilities at run time), a follow-on of an earlier difference, or a failure.
 */
package org.kvmlab.livekvm.scenario;
