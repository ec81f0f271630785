package org.kvmlab.review.design;

import java.util.concurrent.Callable;
import org.kvmlab.spi.LabModules;

/**
 * The lab's class loader for the command line: every lab module of this build
 * ({@link LabModules}), the designs with their test classes (suite, architecture rules, declared
 * differences), below the review's own class path. The kit and the JUnit Platform find what they
 * run through the thread's context class loader, so a command runs its work {@link #call inside}
 * it.
 */
public final class Lab {
    private Lab() {}

    /**
     * The loader, made once per JVM.
     *
     * @throws IllegalStateException when the repository cannot be found or a lab module is not built
     */
    public static ClassLoader loader() {
        return LabModules.ofThisBuild().classLoader(LabModules.Scope.WITH_DESIGN_TESTS, Lab.class.getClassLoader());
    }

    /** Runs {@code work} with the lab's loader as the thread's context class loader, then restores it. */
    public static <T> T call(Callable<T> work) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(loader());
        try {
            return work.call();
        } finally {
            thread.setContextClassLoader(before);
        }
    }
}
