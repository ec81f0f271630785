/**
 * What every design's ArchUnit rules share (DESIGN.md section 2): a design's main code is its
 * {@code virt} and {@code arch} packages, the counterparts of {@code virt/kvm/} and
 * {@code arch/x86/kvm/}, and it depends on the shared core alone.
 */
package org.kvmlab.conformance.architecture;
