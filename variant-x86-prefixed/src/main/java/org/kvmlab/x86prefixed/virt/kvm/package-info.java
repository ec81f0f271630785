/**
 * The generic accessors of {@code virt/kvm/kvm_main.c} as Linux 4.1 had them before the SMM
 * series: VM-level only, blind to SMRAM. In this design they do not change; they are also the
 * pre-series baseline the review measures every design's patch against.
 */
package org.kvmlab.x86prefixed.virt.kvm;
