package org.kvmlab.livekvm.host;

/** What a host-memory call of a scenario came to. */
public sealed interface HostCall {
    /** The kernel answered: 0 or {@code -errno}. */
    record Done(int rc) implements HostCall {}

    /** The call would have touched memory the run does not own, so it was not made as written. */
    record Refused(String why) implements HostCall {}
}
