package org.kvmlab.livekvm.kvm;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The explicit assumption every test that needs {@code /dev/kvm} makes: on a machine without a
 * usable KVM the test is skipped, and the skip message names what is missing.
 */
public final class UsableKvm {
    private UsableKvm() {}

    /** Opens {@code /dev/kvm}, or skips the calling test with the reason it cannot be used. */
    public static KvmSystem open() {
        try {
            return KvmSystem.open();
        } catch (KvmUnavailableException e) {
            assumeTrue(false, "needs a usable /dev/kvm: " + e.getMessage());
            throw new AssertionError("unreachable");
        }
    }
}
