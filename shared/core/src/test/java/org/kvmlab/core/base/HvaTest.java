package org.kvmlab.core.base;

import static com.google.common.truth.Truth.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Pins the error hvas of DESIGN.md section 3 (Linux 4.1's {@code KVM_HVA_ERR_BAD} at
 * {@code PAGE_OFFSET} 0xffff880000000000, {@code KVM_HVA_ERR_RO_BAD} one page above) and
 * {@code kvmIsErrorHva}, an unsigned compare with {@code PAGE_OFFSET}.
 */
class HvaTest {

    @Test
    void errorHvas_haveLinux41Values() {
        assertThat(Hva.PAGE_OFFSET).isEqualTo(0xffff_8800_0000_0000L);
        assertThat(Hva.KVM_HVA_ERR_BAD).isEqualTo(0xffff_8800_0000_0000L);
        assertThat(Hva.KVM_HVA_ERR_RO_BAD).isEqualTo(0xffff_8800_0000_1000L);
    }

    @Test
    void kvmIsErrorHva_badHva_isAnError() {
        assertThat(Hva.kvmIsErrorHva(Hva.KVM_HVA_ERR_BAD)).isTrue();
    }

    @Test
    void kvmIsErrorHva_readOnlyBadHva_isAnError() {
        assertThat(Hva.kvmIsErrorHva(Hva.KVM_HVA_ERR_RO_BAD)).isTrue();
    }

    @Test
    void kvmIsErrorHva_justBelowPageOffset_isNotAnError() {
        assertThat(Hva.kvmIsErrorHva(Hva.PAGE_OFFSET - 1)).isFalse();
    }

    @Test
    void kvmIsErrorHva_topOfAddressSpace_isAnError() {
        assertThat(Hva.kvmIsErrorHva(0xffff_ffff_ffff_ffffL)).isTrue();
    }

    @Test
    void kvmIsErrorHva_userAddresses_areNotErrors() {
        assertThat(Hva.kvmIsErrorHva(0)).isFalse();
        assertThat(Hva.kvmIsErrorHva(0x7f00_0000_0000L)).isFalse();
        assertThat(Hva.kvmIsErrorHva(0x7fff_ffff_f000L)).isFalse();
    }

    @Test
    void kvmIsErrorHva_comparesUnsigned() {
        // A signed compare would call these errors: both are above the negative PAGE_OFFSET.
        assertThat(Hva.kvmIsErrorHva(Long.MAX_VALUE)).isFalse();
        assertThat(Hva.kvmIsErrorHva(0x8000_0000_0000_0000L)).isFalse();
    }
}
