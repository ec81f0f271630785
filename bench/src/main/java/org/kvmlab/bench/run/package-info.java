/**
 * Running the benchmarks: profiles of JMH runs, the command line over them, and the ratio report
 * that divides each figure by its limit with JMH's error intervals and judges the targets of
 * DESIGN.md section 7.
 */
package org.kvmlab.bench.run;
