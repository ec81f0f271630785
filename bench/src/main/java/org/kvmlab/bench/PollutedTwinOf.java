package org.kvmlab.bench;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a benchmark measured with polluted type profiles with its clean twin: the same accessor,
 * measured in a fork where only it ran. The runner reports polluted / clean per design.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface PollutedTwinOf {
    /** The class of the clean twin. */
    Class<?> benchmark();

    /** The clean twin's method name. */
    String method();
}
