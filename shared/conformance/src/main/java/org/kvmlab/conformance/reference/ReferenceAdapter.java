package org.kvmlab.conformance.reference;

import org.kvmlab.conformance.GuestVm;
import org.kvmlab.conformance.VariantAdapter;
import org.kvmlab.core.memslot.InstallHook;
import org.kvmlab.spi.Role;

/**
 * The reference model, registered as variant {@code reference}: what every design is compared
 * with in the kit's differential tests and what the scenario corpus is checked against first.
 */
public final class ReferenceAdapter implements VariantAdapter {
    /** The reference model's name, what {@code --variant reference} selects. */
    public static final String NAME = "reference";

    private final boolean addressSpaces;

    /** The reference model of the 2015 flag-based contract, registered as {@code reference}. */
    public ReferenceAdapter() {
        this(false);
    }

    private ReferenceAdapter(boolean addressSpaces) {
        this.addressSpaces = addressSpaces;
    }

    /**
     * The reference model in address-space mode (Linux 4.2), which the design with address spaces
     * must agree with; not registered, since it is no design of its own.
     */
    public static ReferenceAdapter addressSpaces() {
        return new ReferenceAdapter(true);
    }

    @Override
    public String name() {
        return addressSpaces ? NAME + "-address-spaces" : NAME;
    }

    @Override
    public Role role() {
        return Role.REFERENCE;
    }

    /** Before every design: the model the others are read against. */
    @Override
    public int order() {
        return Integer.MIN_VALUE;
    }

    @Override
    public GuestVm createVm(int userMemSlots, InstallHook hook) {
        return addressSpaces
                ? ReferenceVm.addressSpaceMode(userMemSlots, hook)
                : ReferenceVm.flagMode(userMemSlots, hook);
    }
}
