/**
 * A scenario's host memory, made for real at the scenario's addresses with {@code mmap},
 * {@code munmap} and {@code mprotect}, never over memory of the process that the run did not map:
 * the VMM side of {@code KVM_SET_USER_MEMORY_REGION}.
 */
package org.kvmlab.livekvm.host;
