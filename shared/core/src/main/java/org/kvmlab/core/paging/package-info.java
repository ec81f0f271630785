/**
 * The x86-64 four-level guest page walk of {@code arch/x86/kvm/paging_tmpl.h}, with 4 KiB, 2 MiB
 * and 1 GiB pages, {@code struct x86_exception}, and the emulator's result codes of
 * {@code arch/x86/include/asm/kvm_emulate.h}. The walk reads each entry through the design's own
 * vCPU-level read, so page tables obey the design's SMRAM visibility (SCENARIOS.md section 4
 * lists the conventions).
 */
package org.kvmlab.core.paging;
