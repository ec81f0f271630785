/**
 * The generic accessors of {@code virt/kvm/kvm_main.c} as Linux 4.1 had them before the SMM
 * series: VM-level only, blind to SMRAM. In this design they do not change: their code is that of
 * the baseline module, {@code baseline-linux41}, which the review measures every patch against.
 */
package org.kvmlab.x86prefixed.virt.kvm;
