package org.kvmlab.bench;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the physical-limit baseline, a method of the same class, that moves the same bytes as
 * the annotated accessor benchmark with the host segment already known. The profile runner
 * reports the benchmark's time as a ratio to it, matching every parameter the baseline has.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface BoundedBy {
    /** The baseline method's name; several when there are several (copy, typed). */
    String[] value();
}
