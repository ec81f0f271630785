package org.kvmlab.conformance.scenario;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;
import org.kvmlab.conformance.GuestVm;
import org.kvmlab.conformance.VariantAdapter;
import org.kvmlab.conformance.reference.ReferenceAdapter;
import org.kvmlab.core.memslot.InstallHook;

/**
 * A design that behaves as the reference model (flag mode unless another mode is given) except
 * for the {@link GuestVm} methods it replaces, so that a runner test can make a line return or
 * throw exactly what it needs.
 */
final class TamperedAdapter implements VariantAdapter {
    /** A replacement for one {@link GuestVm} method: gets the call's arguments, returns its result. */
    @FunctionalInterface
    interface Replacement {
        Object apply(Object[] args) throws Throwable;
    }

    private final String name;
    private final VariantAdapter model;
    private final Map<String, Replacement> replaced;

    /** A design called {@code name}: the flag-mode reference with the methods in {@code replaced} replaced. */
    TamperedAdapter(String name, Map<String, Replacement> replaced) {
        this(name, new ReferenceAdapter(), replaced);
    }

    /** A design called {@code name}: {@code model}'s VM with the methods in {@code replaced} replaced. */
    TamperedAdapter(String name, VariantAdapter model, Map<String, Replacement> replaced) {
        this.name = name;
        this.model = model;
        this.replaced = Map.copyOf(replaced);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public GuestVm createVm(int userMemSlots, InstallHook hook) {
        GuestVm reference = model.createVm(userMemSlots, hook);
        return (GuestVm) Proxy.newProxyInstance(GuestVm.class.getClassLoader(), new Class<?>[] {GuestVm.class},
                (proxy, method, args) -> {
                    Replacement replacement = replaced.get(method.getName());
                    return replacement != null ? replacement.apply(args) : forward(reference, method, args);
                });
    }

    private static Object forward(GuestVm reference, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(reference, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
