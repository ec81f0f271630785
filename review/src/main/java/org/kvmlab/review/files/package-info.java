/**
 * File-system helpers the review's commands share: the folder trees they stage, copy and remove.
 * No kernel counterpart; this is the lab's own plumbing.
 */
package org.kvmlab.review.files;
