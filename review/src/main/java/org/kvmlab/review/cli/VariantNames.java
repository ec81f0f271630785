package org.kvmlab.review.cli;

import java.util.Iterator;
import java.util.List;
import org.kvmlab.conformance.VariantAdapter;
import org.kvmlab.conformance.Variants;
import org.kvmlab.conformance.reference.ReferenceAdapter;
import org.kvmlab.review.design.Lab;

/**
 * The names {@code --variant} accepts, for the help text ({@code ${COMPLETION-CANDIDATES}}): found
 * when the help is printed, the way the command finds what it runs, so that they are never a list
 * kept here. When the build cannot be read the reference model, which is always there, is all.
 */
public final class VariantNames implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
        try {
            return Lab.call(() -> Variants.all().stream().map(VariantAdapter::name).toList()).iterator();
        } catch (Exception e) {
            return List.of(ReferenceAdapter.NAME).iterator();
        }
    }
}
