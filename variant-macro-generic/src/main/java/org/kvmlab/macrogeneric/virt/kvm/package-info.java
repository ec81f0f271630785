/**
 * The generic layer of the macro-generic design, {@code virt/kvm/kvm_main.c} after the thread's
 * proposal: the accessor bodies of Linux 4.1 as generic methods over an access context, taking the
 * memslot lookup and the per-page operation as strategy constants, the two strategy interfaces,
 * and the VM-level {@code kvm_*} accessors as one-line instantiations. Nothing here knows SMRAM
 * or any vCPU.
 */
package org.kvmlab.macrogeneric.virt.kvm;
