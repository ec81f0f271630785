/**
 * The lab's service-provider interface: what a design module gives the kit, the bench and the
 * review, over the shared core and nothing else. A design registers one
 * {@link org.kvmlab.spi.DesignModule} (its name, {@link org.kvmlab.spi.Role}, report order and
 * {@link org.kvmlab.spi.SlotModel}) whose {@link org.kvmlab.spi.DesignAccessors} map every
 * accessor of the kernel's guest-memory layer, VM-level and vCPU-level, onto the design's own
 * functions; {@link org.kvmlab.spi.LabModules} finds the repository's design modules at run time
 * and {@link org.kvmlab.spi.DesignModules} loads them in report order. It holds no kernel code and
 * no test library.
 */
package org.kvmlab.spi;
