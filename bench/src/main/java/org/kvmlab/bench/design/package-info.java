/**
 * Which designs the bench measures: those the build holds, found at run time
 * ({@link org.kvmlab.bench.design.BenchDesigns}), each measured through its own
 * {@link org.kvmlab.spi.DesignAccessors}. Nothing here names a design.
 */
package org.kvmlab.bench.design;
