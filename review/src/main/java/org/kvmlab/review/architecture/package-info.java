/**
 * Each design's architecture as the review reports it: its ArchUnit rules, with whether each
 * holds and catches its deliberately wrong classes, and which of its packages, the counterparts
 * of {@code virt/kvm/} and {@code arch/x86/kvm/}, depend on which.
 */
package org.kvmlab.review.architecture;
