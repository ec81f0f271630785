package org.kvmlab.conformance.addressspaces;

import java.util.List;
import org.kvmlab.conformance.GuestVm;
import org.kvmlab.conformance.VariantAdapter;
import org.kvmlab.conformance.reference.ReferenceAdapter;
import org.kvmlab.core.memslot.InstallHook;
import org.kvmlab.conformance.scenario.AddressSpaceDifferences;
import org.kvmlab.conformance.scenario.DeclaresDifferences;
import org.kvmlab.conformance.scenario.DifferenceRule;

/**
 * The reference model's address-space mode standing in for a design with address spaces: what
 * such a design must do, declaring the kit's difference rules. The kit tests its rules with it.
 */
public final class AddressSpaceReferenceAdapter implements VariantAdapter, DeclaresDifferences {
    private final VariantAdapter model = ReferenceAdapter.addressSpaces();

    @Override
    public String name() {
        return "address-spaces";
    }

    @Override
    public GuestVm createVm(int userMemSlots, InstallHook hook) {
        return model.createVm(userMemSlots, hook);
    }

    @Override
    public List<DifferenceRule> declaredDifferences() {
        return AddressSpaceDifferences.RULES;
    }
}
