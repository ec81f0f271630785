/**
 * What the macro-generic design gives the lab, and nothing the kernel has: {@link org.kvmlab.macrogeneric.adapter.MacroGenericDesign},
 * the design's registration (name, role, report order, slot model), and
 * {@link org.kvmlab.macrogeneric.adapter.MacroGenericAccessors}, its one adapter, which maps each accessor of
 * {@link org.kvmlab.spi.DesignAccessors} onto the design's own function in one line, for the kit
 * and the bench alike; beside them {@code thread-case.txt}, the design's case in the 2015 thread.
 * The design's code ({@code virt}, {@code arch}) never depends on this package.
 */
package org.kvmlab.macrogeneric.adapter;
