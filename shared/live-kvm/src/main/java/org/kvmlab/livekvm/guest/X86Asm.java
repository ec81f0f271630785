package org.kvmlab.livekvm.guest;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Just enough of an x86-64 assembler for the harness guest: the dozen instructions its copy
 * loop, single moves and exception stubs use, each emitted as its machine-code bytes, with
 * labels for short jumps. Writing the bytes through named methods keeps the guest readable and
 * lets a test check each encoding.
 */
final class X86Asm {
    private final ByteArrayOutputStream code = new ByteArrayOutputStream();
    private final Map<String, Integer> labels = new HashMap<>();
    private final List<Fixup> fixups = new ArrayList<>();

    /** A short jump whose 8-bit displacement is filled in once its label is known. */
    private record Fixup(int at, String label) {}

    /** Where the next byte goes, from the start of the code. */
    int offset() {
        return code.size();
    }

    /** Places {@code name} here. */
    X86Asm label(String name) {
        if (labels.putIfAbsent(name, offset()) != null) {
            throw new IllegalArgumentException("label " + name + " defined twice");
        }
        return this;
    }

    private X86Asm emit(int... bytes) {
        for (int b : bytes) {
            code.write(b);
        }
        return this;
    }

    private X86Asm emit32(int value) {
        return emit(value & 0xff, value >>> 8 & 0xff, value >>> 16 & 0xff, value >>> 24 & 0xff);
    }

    private X86Asm jump(int opcode, String label) {
        emit(opcode);
        fixups.add(new Fixup(offset(), label));
        return emit(0);
    }

    /** {@code test rcx, rcx}. */
    X86Asm testRcxRcx() {
        return emit(0x48, 0x85, 0xc9);
    }

    /** {@code test sil, imm8}. */
    X86Asm testSil(int imm8) {
        return emit(0x40, 0xf6, 0xc6, imm8);
    }

    /** {@code cmp rcx, imm8}. */
    X86Asm cmpRcx(int imm8) {
        return emit(0x48, 0x83, 0xf9, imm8);
    }

    /** {@code jz label}. */
    X86Asm jz(String label) {
        return jump(0x74, label);
    }

    /** {@code jnz label}. */
    X86Asm jnz(String label) {
        return jump(0x75, label);
    }

    /** {@code jb label}. */
    X86Asm jb(String label) {
        return jump(0x72, label);
    }

    /** {@code jmp label}. */
    X86Asm jmp(String label) {
        return jump(0xeb, label);
    }

    /** {@code mov al|ax|eax|rax, [rsi]}: one load of {@code size} bytes. */
    X86Asm loadFromRsi(int size) {
        return switch (size) {
            case 1 -> emit(0x8a, 0x06);
            case 2 -> emit(0x66, 0x8b, 0x06);
            case 4 -> emit(0x8b, 0x06);
            case 8 -> emit(0x48, 0x8b, 0x06);
            default -> throw new IllegalArgumentException("no single load of " + size + " bytes");
        };
    }

    /** {@code mov [rdi], al|ax|eax|rax}: one store of {@code size} bytes. */
    X86Asm storeToRdi(int size) {
        return switch (size) {
            case 1 -> emit(0x88, 0x07);
            case 2 -> emit(0x66, 0x89, 0x07);
            case 4 -> emit(0x89, 0x07);
            case 8 -> emit(0x48, 0x89, 0x07);
            default -> throw new IllegalArgumentException("no single store of " + size + " bytes");
        };
    }

    /** {@code add rsi, imm8}. */
    X86Asm addRsi(int imm8) {
        return emit(0x48, 0x83, 0xc6, imm8);
    }

    /** {@code add rdi, imm8}. */
    X86Asm addRdi(int imm8) {
        return emit(0x48, 0x83, 0xc7, imm8);
    }

    /** {@code sub rcx, imm8}. */
    X86Asm subRcx(int imm8) {
        return emit(0x48, 0x83, 0xe9, imm8);
    }

    /** {@code pop rax}. */
    X86Asm popRax() {
        return emit(0x58);
    }

    /** {@code xor eax, eax}. */
    X86Asm zeroEax() {
        return emit(0x31, 0xc0);
    }

    /** {@code mov ebx, imm32}. */
    X86Asm movEbx(int imm32) {
        return emit(0xbb).emit32(imm32);
    }

    /** {@code mov edx, imm32}. */
    X86Asm movEdx(int imm32) {
        return emit(0xba).emit32(imm32);
    }

    /** {@code out dx, al}: a {@code KVM_EXIT_IO} for any port no in-kernel device claims. */
    X86Asm outDxAl() {
        return emit(0xee);
    }

    /** {@code hlt}. */
    X86Asm hlt() {
        return emit(0xf4);
    }

    /** The machine code, every jump resolved. */
    byte[] assemble() {
        byte[] bytes = code.toByteArray();
        for (Fixup fixup : fixups) {
            Integer target = labels.get(fixup.label());
            if (target == null) {
                throw new IllegalArgumentException("label " + fixup.label() + " is never defined");
            }
            int displacement = target - (fixup.at() + 1);
            if (displacement < Byte.MIN_VALUE || displacement > Byte.MAX_VALUE) {
                throw new IllegalArgumentException("jump to " + fixup.label() + " is too far for 8 bits");
            }
            bytes[fixup.at()] = (byte) displacement;
        }
        return bytes;
    }
}
