package org.kvmlab.core.base;

/**
 * The VM parameters that select which kernel generation a VM models.
 *
 * @param userMemSlots    {@code KVM_USER_MEM_SLOTS}: 509 on x86 in 2015, up to 32764 today. The
 *                        kernel's private slots (509-511 in 4.1) are not modelled, so this is also
 *                        the size of each memslot array.
 * @param addressSpaceNum {@code KVM_ADDRESS_SPACE_NUM}: 1 for the 2015 flag-based designs, 2 for
 *                        the address spaces Linux 4.2 merged (0 normal, 1 SMM)
 * @param smramFlagValid  whether {@code KVM_MEM_X86_SMRAM} is a valid memslot flag; only with one
 *                        address space, since 4.2 replaced the flag with the second space
 */
public record KvmConfig(int userMemSlots, int addressSpaceNum, boolean smramFlagValid) {
    /** {@code KVM_USER_MEM_SLOTS} on x86 in Linux 4.1. */
    public static final int KVM_USER_MEM_SLOTS_4_1 = 509;
    /** {@code KVM_USER_MEM_SLOTS} on x86 today ({@code SHRT_MAX} less 3 internal slots). */
    public static final int KVM_USER_MEM_SLOTS_MAX = 32764;
    /** The largest {@code KVM_ADDRESS_SPACE_NUM} any architecture uses. */
    public static final int KVM_ADDRESS_SPACE_NUM_MAX = 2;

    public KvmConfig {
        if (userMemSlots < 1 || userMemSlots > KVM_USER_MEM_SLOTS_MAX) {
            throw new IllegalArgumentException("userMemSlots " + userMemSlots + " is not in [1, "
                    + KVM_USER_MEM_SLOTS_MAX + "]");
        }
        if (addressSpaceNum < 1 || addressSpaceNum > KVM_ADDRESS_SPACE_NUM_MAX) {
            throw new IllegalArgumentException("addressSpaceNum " + addressSpaceNum + " is not 1 or 2");
        }
        if (smramFlagValid && addressSpaceNum != 1) {
            throw new IllegalArgumentException("KVM_MEM_X86_SMRAM needs one address space, not "
                    + addressSpaceNum);
        }
    }

    /** The 2015 series: one address space, 509 user slots, {@code KVM_MEM_X86_SMRAM} valid. */
    public static KvmConfig smramFlag() {
        return new KvmConfig(KVM_USER_MEM_SLOTS_4_1, 1, true);
    }

    /** Linux 4.2 as merged: two address spaces, 509 user slots, no SMRAM flag. */
    public static KvmConfig addressSpaces() {
        return new KvmConfig(KVM_USER_MEM_SLOTS_4_1, 2, false);
    }

    /** The same VM with another {@code KVM_USER_MEM_SLOTS}. */
    public KvmConfig withUserMemSlots(int slots) {
        return new KvmConfig(slots, addressSpaceNum, smramFlagValid);
    }
}
