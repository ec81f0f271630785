/**
 * The JMH benchmarks (DESIGN.md section 7): the accessors of {@code virt/kvm/kvm_main.c} that the
 * designs implement, memslot lookup from 1 to 32764 slots and {@code KVM_SET_USER_MEMORY_REGION}
 * updates as the kernel's {@code memslot_perf_test} measures them, each next to its physical
 * limit, and the annotations that pair a benchmark with its limit, its VM-level twin and its
 * clean twin.
 */
package org.kvmlab.bench;
