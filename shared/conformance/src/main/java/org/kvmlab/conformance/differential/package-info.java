/**
 * Differential testing of a design against the reference model (DESIGN.md section 6): random
 * programs of scenario commands (slot layouts, SMM switches, host unmaps, caches, page walks),
 * the comparison of every result and of the final guest memory and dirty logs, delta debugging
 * of a failure down to a minimal scenario file, and the soak that runs it all at length.
 */
package org.kvmlab.conformance.differential;
