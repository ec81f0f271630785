package org.kvmlab.spi;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.regex.Pattern;

/**
 * The designs registered with {@link ServiceLoader}, checked and in report order: by
 * {@link DesignModule#order()}, then by name. This is the only place the lab turns registrations
 * into a list of designs; nothing lists them by name.
 */
public final class DesignModules {
    /** A design's name: lower-case letters and digits in dash-separated words, starting with a letter. */
    public static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

    /** Report order: {@link DesignModule#order()}, then name. */
    public static final Comparator<DesignModule> ORDER =
            Comparator.comparingInt(DesignModule::order).thenComparing(DesignModule::name);

    private DesignModules() {}

    /**
     * Every design registered on {@code loader}, in report order.
     *
     * @throws IllegalStateException naming the module's class if a registration cannot be loaded,
     *                               a name is malformed, two designs share a name, or a design's
     *                               class is not in an adapter package
     */
    public static List<DesignModule> load(ClassLoader loader) {
        List<DesignModule> designs = new ArrayList<>();
        Map<String, String> byName = new HashMap<>();
        try {
            for (DesignModule design : ServiceLoader.load(DesignModule.class, loader)) {
                String name = design.name();
                String type = design.getClass().getName();
                if (name == null || !NAME.matcher(name).matches()) {
                    throw new IllegalStateException(type + " names its design \"" + name + "\": expected lower-case"
                            + " letters and digits in dash-separated words, such as my-design");
                }
                String other = byName.putIfAbsent(name, type);
                if (other != null) {
                    throw new IllegalStateException("two designs are named " + name + ": " + other + " and " + type);
                }
                if (design.role() == null || design.slotModel() == null) {
                    throw new IllegalStateException(type + " (" + name + ") has no role or no slot model");
                }
                design.packageRoot();
                designs.add(design);
            }
        } catch (ServiceConfigurationError e) {
            throw new IllegalStateException("a design module cannot be loaded (" + e.getMessage() + "); a build left"
                    + " over from older sources can cause this: mvn -B -q clean package -DskipTests", e);
        }
        designs.sort(ORDER);
        return List.copyOf(designs);
    }

    /** The designs of this build: those on the class path and those of the repository's design modules. */
    public static List<DesignModule> ofThisBuild() {
        return load(LabModules.ofThisBuild().classLoader(LabModules.Scope.DESIGN_CLASSES,
                DesignModules.class.getClassLoader()));
    }

    /** The designs among {@code designs} that have {@code role}, in their order. */
    public static List<DesignModule> withRole(List<DesignModule> designs, Role role) {
        return designs.stream().filter(d -> d.role() == role).toList();
    }
}
