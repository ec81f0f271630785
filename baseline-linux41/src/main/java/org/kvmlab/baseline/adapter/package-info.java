/**
 * What the baseline gives the lab, and nothing Linux 4.1 has:
 * {@link org.kvmlab.baseline.adapter.BaselineLinux41Design}, its registration (name, role
 * {@code BASELINE}, order, slot model), and {@link org.kvmlab.baseline.adapter.BaselineLinux41Accessors},
 * which maps each accessor of {@link org.kvmlab.spi.DesignAccessors} onto the 4.1 function in one
 * line, for the kit and the bench alike. The layer itself ({@code virt}, {@code arch}) never
 * depends on this package.
 */
package org.kvmlab.baseline.adapter;
