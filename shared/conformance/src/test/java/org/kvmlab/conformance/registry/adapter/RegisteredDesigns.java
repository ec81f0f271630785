package org.kvmlab.conformance.registry.adapter;

import org.kvmlab.core.kvm.Kvm;
import org.kvmlab.spi.DesignAccessors;
import org.kvmlab.spi.DesignModule;
import org.kvmlab.spi.Role;
import org.kvmlab.spi.SlotModel;

/** Design modules as a build registers them, for {@code VariantsTest}: names, roles and orders only. */
public final class RegisteredDesigns {
    private RegisteredDesigns() {}

    abstract static class Registered implements DesignModule {
        private final String name;
        private final Role role;
        private final int order;
        private final SlotModel model;

        Registered(String name, Role role, int order, SlotModel model) {
            this.name = name;
            this.role = role;
            this.order = order;
            this.model = model;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Role role() {
            return role;
        }

        @Override
        public int order() {
            return order;
        }

        @Override
        public SlotModel slotModel() {
            return model;
        }

        @Override
        public DesignAccessors accessors(Kvm kvm) {
            throw new UnsupportedOperationException("not run in this test");
        }
    }

    /** A contestant of the thread's, order 20. */
    public static final class Second extends Registered {
        public Second() {
            super("second", Role.CONTESTANT, 20, SlotModel.SMRAM_FLAG);
        }
    }

    /** A contestant of the thread's, order 10. */
    public static final class First extends Registered {
        public First() {
            super("first", Role.CONTESTANT, 10, SlotModel.SMRAM_FLAG);
        }
    }

    /** A design brought later, with address spaces and no declared differences registered. */
    public static final class Later extends Registered {
        public Later() {
            super("later", Role.CONTESTANT, 100, SlotModel.ADDRESS_SPACES);
        }
    }

    /** The baseline, order 0. */
    public static final class Base extends Registered {
        public Base() {
            super("base", Role.BASELINE, 0, SlotModel.SMRAM_FLAG);
        }
    }
}
