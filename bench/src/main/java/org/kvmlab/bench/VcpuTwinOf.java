package org.kvmlab.bench;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a vCPU-level benchmark with its VM-level twin in the same class: the same access, same
 * parameters, made without a vCPU. The runner reports vCPU / VM per design (target: at most 1.10).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface VcpuTwinOf {
    /** The VM-level benchmark method's name. */
    String value();
}
