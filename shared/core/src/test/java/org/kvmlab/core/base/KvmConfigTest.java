package org.kvmlab.core.base;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * Pins the VM parameters of DESIGN.md section 3: {@code KVM_USER_MEM_SLOTS} from 1 to 32764 (509
 * by default), one or two address spaces, {@code KVM_MEM_X86_SMRAM} valid only with one address
 * space; a bad parameter is a host error, an {@link IllegalArgumentException} naming the value.
 */
class KvmConfigTest {

    @Test
    void smramFlag_isThe2015Series() {
        KvmConfig config = KvmConfig.smramFlag();
        assertThat(config.userMemSlots()).isEqualTo(509);
        assertThat(config.addressSpaceNum()).isEqualTo(1);
        assertThat(config.smramFlagValid()).isTrue();
    }

    @Test
    void addressSpaces_isLinux42() {
        KvmConfig config = KvmConfig.addressSpaces();
        assertThat(config.userMemSlots()).isEqualTo(509);
        assertThat(config.addressSpaceNum()).isEqualTo(2);
        assertThat(config.smramFlagValid()).isFalse();
    }

    @Test
    void userMemSlots_boundsAreAccepted() {
        assertThat(new KvmConfig(1, 1, true).userMemSlots()).isEqualTo(1);
        assertThat(new KvmConfig(32764, 1, true).userMemSlots()).isEqualTo(32764);
    }

    @Test
    void userMemSlots_zero_throwsNamingTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new KvmConfig(0, 1, true));
        assertThat(e).hasMessageThat().containsMatch("\\b0\\b");
    }

    @Test
    void userMemSlots_aboveMax_throwsNamingTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new KvmConfig(32765, 1, true));
        assertThat(e).hasMessageThat().contains("32765");
    }

    @Test
    void userMemSlots_negative_throwsNamingTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new KvmConfig(-5, 1, false));
        assertThat(e).hasMessageThat().contains("-5");
    }

    @Test
    void addressSpaceNum_oneAndTwo_areAccepted() {
        assertThat(new KvmConfig(509, 1, false).addressSpaceNum()).isEqualTo(1);
        assertThat(new KvmConfig(509, 2, false).addressSpaceNum()).isEqualTo(2);
    }

    @Test
    void addressSpaceNum_zero_throwsNamingTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new KvmConfig(509, 0, false));
        assertThat(e).hasMessageThat().containsMatch("\\b0\\b");
    }

    @Test
    void addressSpaceNum_three_throwsNamingTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new KvmConfig(509, 3, false));
        assertThat(e).hasMessageThat().containsMatch("\\b3\\b");
    }

    @Test
    void smramFlag_withTwoAddressSpaces_throwsNamingTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new KvmConfig(509, 2, true));
        assertThat(e).hasMessageThat().containsMatch("\\b2\\b");
    }

    @Test
    void withUserMemSlots_keepsTheOtherParameters() {
        KvmConfig config = KvmConfig.addressSpaces().withUserMemSlots(32764);
        assertThat(config).isEqualTo(new KvmConfig(32764, 2, false));
    }

    @Test
    void withUserMemSlots_outOfRange_throwsNamingTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KvmConfig.smramFlag().withUserMemSlots(40000));
        assertThat(e).hasMessageThat().contains("40000");
    }
}
