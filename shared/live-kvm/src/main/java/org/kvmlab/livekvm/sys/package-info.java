/**
 * The C library calls of the live column, bound with the FFM API and nothing else: {@code open},
 * {@code ioctl}, {@code mmap}, {@code munmap}, {@code mprotect}, {@code close} (errors as negated
 * {@code errno}, the way the kernel returns them), and {@code /proc/self/maps}, which tells the
 * run's own memory from the JVM's.
 */
package org.kvmlab.livekvm.sys;
