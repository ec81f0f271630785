/**
 * The scenario format of SCENARIOS.md: the lexer, the parser with its static checks, the runner
 * that plays a file on a design through {@link org.kvmlab.conformance.GuestVm} and judges each
 * line (three ways for a design that declares differences, SCENARIOS.md section 6), the canonical
 * output, and {@code kvmlab scenario} itself.
 */
package org.kvmlab.conformance.scenario;
