package org.kvmlab.conformance.scenario;

/**
 * The CTX operand of an access (SCENARIOS.md section 2): on whose behalf the access runs.
 */
public sealed interface Ctx {
    /** {@code vm}: an access with no vCPU, which sees every slot of the flag-based designs. */
    Vm VM = new Vm();

    /** {@code vm}. */
    record Vm() implements Ctx {
        @Override
        public String toString() {
            return "vm";
        }
    }

    /** {@code vcpuN}: an access on behalf of vCPU {@code id}. */
    record OnVcpu(int id) implements Ctx {
        @Override
        public String toString() {
            return "vcpu" + id;
        }
    }
}
