package org.kvmlab.conformance;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.kvmlab.conformance.scenario.DeclaresDifferences;
import org.kvmlab.conformance.scenario.DesignDifferences;
import org.kvmlab.conformance.scenario.DifferenceRule;
import org.kvmlab.core.host.HostMemory;
import org.kvmlab.core.kvm.Kvm;
import org.kvmlab.core.memslot.InstallHook;
import org.kvmlab.spi.DesignModule;
import org.kvmlab.spi.Role;
import org.kvmlab.spi.SlotModel;

/**
 * A design as the kit runs it: VMs made the way the design's {@link SlotModel} asks, whose
 * accesses go through the design's own {@link org.kvmlab.spi.DesignAccessors} ({@link DesignVm}),
 * the same adapter the bench measures. A design with address spaces keeps Linux 4.2's contract
 * rather than the 2015 flag's, so it is judged three ways with the differences it declares
 * ({@link DesignDifferences}, registered in its test scope); without a registration it declares
 * none, and every difference fails.
 */
public sealed class DesignAdapter implements VariantAdapter permits DesignAdapter.Declaring {
    private final DesignModule design;

    private DesignAdapter(DesignModule design) {
        this.design = design;
    }

    /** The kit's view of {@code design}. */
    public static DesignAdapter of(DesignModule design) {
        if (design == null) {
            throw new IllegalArgumentException("design is null");
        }
        if (design.slotModel() != SlotModel.ADDRESS_SPACES) {
            return new DesignAdapter(design);
        }
        List<DesignDifferences> found = new ArrayList<>();
        ServiceLoader.load(DesignDifferences.class, design.getClass().getClassLoader()).forEach(d -> {
            if (d.design().equals(design.name())) {
                found.add(d);
            }
        });
        if (found.size() > 1) {
            throw new IllegalStateException(found.size() + " registrations declare the differences of " + design.name());
        }
        return new Declaring(design, found.isEmpty() ? null : found.getFirst());
    }

    /** The design's module. */
    public DesignModule design() {
        return design;
    }

    @Override
    public String name() {
        return design.name();
    }

    @Override
    public Role role() {
        return design.role();
    }

    @Override
    public int order() {
        return design.order();
    }

    @Override
    public GuestVm createVm(int userMemSlots, InstallHook hook) {
        Kvm kvm = new Kvm(design.slotModel().config(userMemSlots), new HostMemory(), hook);
        return new DesignVm(kvm, design, design.accessors(kvm), false);
    }

    @Override
    public String toString() {
        return design.name();
    }

    /** A design with address spaces, with the differences it declares (none when it registers none). */
    static final class Declaring extends DesignAdapter implements DeclaresDifferences {
        private final DesignDifferences differences;

        private Declaring(DesignModule design, DesignDifferences differences) {
            super(design);
            this.differences = differences;
        }

        @Override
        public List<DifferenceRule> declaredDifferences() {
            return differences == null ? List.of() : differences.declaredDifferences();
        }

        @Override
        public List<String> declaredCorpus() {
            return differences == null ? List.of() : differences.declaredCorpus();
        }
    }
}
