/**
 * The cost of change (docs/CHANGES.md): each change request Linux made to the accessor layer after
 * 2015, as a shared patch kept with the kit and one patch per design module, applied to a copy of
 * today's sources ({@link org.kvmlab.review.changes.PatchedTree}, java-diff-utils), compiled with
 * the JDK's compiler API ({@link org.kvmlab.review.changes.JavaBuild}), tested through the JUnit
 * Platform launcher in a fresh class loader ({@link org.kvmlab.review.changes.IsolatedKit}) and
 * measured ({@link org.kvmlab.review.metrics.ChangeCost}); {@link org.kvmlab.review.changes.ChangeRunner}
 * does all of it for {@code ./kvmlab changes} and the review.
 */
package org.kvmlab.review.changes;
