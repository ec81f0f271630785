/**
 * The report: its sections, the thread's arguments (THREAD.md) beside the figures that bear on
 * them, the summary table, the charts, and the HTML and Markdown renderings.
 */
package org.kvmlab.review.report;
