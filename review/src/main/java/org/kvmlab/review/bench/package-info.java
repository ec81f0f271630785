/**
 * The review's side of the benchmarks: launching a bench profile in a JVM of its own, reading
 * JMH's JSON, and computing the performance figures and target verdicts the report shows.
 */
package org.kvmlab.review.bench;
