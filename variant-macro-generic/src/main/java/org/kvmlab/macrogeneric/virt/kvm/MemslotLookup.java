package org.kvmlab.macrogeneric.virt.kvm;

import org.kvmlab.core.kvm.Kvm;
import org.kvmlab.core.memslot.MemorySlot;

/**
 * How a family of accessors finds memory: whose memslots it searches, and which of the slots found
 * it may use. The generic bodies of {@link KvmGuestMemory} take one of these where the thread's
 * macros took {@code x86_gfn_to_memslot} as an argument; the generic lookup
 * {@link KvmGuestMemory#gfnToMemslotGeneric} searches {@code kvm(ctx)}'s memslots and keeps a slot
 * only if {@link #canUse} says so.
 *
 * <p>One predicate serves both places where visibility matters: every lookup (DESIGN.md rule 2)
 * and every access through a cache whose slot was found earlier (rule 3). A family therefore
 * cannot hide a slot from its lookups yet reach it through an old cache: both ask the same
 * question, at the time of the access.
 *
 * <p>Implementations are stateless {@code static final} singletons (an enum constant each), so
 * passing one costs a reference and allocates nothing.
 *
 * @param <C> the access context: {@code Kvm} or {@code Vcpu}
 */
public interface MemslotLookup<C> {
    /** The VM whose memslots, host memory and configuration an access for {@code ctx} uses. */
    Kvm kvm(C ctx);

    /**
     * Whether {@code ctx} may use {@code slot} now. Asked of every slot a lookup finds and, again,
     * of a cached slot at every cached access; the answer may change between two calls (a vCPU
     * enters or leaves SMM), which is why it is never cached.
     */
    boolean canUse(C ctx, MemorySlot slot);
}
