package org.kvmlab.conformance.scenario;

/**
 * A usage error of {@code kvmlab scenario} (SCENARIOS.md section 8): a PATH that cannot run, an
 * unknown variant. The message says which and why; nothing has run.
 */
public final class UsageException extends Exception {
    /** A usage error that {@code message} explains (without the command's name, which the printer adds). */
    public UsageException(String message) {
        super(message);
    }
}
