package org.kvmlab.livekvm.kvm;

/**
 * {@code /dev/kvm} cannot be used on this machine: absent, not permitted, or a KVM this module
 * does not drive (another API version, another architecture). The message names what is missing,
 * in a form a user can act on ({@code /dev/kvm: ENOENT (no such file)}).
 */
public final class KvmUnavailableException extends Exception {
    /** Why KVM cannot be used. */
    public KvmUnavailableException(String message) {
        super(message);
    }
}
