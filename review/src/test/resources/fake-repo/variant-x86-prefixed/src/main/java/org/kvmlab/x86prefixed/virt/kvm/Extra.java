package org.kvmlab.x86prefixed.virt.kvm;

final class Extra {
    private Extra() {}
}
