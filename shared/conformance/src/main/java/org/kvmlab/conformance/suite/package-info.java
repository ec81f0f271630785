/**
 * The JUnit 5 suite every design runs (DESIGN.md section 6): example tests per rule of DESIGN.md
 * section 5, each tagged with its rule; the scenario corpus; the differential property; and slot
 * churn under running vCPUs, after the kernel's {@code memslot_modification_stress_test}.
 */
package org.kvmlab.conformance.suite;
