/**
 * The designs under review, found at run time from the adapters registered with
 * {@link java.util.ServiceLoader}, and where each one's module and packages are.
 */
package org.kvmlab.review.design;
