/**
 * {@code kvmlab new-design}: a design module of one's own, made from the lab's neutral baseline
 * ({@link org.kvmlab.review.scaffold.NewDesign}) from the templates beside it, and added to the
 * parent POM's modules. No kernel counterpart: it is the lab's way in for a design the 2015 thread
 * did not have.
 */
package org.kvmlab.review.scaffold;
