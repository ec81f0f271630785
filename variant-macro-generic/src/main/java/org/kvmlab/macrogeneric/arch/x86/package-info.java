/**
 * The x86 side of the macro-generic design: one memslot lookup that hides SMRAM outside SMM, the
 * page operations of the {@code x86_*} family, {@code x86_*} accessors that are one-line
 * instantiations of the generic bodies in {@code virt.kvm}, and the emulator's guest-virtual
 * accessors built on them.
 */
package org.kvmlab.macrogeneric.arch.x86;
