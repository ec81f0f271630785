/**
 * The generic accessors of {@code virt/kvm/kvm_main.c} as Linux 4.1 had them before the SMM
 * series: VM-level only, blind to SMRAM, with no vCPU anywhere. The lab's neutral baseline: the
 * review measures every design's patch against this package and {@code arch.x86}, and no design
 * edits either.
 */
package org.kvmlab.baseline.virt.kvm;
