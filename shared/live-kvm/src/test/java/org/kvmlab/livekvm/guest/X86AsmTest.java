package org.kvmlab.livekvm.guest;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Each instruction of the harness guest assembles to the bytes an x86-64 assembler gives it. */
class X86AsmTest {
    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    @Test
    void movesOfEachSize() {
        assertThat(new X86Asm().loadFromRsi(1).storeToRdi(1).assemble()).isEqualTo(bytes(0x8a, 0x06, 0x88, 0x07));
        assertThat(new X86Asm().loadFromRsi(2).storeToRdi(2).assemble())
                .isEqualTo(bytes(0x66, 0x8b, 0x06, 0x66, 0x89, 0x07));
        assertThat(new X86Asm().loadFromRsi(4).storeToRdi(4).assemble()).isEqualTo(bytes(0x8b, 0x06, 0x89, 0x07));
        assertThat(new X86Asm().loadFromRsi(8).storeToRdi(8).assemble())
                .isEqualTo(bytes(0x48, 0x8b, 0x06, 0x48, 0x89, 0x07));
        assertThrows(IllegalArgumentException.class, () -> new X86Asm().loadFromRsi(3));
    }

    @Test
    void arithmeticAndPorts() {
        assertThat(new X86Asm().testRcxRcx().testSil(7).cmpRcx(8).assemble())
                .isEqualTo(bytes(0x48, 0x85, 0xc9, 0x40, 0xf6, 0xc6, 0x07, 0x48, 0x83, 0xf9, 0x08));
        assertThat(new X86Asm().addRsi(8).addRdi(1).subRcx(8).assemble())
                .isEqualTo(bytes(0x48, 0x83, 0xc6, 0x08, 0x48, 0x83, 0xc7, 0x01, 0x48, 0x83, 0xe9, 0x08));
        assertThat(new X86Asm().popRax().zeroEax().movEbx(14).movEdx(0x500).outDxAl().hlt().assemble())
                .isEqualTo(bytes(0x58, 0x31, 0xc0, 0xbb, 14, 0, 0, 0, 0xba, 0x00, 0x05, 0, 0, 0xee, 0xf4));
    }

    @Test
    void shortJumpsResolveBackwardAndForward() {
        byte[] code = new X86Asm().label("top").jz("end").jmp("top").label("end").hlt().assemble();
        // jz +2 (over the jmp), jmp -4 (back to top), hlt
        assertThat(code).isEqualTo(bytes(0x74, 0x02, 0xeb, 0xfc, 0xf4));
        assertThat(new X86Asm().label("self").jmp("self").assemble()).isEqualTo(bytes(0xeb, 0xfe));
    }

    @Test
    void badLabelsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new X86Asm().jmp("nowhere").assemble());
        assertThrows(IllegalArgumentException.class, () -> new X86Asm().label("a").label("a"));
        X86Asm far = new X86Asm().jmp("far");
        for (int i = 0; i < 200; i++) {
            far.hlt();
        }
        assertThrows(IllegalArgumentException.class, () -> far.label("far").assemble());
    }
}
