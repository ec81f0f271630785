package org.kvmlab.conformance.scenario;

import static com.google.common.truth.Truth.assertThat;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * The parser is total: whatever bytes it gets, it answers with a scenario or a parse error that
 * names the file and a line the file has, and never throws. Fed random bytes, random token soup
 * and, mostly, valid scenarios with a few bytes or tokens broken, where mistakes hide.
 */
@Tag("scenario")
class ScenarioParserPropertyTest {
    private static final String FILE = "prop.scn";
    private static final int EXAMPLES = 3000;

    /** Valid scenarios, every command and expectation form among them, to break. */
    static final List<String> VALID = List.of(
            ScenarioRunnerTest.WORKED_EXAMPLE,
            """
            vm user_slots=0x20
            mmap 0x7f0000000000 0x400000 rw
            mprotect 0x7f0000001000 0x1000 ro => ok
            munmap 0x7f0000003000 4096
            region 0x1 0 0x400000 0x7f0000000000 log_dirty readonly flags=0x80 => EINVAL
            region 1 0 0x400000 0x7f0000000000 log_dirty
            vcpu 0 nosmm
            vcpu 254 smm
            cr3 0 0x1000 => ok
            write vcpu0 0x1000 0320000000000000
            writepage vm 2 0 0330000000000000+fill:00*8
            clear vcpu254 0x10 16 => EFAULT
            clearpage vm 3 0xff0 0x10 => error
            read vm 0x1000 8 => EFAULT 0320000000000000
            readpage vcpu254 2 0 4 => ok 03300000
            readatomic vm 0xffe 2 => error
            hva vm 2 => hva 0x7f0000002000
            hvaprot vcpu0 2 => hva 0x7f0000002000 rw
            hvaprot vcpu0 0x400 => bad
            hva vm 0x400 => robad
            visible vcpu0 0x400 => no
            memslot vm 2 => slot 1
            memslot vm 0x400 => none
            dirty vcpu0 5
            dirtylog 1 => ok 1 2 3 5
            dirtylog 0x10000 => EINVAL
            cache kvmclock vcpu0 0x2000 8 => ok
            writecached kvmclock 0102030405060708
            readcached kvmclock 8 => ok 0102030405060708
            readvirt 0 0x10 2 => pf 0 0x10
            writevirt 0 0xffff800000000000 00 => gp
            readvirt 0 0 0 => ok
            writevirt 0 0x200000 aabb => EFAULT   # a comment with => and #
            """,
            "# only comments\r\n\r\n\t# and blanks\r\nvcpu 0\r\n");

    /** Tokens, well-formed and not, for random lines. */
    private static final List<String> VOCABULARY = List.of(
            "vm", "mmap", "munmap", "mprotect", "region", "vcpu", "cr3", "read", "write", "clear", "readpage",
            "writepage", "clearpage", "readatomic", "hva", "hvaprot", "visible", "memslot", "dirty", "dirtylog",
            "cache", "writecached", "readcached", "readvirt", "writevirt", "=>", "=>ok", "ok", "EFAULT", "EINVAL",
            "EEXIST", "ENOMEM", "ENOENT", "error", "bad", "robad", "yes", "no", "none", "slot", "pf", "gp", "rw",
            "ro", "smm", "nosmm", "log_dirty", "readonly", "smram", "flags=", "flags=0x1000000", "user_slots=",
            "user_slots=1", "vcpu0", "vcpu1", "vcpu255", "vcpu", "c", "0", "1", "0x", "0x1000", "4096",
            "0xffffffffffffffff", "18446744073709551616", "0x1000000", "0x1000001", "255", "254", "-1", "aa",
            "aabbccdd", "abc", "fill:00*4", "fill:00*0", "fill:00*0x1000000", "+", "00+", "#", "# comment");

    private static final List<String> SEPARATORS = List.of(" ", "  ", "\t", "\n", "\r\n", "\r", " \n");

    // ---- the properties ----------------------------------------------------------------------

    @Test
    void validBases_parse() {
        for (String text : VALID) {
            assertThat(ScenarioParser.parse(FILE, text.getBytes(US_ASCII))).isInstanceOf(ParseResult.Parsed.class);
        }
    }

    @Test
    void mutatedValidScenarios_neverThrow_andRejectionsNameAnExistingLine() {
        qt().withExamples(EXAMPLES).forAll(mutatedValidScenarios()).checkAssert(ScenarioParserPropertyTest::assertTotal);
    }

    @Test
    void randomTokenLines_neverThrow_andRejectionsNameAnExistingLine() {
        qt().withExamples(EXAMPLES).forAll(tokenSoup()).checkAssert(ScenarioParserPropertyTest::assertTotal);
    }

