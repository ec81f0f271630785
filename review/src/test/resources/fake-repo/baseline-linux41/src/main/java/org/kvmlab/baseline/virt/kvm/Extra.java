package org.kvmlab.baseline.virt.kvm;

final class Extra {
    private Extra() {}
}
