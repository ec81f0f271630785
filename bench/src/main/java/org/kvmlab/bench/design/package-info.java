/**
 * The designs as the benchmarks see them: the {@code design} parameter of every benchmark, filled
 * at run time with the designs the build holds ({@link org.kvmlab.bench.design.BenchDesigns}),
 * each measured through its own {@link org.kvmlab.spi.DesignAccessors}, whose methods are one-line
 * calls of that design's own static API (so a benchmark's call site stays monomorphic), on the
 * memslot layout it declares, a flag or two address spaces, as a VMM would set it up. Nothing
 * here names a design.
 */
package org.kvmlab.bench.design;