    @Test
    void randomBytes_neverThrow_andRejectionsNameAnExistingLine() {
        Gen<byte[]> bytes = Generate.byteArrays(Generate.range(0, 300),
                Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) ' '));
        qt().withExamples(EXAMPLES).forAll(bytes).checkAssert(ScenarioParserPropertyTest::assertTotal);
    }

    /** The property itself: a result, never an exception; a rejection names FILE and a line that exists. */
    static void assertTotal(byte[] bytes) {
        ParseResult result = ScenarioParser.parse(FILE, bytes);
        int lines = lineCount(bytes);
        switch (result) {
            case ParseResult.ParseError error -> {
                assertThat(error.file()).isEqualTo(FILE);
                assertThat(error.line()).isAtLeast(1);
                assertThat(error.line()).isAtMost(lines);
                assertThat(error.what()).startsWith("expected ");
                assertThat(error.message()).isEqualTo(FILE + ":" + error.line() + ": parse error: " + error.what());
            }
            case ParseResult.Parsed(Scenario scenario) -> {
                int previous = 0;
                for (ScenarioLine line : scenario.lines()) {
                    assertThat(line.number()).isGreaterThan(previous);
                    previous = line.number();
                }
                assertThat(previous).isAtMost(lines);
            }
        }
    }

    /** Lines end at LF; a last line without LF counts, an empty one after the last LF does not. */
    static int lineCount(byte[] bytes) {
        int lfs = 0;
        for (byte b : bytes) {
            if (b == '\n') {
                lfs++;
            }
        }
        return bytes.length > 0 && bytes[bytes.length - 1] != '\n' ? lfs + 1 : lfs;
    }

    // ---- generators --------------------------------------------------------------------------

    /** One way of breaking a file, applied at a position taken modulo the file's length. */
    enum Kind { DELETE_BYTE, DUPLICATE_BYTE, REPLACE_BYTE, INSERT_NON_ASCII, INSERT_BOM, INSERT_LF, INSERT_CR,
        INSERT_ARROW, SWAP_TOKENS, DELETE_TOKEN, DUPLICATE_TOKEN }

    record Mutation(Kind kind, int at, int other, int value) {}

    private static Gen<byte[]> mutatedValidScenarios() {
        Gen<Mutation> mutation = Generate.enumValues(Kind.class).zip(integers().between(0, 4000),
                integers().between(0, 4000), integers().between(0, 255), Mutation::new);
        return Generate.pick(VALID).zip(lists().of(mutation).ofSizeBetween(1, 6), (text, mutations) -> {
            byte[] bytes = text.getBytes(US_ASCII);
            for (Mutation m : mutations) {
                bytes = apply(bytes, m);
            }
            return bytes;
        });
    }

    private static Gen<byte[]> tokenSoup() {
        Gen<String> piece = Generate.pick(VOCABULARY).zip(Generate.pick(SEPARATORS), String::concat);
        return lists().of(piece).ofSizeBetween(0, 40).map(pieces -> String.join("", pieces).getBytes(US_ASCII));
    }

    static byte[] apply(byte[] bytes, Mutation m) {
        if (bytes.length == 0) {
            return new byte[] {(byte) m.value()};
        }
        int at = m.at() % bytes.length;
        return switch (m.kind()) {
            case DELETE_BYTE -> splice(bytes, at, 1, new byte[0]);
            case DUPLICATE_BYTE -> splice(bytes, at, 0, new byte[] {bytes[at]});
            case REPLACE_BYTE -> splice(bytes, at, 1, new byte[] {(byte) m.value()});
            case INSERT_NON_ASCII -> splice(bytes, at, 0, new byte[] {(byte) (0x80 | m.value())});
            case INSERT_BOM -> splice(bytes, at, 0, new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf});
            case INSERT_LF -> splice(bytes, at, 0, new byte[] {'\n'});
            case INSERT_CR -> splice(bytes, at, 0, new byte[] {'\r'});
            case INSERT_ARROW -> splice(bytes, at, 0, "=>".getBytes(US_ASCII));
            case SWAP_TOKENS, DELETE_TOKEN, DUPLICATE_TOKEN -> editTokens(bytes, m);
        };
    }

    /** Swaps, deletes or duplicates whole tokens of the line holding position {@code at}. */
    private static byte[] editTokens(byte[] bytes, Mutation m) {
        String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
        String[] lines = text.split("\n", -1);
        int lineIndex = m.at() % lines.length;
        List<String> tokens = new ArrayList<>(List.of(lines[lineIndex].trim().split("[ \t]+")));
        if (tokens.isEmpty() || tokens.getFirst().isEmpty()) {
            return bytes;
        }
        int i = m.other() % tokens.size();
        int j = m.value() % tokens.size();
        switch (m.kind()) {
            case SWAP_TOKENS -> {
                String t = tokens.get(i);
                tokens.set(i, tokens.get(j));
                tokens.set(j, t);
            }
            case DELETE_TOKEN -> tokens.remove(i);
            default -> tokens.add(j, tokens.get(i));
        }
        lines[lineIndex] = String.join(" ", tokens);
        return String.join("\n", lines).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private static byte[] splice(byte[] bytes, int at, int remove, byte[] insert) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + insert.length);
        out.write(bytes, 0, at);
        out.writeBytes(insert);
        out.write(bytes, at + remove, bytes.length - at - remove);
        return out.toByteArray();
    }

    // ---- the generators reach what they are meant to -----------------------------------------

    @Test
    void mutations_produceBothRejectionsAndScenarios_onManyLines() {
        // Guards the property against a generator that only ever breaks line 1, or nothing.
        int[] rejected = new int[1];
        int[] parsed = new int[1];
        java.util.Set<Integer> errorLines = new java.util.HashSet<>();
        qt().withExamples(EXAMPLES).forAll(mutatedValidScenarios()).checkAssert(bytes -> {
            switch (ScenarioParser.parse(FILE, bytes)) {
                case ParseResult.ParseError e -> {
                    rejected[0]++;
                    errorLines.add(e.line());
                }
                case ParseResult.Parsed _ -> parsed[0]++;
            }
        });
        assertThat(rejected[0]).isGreaterThan(EXAMPLES / 4);
        assertThat(parsed[0]).isGreaterThan(0);
        assertThat(errorLines.size()).isGreaterThan(10);
    }
}
