/**
 * The x86 side of the x86-prefixed design: {@code x86_*} copies of every accessor that needs the
 * vCPU, each finding slots through {@code x86_gfn_to_memslot} (which hides SMRAM outside SMM),
 * and the emulator's guest-virtual accessors built on them.
 */
package org.kvmlab.x86prefixed.arch.x86;
