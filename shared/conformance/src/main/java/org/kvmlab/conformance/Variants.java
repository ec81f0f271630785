package org.kvmlab.conformance;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;

/**
 * The designs on the class path, found with {@link ServiceLoader}, in the order the kit and the
 * scenario runner use everywhere: {@code reference} first, then the variants in the order of
 * DESIGN.md section 1. Adding a design is registering its adapter.
 */
public final class Variants {
    /** The variant names in report order; a name not listed sorts after these, alphabetically. */
    public static final List<String> ORDER = List.of(
            "reference", "x86-prefixed", "macro-generic", "vcpu-accessors", "fake-vcpu", "address-spaces");

    private Variants() {}

    /** Every registered adapter, {@code reference} first. */
    public static List<VariantAdapter> all() {
        List<VariantAdapter> found = new ArrayList<>();
        ServiceLoader.load(VariantAdapter.class).forEach(found::add);
        found.sort(Comparator.comparingInt((VariantAdapter a) -> rank(a.name())).thenComparing(VariantAdapter::name));
        return found;
    }

    /** The adapter named {@code name}, or null when no such design is on the class path. */
    public static VariantAdapter named(String name) {
        for (VariantAdapter adapter : all()) {
            if (adapter.name().equals(name)) {
                return adapter;
            }
        }
        return null;
    }

    private static int rank(String name) {
        int i = ORDER.indexOf(name);
        return i < 0 ? ORDER.size() : i;
    }
}
