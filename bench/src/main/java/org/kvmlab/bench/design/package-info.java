/**
 * The designs as the benchmarks see them: the {@code @Param} axis of every benchmark, one small
 * adapter per design whose methods are one-line calls of that design's own static API (so a
 * benchmark's call site stays monomorphic), and the memslot layout each design needs, a flag or
 * two address spaces, as a VMM would set it up.
 */
package org.kvmlab.bench.design;
