/**
 * Deliberately wrong classes that the rules of {@code CoreArchitectureTest} must reject. They live
 * in test scope, in packages of their own, so that the rules' import of the core's main classes
 * never sees them; each test imports the few it needs and shows the rule fails on them. Nothing
 * here is ever run.
 */
package org.kvmlab.core.archviolations;
