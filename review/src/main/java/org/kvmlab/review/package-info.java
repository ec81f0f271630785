/**
 * The design review, the project's main job ({@code ./kvmlab review}, DESIGN.md section 7): it
 * runs the measurements of the packages below on every design and writes the report that puts
 * each argument of the 2015 thread (THREAD.md) next to a figure.
 */
package org.kvmlab.review;
