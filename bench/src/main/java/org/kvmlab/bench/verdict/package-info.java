/**
 * The bench's one verdict engine: what its JMH results say about each design, used by the bench's
 * own report ({@code bench/run-profile}) and rendered by the review, so that both say the same.
 *
 * <p>{@link org.kvmlab.bench.verdict.Measurement} is one JMH result, read from a run or from JMH's
 * JSON ({@link org.kvmlab.bench.verdict.JmhJson}). {@link org.kvmlab.bench.verdict.Figures} pairs
 * each accessor with what it is measured against, as the benchmarks declare it
 * ({@link org.kvmlab.bench.BoundedBy}, {@link org.kvmlab.bench.VcpuTwinOf},
 * {@link org.kvmlab.bench.PollutedTwinOf}, and the same benchmark at 509 slots).
 * {@link org.kvmlab.bench.verdict.Targets} holds the targets as data, and
 * {@link org.kvmlab.bench.verdict.Judgement} decides each target for each design from JMH's 99.9%
 * error intervals: met, open or missed, and whether every design misses it alike, which makes the
 * miss a property of the shared core rather than of a design.
 */
package org.kvmlab.bench.verdict;
