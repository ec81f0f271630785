/** Tests of how the kit turns the build's registrations into what it runs. */
package org.kvmlab.conformance.registry;
