/**
 * The VMM's user address space as KVM sees it: {@code mmap}, {@code munmap} and {@code mprotect}
 * with the error order of Linux's {@code mm/mmap.c} and {@code mm/mprotect.c}, and the uaccess
 * copies {@code copy_to_user}, {@code copy_from_user} and {@code clear_user}, which stop at the
 * first page they may not touch. Protection is tracked in Java, so a bad host page is a short
 * copy, never a crash of the JVM; the bytes are the operating system's, each mapping reserved
 * with {@code mmap(MAP_NORESERVE)} through the FFM linker and committed as it is written
 * (DESIGN.md section 3), so a sparse terabyte costs its written pages.
 */
package org.kvmlab.core.host;
