/**
 * The {@code kvmlab} command line: {@code review}, {@code scenario} (SCENARIOS.md section 8) and
 * {@code soak}, each a picocli command that prints to the console it is given and ends with a
 * documented exit status.
 */
package org.kvmlab.review.cli;
