package org.kvmlab.conformance.reference;

import org.kvmlab.conformance.GuestVm;
import org.kvmlab.conformance.VariantAdapter;

/**
 * The reference model, registered as variant {@code reference}: what every design is compared
 * with in the kit's differential tests and what the scenario corpus is checked against first.
 */
public final class ReferenceAdapter implements VariantAdapter {

    @Override
    public String name() {
        return "reference";
    }

    @Override
    public GuestVm createVm(int userMemSlots) {
        return ReferenceVm.flagMode(userMemSlots);
    }
}
