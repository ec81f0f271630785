/**
 * The code metrics the thread argued with: code lines, duplicated code (PMD's CPD), the public
 * accessor surface and page loops read from bytecode with ASM, and each design as a patch
 * against the pre-series accessor layer of Linux 4.1's {@code virt/kvm/kvm_main.c}.
 */
package org.kvmlab.review.metrics;
