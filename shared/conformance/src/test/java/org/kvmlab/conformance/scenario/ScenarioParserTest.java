package org.kvmlab.conformance.scenario;

import static com.google.common.truth.Truth.assertThat;
import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.kvmlab.core.base.Errno;
import org.kvmlab.core.host.Prot;
import org.kvmlab.core.memslot.MemslotFlags;

/** The parser follows SCENARIOS.md sections 1, 2 and 5 rule by rule. */
@Tag("scenario")
class ScenarioParserTest {

    // ---- helpers -----------------------------------------------------------------------------

    private static ParseResult parse(String text) {
        return ScenarioParser.parse("t.scn", text.getBytes(ISO_8859_1));
    }

    private static Scenario parsed(String text) {
        ParseResult result = parse(text);
        if (result instanceof ParseResult.ParseError error) {
            throw new AssertionError("expected the text to parse, got " + error.message());
        }
        return ((ParseResult.Parsed) result).scenario();
    }

    private static ParseResult.ParseError rejected(String text) {
        ParseResult result = parse(text);
        assertThat(result).isInstanceOf(ParseResult.ParseError.class);
        return (ParseResult.ParseError) result;
    }

    /** Asserts that {@code text} is rejected at {@code line} with a WHAT containing {@code what}. */
    private static void assertRejected(String text, int line, String what) {
        ParseResult.ParseError error = rejected(text);
        assertThat(error.file()).isEqualTo("t.scn");
        assertThat(error.line()).isEqualTo(line);
        assertThat(error.what()).contains(what);
        assertThat(error.message()).isEqualTo("t.scn:" + line + ": parse error: " + error.what());
    }

    /** Asserts that the one command line of {@code text} parses to {@code command}. */
    private static Command command(String text) {
        List<ScenarioLine> lines = parsed(text).lines();
        assertThat(lines).hasSize(1);
        return lines.getFirst().command();
    }

    private static Expectation expectation(String text) {
        List<ScenarioLine> lines = parsed(text).lines();
        return lines.getLast().expectation();
    }

    private static final String VCPU0 = "vcpu 0\n";

    // ---- SCENARIOS.md section 1: lines ----------------------------------------------------------

    @Nested
    class Lines {
        /** A parse error quotes a huge token by its first 80 characters and its length, not whole. */
        @Test
        void hugeToken_isQuotedByItsFirst80CharactersAndItsLength() {
            String token = "r".repeat(1_000_000);
            ParseResult.ParseError error = rejected("mmap 0x7f0000000000 0x1000 " + token + "\n");
            assertThat(error.what()).isEqualTo("expected PROT (rw, ro or none), got " + "r".repeat(80)
                    + "... (1000000 characters)");
            assertThat(error.message().length()).isLessThan(200);
            assertThat(rejected("mmap 0x7f0000000000 0x1000 " + "r".repeat(80) + "\n").what())
                    .endsWith(", got " + "r".repeat(80));
        }

        @Test
        void emptyFile_parsesToNoLines() {
            assertThat(parsed("").lines()).isEmpty();
        }

        @Test
        void lineNumbers_countEveryLine_commentsAndBlanksIncluded() {
            Scenario s = parsed("# a comment\n\n   \t \nvcpu 0\n\nvcpu 1");
            assertThat(s.lines().stream().map(ScenarioLine::number).toList()).containsExactly(4, 6).inOrder();
        }

        @Test
        void lastLine_needNotEndWithLf() {
            assertThat(parsed("vcpu 0\nvcpu 1").lines()).hasSize(2);
        }

        @Test
        void crBeforeLf_isIgnored() {
            Scenario s = parsed("vcpu 0\r\nread vm 0 1 => ok 00\r\n");
            assertThat(s.lines()).hasSize(2);
            assertThat(s.lines().get(1).number()).isEqualTo(2);
        }

        /** A file may start with empty lines: an LF at the very first byte ends line 1, and so on. */
        @Test
        void lfAtTheFirstByte_endsAnEmptyFirstLine() {
            Scenario s = parsed("\n\nvcpu 0\n\nvcpu 1");
            assertThat(s.lines().stream().map(ScenarioLine::number).toList()).containsExactly(3, 5).inOrder();
            assertRejected("\nvcpu 0\nfrobnicate", 3, "expected a command (");
        }

        @Test
        void crLfAsAWholeLine_isAnEmptyLine() {
            Scenario s = parsed("\r\nvcpu 0\r\n\r\nvcpu 1\r\n");
            assertThat(s.lines().stream().map(ScenarioLine::number).toList()).containsExactly(2, 4).inOrder();
        }

        @Test
        void loneCr_isRejected() {
            assertRejected("vcpu 0\nvcpu 1\rvcpu 2\n", 2, "CR");
        }

        @Test
        void crAtEndOfFileWithoutLf_isALoneCr() {
            assertRejected("vcpu 0\nvcpu 1\r", 2, "CR");
        }

        @Test
        void twoCrsBeforeLf_leaveOneLoneCr() {
            assertRejected("vcpu 0\r\r\n", 1, "CR");
        }

        @Test
        void byteOrderMark_isRejected() {
            byte[] bom = {(byte) 0xef, (byte) 0xbb, (byte) 0xbf, 'v', 'c', 'p', 'u', ' ', '0', '\n'};
            ParseResult result = ScenarioParser.parse("bom.scn", bom);
            assertThat(result).isInstanceOf(ParseResult.ParseError.class);
            assertThat(((ParseResult.ParseError) result).message()).startsWith("bom.scn:1: parse error: ");
            assertThat(((ParseResult.ParseError) result).what()).contains("0xef");
        }

        @Test
        void nonAsciiLetter_outsideComment_isRejected() {
            byte[] text = "vcpu 0\nmmap 0 4096 rw # ok\nmmap 0 4096 r\u00e9\n".getBytes(UTF_8);
            ParseResult.ParseError error = (ParseResult.ParseError) ScenarioParser.parse("t.scn", text);
            assertThat(error.line()).isEqualTo(3);
            assertThat(error.what()).contains("got byte 0xc3 at column 14");
        }

        @Test
        void controlBytesAndDel_outsideComment_areRejected() {
            assertRejected("vcpu\u00000\n", 1, "0x00");
            assertRejected("vcpu 0\u007f\n", 1, "0x7f");
            assertRejected("vcpu\u000b0\n", 1, "0x0b");
        }

        /** Printable ASCII runs from {@code !} (0x21) to {@code ~} (0x7e): both ends are token bytes. */
        @Test
        void printableAscii_fromBangToTilde_makesTokens() {
            assertRejected("munmap 0 4096 !", 1, "expected => or end of line, got !");
            assertRejected("munmap 0 4096 ~", 1, "expected => or end of line, got ~");
            assertRejected("cache !~ vm 0 1", 1, "expected NAME ([a-z][a-z0-9_]*), got !~");
        }

        @Test
        void comments_mayHoldAnyBytes() {
            byte[] text = "# gr\u00fc\u00dfe \u2603\nvcpu 0 # caf\u00e9 \r \u0000 \u007f\n#\r".getBytes(UTF_8);
            ParseResult result = ScenarioParser.parse("t.scn", text);
            assertThat(result).isInstanceOf(ParseResult.Parsed.class);
            assertThat(((ParseResult.Parsed) result).scenario().lines()).hasSize(1);
        }

        @Test
        void hashAnywhere_startsAComment() {
            assertThat(parsed("vcpu 0#smm\nread vm 0 1#=> ok 00").lines()).hasSize(2);
            assertThat(parsed("vcpu 0#smm").lines().getFirst().command())
                    .isEqualTo(new Command.CreateVcpu(0, Command.SmmSwitch.KEEP));
        }

        @Test
        void tabsAndRunsOfBlanks_separateTokens() {
            assertThat(command("\t mmap\t\t0x1000   0x2000 \t rw \t"))
                    .isEqualTo(new Command.Mmap(0x1000, 0x2000, Prot.RW));
        }

        @Test
        void arrowGluedToAToken_isRejected() {
            assertRejected("read vm 0 0 =>ok", 1, "=> as a token of its own");
            assertRejected("write vm 0 aa=> ok", 1, "=> as a token of its own");
            assertRejected("mmap 0 4096 rw=>", 1, "=> as a token of its own");
        }

        @Test
        void arrowTwice_isRejected() {
            assertRejected("vcpu 0\nmmap 0 4096 rw => ok => ok", 2, "at most one =>");
            assertRejected("mmap 0 4096 rw => => ok", 1, "at most one =>");
        }

        /** The arrow as the line's first token still counts: a second one is the error, as anywhere else. */
        @Test
        void arrowAsTheFirstToken_thenASecond_isRejectedAsASecondArrow() {
            assertRejected("=> ok => ok", 1, "expected at most one =>, got a second =>");
        }

        @Test
        void arrowWithNothingAfterIt_isRejected() {
            assertRejected("mmap 0 4096 rw =>", 1, "got end of line");
        }

        @Test
        void arrowWithNoCommand_isRejected() {
            assertRejected("=> ok", 1, "expected a command, got =>");
        }

        @Test
        void unknownCommand_isRejected() {
            assertRejected("vcpu 0\nfrobnicate 1", 2, "expected a command");
        }

        @Test
        void keywords_areLowerCaseOnly() {
            assertRejected("MMAP 0 4096 rw", 1, "expected a command");
            assertRejected("mmap 0 4096 RW", 1, "PROT");
            assertRejected("mmap 0 4096 rw => OK", 1, "one of ok, EINVAL or ENOMEM");
            assertRejected("mmap 0 4096 rw => einval", 1, "one of ok, EINVAL or ENOMEM");
            assertRejected("vcpu 0 SMM", 1, "smm, nosmm");
        }

        @Test
        void missingToken_isRejected() {
            assertRejected("mmap 0 4096", 1, "expected PROT (rw, ro or none), got end of line");
            assertRejected("mmap 0 4096 => ok", 1, "got =>");
        }

        @Test
        void extraToken_isRejected() {
            assertRejected("munmap 0 4096 rw", 1, "expected => or end of line, got rw");
            assertRejected("munmap 0 4096 => ok ok", 1, "expected end of line, got ok");
        }

        @Test
        void parseStopsAtTheFirstBadLine() {
            assertRejected("vcpu 0\nvcpu 1 x\nvcpu 2 y", 2, "got x");
        }
    }

    // ---- SCENARIOS.md section 1: static checks --------------------------------------------------

    @Nested
    class StaticChecksInFileOrder {
        @Test
        void vmLine_mayFollowCommentsAndBlanks() {
            assertThat(parsed("# head\n\nvm user_slots=10\nvcpu 0").userSlots()).isEqualTo(10);
        }

        @Test
        void vmLine_afterAnotherCommand_isRejected() {
            assertRejected("vcpu 0\nvm user_slots=10", 2, "first command");
            assertRejected("vm user_slots=10\nvm user_slots=10", 2, "first command");
        }

        @Test
        void vmUserSlots_outOfRange_parsesAndLeavesTheVmAt509() {
            assertThat(parsed("vm user_slots=0 => EINVAL").userSlots()).isEqualTo(509);
            assertThat(parsed("vm user_slots=32765 => EINVAL").userSlots()).isEqualTo(509);
            assertThat(parsed("vm user_slots=0xffffffffffffffff => EINVAL").userSlots()).isEqualTo(509);
            assertThat(parsed("vm user_slots=32764").userSlots()).isEqualTo(32764);
            assertThat(parsed("vm user_slots=1").userSlots()).isEqualTo(1);
            assertThat(parsed("vcpu 0").userSlots()).isEqualTo(509);
        }

        @Test
        void vmLine_takesOneUserSlotsToken() {
            assertRejected("vm", 1, "expected user_slots=N, got end of line");
            assertRejected("vm 10", 1, "expected user_slots=N, got 10");
            assertRejected("vm user_slots= 10", 1, "user_slots=N");
            assertRejected("vm user_slots=x", 1, "user_slots=N");
        }

        @Test
        void vcpuContext_beforeItsVcpuLine_isRejected() {
            assertRejected("read vcpu0 0 1", 1, "earlier vcpu line");
            assertRejected("vcpu 1\nread vcpu0 0 1", 2, "earlier vcpu line");
            assertThat(parsed("vcpu 0\nread vcpu0 0 1").lines()).hasSize(2);
        }

        @Test
        void everyContextualCommand_checksItsVcpu() {
            for (String line : List.of("read vcpu3 0 1", "write vcpu3 0 00", "clear vcpu3 0 1",
                    "readpage vcpu3 0 0 1", "writepage vcpu3 0 0 00", "clearpage vcpu3 0 0 1",
                    "readatomic vcpu3 0 1", "hva vcpu3 0 => bad", "hvaprot vcpu3 0 => bad",
                    "visible vcpu3 0 => no", "memslot vcpu3 0 => none", "dirty vcpu3 0", "cache c vcpu3 0 1")) {
                assertRejected("vcpu 0\n" + line, 2, "no earlier vcpu 3");
                assertThat(parsed("vcpu 3\n" + line).lines()).hasSize(2);
            }
        }

        @Test
        void cr3_ofAVcpuNotCreated_isRejected() {
            assertRejected("cr3 0 0x1000", 1, "earlier vcpu line");
        }

        @Test
        void virtualAccess_ofAVcpuNotCreated_isRejected() {
            assertRejected("readvirt 0 0 1", 1, "earlier vcpu line");
            assertRejected("writevirt 0 0 00", 1, "earlier vcpu line");
        }

        @Test
        void virtualAccess_withoutAnEarlierCr3Line_isRejected() {
            assertRejected("vcpu 0\nreadvirt 0 0 1", 2, "an earlier cr3 line for vCPU 0");
            assertRejected("vcpu 0\nvcpu 1\ncr3 1 0\nwritevirt 0 0 00", 4, "cr3 line for vCPU 0");
            assertThat(parsed("vcpu 0\ncr3 0 0x1000\nreadvirt 0 0 1\nwritevirt 0 0 00").lines()).hasSize(4);
        }

        @Test
        void cr3LineThatWillFail_stillCounts() {
            assertThat(parsed("vcpu 0\ncr3 0 0x1001 => EINVAL\nreadvirt 0 0 1 => pf 0 0").lines()).hasSize(3);
        }

        @Test
        void cachedAccess_ofAnUnboundName_isRejected() {
            assertRejected("readcached c 1", 1, "an earlier cache line bound, got c");
            assertRejected("cache d vm 0 1\nwritecached c 00", 2, "cache line bound, got c");
            assertThat(parsed("cache c vm 0 1\nreadcached c 1\nwritecached c 00").lines()).hasSize(3);
        }

        @Test
        void staticCheck_comesAfterTheLineItself_sameLineNumber() {
            assertRejected("vcpu 0\nread vcpu1 0 1 => ok 0000", 2, "");
        }
    }

    // ---- SCENARIOS.md section 2: values ---------------------------------------------------------

    @Nested
    class Values {
        @Test
        void numbers_decimalOrHexOfEitherCase_leadingZerosAllowed() {
            assertThat(command("mmap 0x7F0000000000 0X10 ro"))
                    .isEqualTo(new Command.Mmap(0x7f0000000000L, 16, Prot.RO));
            assertThat(command("mmap 000123 0x0000ff none"))
                    .isEqualTo(new Command.Mmap(123, 255, Prot.NONE));
            assertThat(command("mmap 0x00000000000000000000000000001 0 rw"))
                    .isEqualTo(new Command.Mmap(1, 0, Prot.RW));
            assertThat(command("mmap 0000000000000000000000000000000000018446744073709551615 0 rw"))
                    .isEqualTo(new Command.Mmap(-1L, 0, Prot.RW));
        }

        @Test
        void numbers_upTo2To64Minus1() {
            assertThat(command("mmap 0xffffffffffffffff 18446744073709551615 rw"))
                    .isEqualTo(new Command.Mmap(-1L, -1L, Prot.RW));
        }

        @Test
        void numbers_of2To64OrMore_areRejected() {
            assertRejected("mmap 0x1ffffffffffffffff 0 rw", 1,
                    "expected a number below 2^64, got 0x1ffffffffffffffff");
            assertRejected("mmap 0x10000000000000000 0 rw", 1, "below 2^64");
            assertRejected("mmap 18446744073709551616 0 rw", 1, "below 2^64");
            assertRejected("mmap 99999999999999999999999999 0 rw", 1, "below 2^64");
        }

        @Test
        void numbers_withSignUnderscoreOrBadDigits_areRejected() {
            for (String bad : List.of("-1", "+1", "1_000", "0x", "0X", "0xg", "12a", "x10", "1.0", "0b1", "0x-1",
                    "0x+1", "1e3")) {
                assertRejected("mmap " + bad + " 0 rw", 1, "expected HVA (a number");
            }
            // A bare 0x has no digits: it is not a number, rather than a number too large.
            for (String bare : List.of("0x", "0X")) {
                assertThat(rejected("mmap " + bare + " 0 rw").what())
                        .isEqualTo("expected HVA (a number: decimal digits, or 0x and hex digits), got " + bare);
            }
        }

        @Test
        void slot_below2To32() {
            assertThat(command("dirtylog 0xffffffff")).isEqualTo(new Command.DirtyLog(-1));
            assertThat(command("dirtylog 65536")).isEqualTo(new Command.DirtyLog(65536));
            assertRejected("dirtylog 0x100000000", 1, "expected a SLOT below 2^32, got 0x100000000");
            assertRejected("region 4294967296 0 0 0", 1, "SLOT below 2^32");
        }

        @Test
        void lenAndOffset_atMost16MiB() {
            assertThat(command("read vm 0 0x1000000")).isEqualTo(new Command.Read(Ctx.VM, 0, 0x1000000));
            assertRejected("read vm 0 0x1000001", 1, "expected a LEN of at most 0x1000000, got 0x1000001");
            assertThat(command("readpage vm 0 0x1000000 0")).isEqualTo(new Command.ReadPage(Ctx.VM, 0, 0x1000000, 0));
            assertRejected("readpage vm 0 16777217 0", 1, "expected an OFFSET of at most 0x1000000");
            assertRejected("clearpage vm 0 0 0xffffffffffffffff", 1, "LEN of at most");
            assertRejected("cache c vm 0 0x1000001", 1, "LEN of at most");
            assertRejected("cache c vm 0 1\nreadcached c 0x1000001", 2, "LEN of at most");
        }

        @Test
        void vcpuId_0To254() {
            assertThat(command("vcpu 254")).isEqualTo(new Command.CreateVcpu(254, Command.SmmSwitch.KEEP));
            assertThat(command("vcpu 0x00fe smm")).isEqualTo(new Command.CreateVcpu(254, Command.SmmSwitch.ENTER));
            assertThat(command("vcpu 0 nosmm")).isEqualTo(new Command.CreateVcpu(0, Command.SmmSwitch.LEAVE));
            assertRejected("vcpu 255", 1, "expected a vCPU ID from 0 to 254, got 255");
            assertRejected("vcpu 0xffffffffffffffff", 1, "vCPU ID from 0 to 254");
            assertRejected("vcpu 0\ncr3 255 0", 2, "vCPU ID from 0 to 254");
            assertRejected("vcpu 0\nreadvirt 256 0 1", 2, "vCPU ID from 0 to 254");
        }

        @Test
        void ctx_vmOrVcpuWithDecimalDigits() {
            assertThat(parsed("vcpu 7\nread vcpu007 0 1").lines().get(1).command())
                    .isEqualTo(new Command.Read(new Ctx.OnVcpu(7), 0, 1));
            assertThat(parsed("vcpu 254\nread vcpu254 0 1").lines()).hasSize(2);
            assertRejected("read vcpu255 0 1", 1, "vCPU ID from 0 to 254, got vcpu255");
            assertRejected("read vcpu99999999999999999999999 0 1", 1, "vCPU ID from 0 to 254");
            for (String bad : List.of("vcpu", "vcpu0x1", "VM", "Vcpu0", "vcpu-1", "vcpu 0", "cpu0", "vm0")) {
                assertRejected("read " + bad + " 0 1", 1, "CTX");
            }
        }

        @Test
        void name_lowerCaseLetterThenLettersDigitsUnderscores() {
            assertThat(command("cache a_1z vm 0 1")).isEqualTo(new Command.Cache("a_1z", Ctx.VM, 0, 1));
            // Each end of each range, after the first character too.
            for (String good : List.of("a", "z", "aa", "az", "za", "a0", "a9", "a_", "z09az_")) {
                assertThat(command("cache " + good + " vm 0 1")).isEqualTo(new Command.Cache(good, Ctx.VM, 0, 1));
            }
            // The bytes just outside each range: '`' and '{' around a-z, '/' and ':' around 0-9.
            for (String bad : List.of("1a", "_a", "A", "aB", "a-b", "a.b", "a`", "a{", "a~", "a/", "a:", "`a", "{a")) {
                assertRejected("cache " + bad + " vm 0 1", 1, "NAME");
            }
        }

        @Test
        void prot_rwRoNone() {
            assertThat(command("mprotect 0 0 none")).isEqualTo(new Command.Mprotect(0, 0, Prot.NONE));
            assertRejected("mprotect 0 0 rx", 1, "PROT");
        }

        @Test
        void data_hexPairsOfEitherCase() {
            Command.Write w = (Command.Write) command("write vm 0 DeadBEEF");
            assertThat(w.data().toByteArray()).isEqualTo(new byte[] {(byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef});
        }

        @Test
        void data_fillAndJoins() {
            Command.Write w = (Command.Write) command("write vm 0 00ff+fill:ab*4094+ff00");
            byte[] bytes = w.data().toByteArray();
            assertThat(bytes).hasLength(4098);
            assertThat(bytes[0]).isEqualTo((byte) 0);
            assertThat(bytes[1]).isEqualTo((byte) 0xff);
            assertThat(bytes[2]).isEqualTo((byte) 0xab);
            assertThat(bytes[4095]).isEqualTo((byte) 0xab);
            assertThat(bytes[4096]).isEqualTo((byte) 0xff);
            assertThat(bytes[4097]).isEqualTo((byte) 0);
            assertThat(((Command.Write) command("write vm 0 fill:Ab*0X2")).data())
                    .isEqualTo(Data.of(new byte[] {(byte) 0xab, (byte) 0xab}));
        }

        @Test
        void data_comparesAsDecodedBytes() {
            assertThat(((Command.Write) command("write vm 0 fill:11*2")).data())
                    .isEqualTo(((Command.Write) command("write vm 0 1111")).data());
            assertThat(expectation("read vm 0 4 => ok fill:00*2+0000"))
                    .isEqualTo(new Expectation.Stated(new Outcome.OkData(Data.of(new byte[4]))));
        }

        @Test
        void data_limits_1ByteTo16MiB() {
            assertThat(((Command.Write) command("write vm 0 fill:00*0x1000000")).data().length())
                    .isEqualTo(0x1000000);
            assertThat(((Command.Write) command("write vm 0 fill:00*0xffffff+00")).data().length())
                    .isEqualTo(0x1000000);
            assertRejected("write vm 0 fill:00*0x1000001", 1, "at most 16 MiB");
            assertRejected("write vm 0 fill:00*0x1000000+00", 1, "at most 16 MiB");
            assertRejected("write vm 0 fill:00*0xffffffffffffffff", 1, "at most 16 MiB");
            assertRejected("write vm 0 fill:00*0x1000000+fill:00*0x1000000+fill:00*0xffffffffffffffff", 1,
                    "at most 16 MiB");
        }

        @Test
        void data_badPieces_areRejected() {
            for (String bad : List.of("a", "abc", "0x00", "gg", "00+", "+00", "00++00", "fill:0*1", "fill:000*1",
                    "fill:00*0", "fill:00*", "fill:00*-1", "fill:00x2", "fill:gg*1", "fill:00*1x", "FILL:00*1",
                    "fill:00*0x")) {
                assertRejected("write vm 0 " + bad + " => ok", 1, "");
            }
            assertRejected("write vm 0 abc", 1, "an even number of hex digits");
            assertRejected("write vm 0 00++00", 1, "an empty piece");
            String shape = "expected DATA (an even number of hex digits, or fill:BB*N, pieces joined by +), got ";
            // A piece of a longer token is named with the token; a token of one piece alone.
            assertRejected("write vm 0 +00", 1, shape + "an empty piece in +00");
            assertRejected("write vm 0 00+", 1, shape + "an empty piece in 00+");
            assertRejected("write vm 0 +", 1, shape + "an empty piece in +");
            assertRejected("write vm 0 abc", 1, shape + "abc");
            assertThat(rejected("write vm 0 abc").what()).isEqualTo(shape + "abc");
            assertThat(rejected("write vm 0 00+abc").what()).isEqualTo(shape + "abc in 00+abc");
            assertRejected("write vm 0 fill:00*0", 1, "N a number of at least 1");
            assertRejected("write vm 0 fill:00*0x1ffffffffffffffff", 1, "below 2^64");
        }

        @Test
        void data_isOneToken() {
            assertRejected("write vm 0 00 11", 1, "expected => or end of line, got 11");
        }

        @Test
        void largeFills_costNothingUntilTheyRun() {
            // 4096 lines of 16 MiB each would be 64 GiB decoded; parsing must not decode them.
            String line = "write vm 0 fill:00*0x1000000\n";
            assertThat(parsed(line.repeat(4096)).lines()).hasSize(4096);
        }
    }

    // ---- SCENARIOS.md sections 3 and 4: commands ------------------------------------------------

    @Nested
    class Commands {
        @Test
        void region_flagWordsOrTogether_andMayRepeat() {
            assertThat(command("region 0x10001 0x0 0x8000 0x7f0000000000 log_dirty smram log_dirty"))
                    .isEqualTo(new Command.Region(0x10001, 0, 0x8000, 0x7f0000000000L,
                            MemslotFlags.KVM_MEM_LOG_DIRTY_PAGES, true));
            assertThat(command("region 0 0 0 0 readonly flags=0x80000000 flags=4"))
                    .isEqualTo(new Command.Region(0, 0, 0, 0, MemslotFlags.KVM_MEM_READONLY | 0x80000004, false));
            assertThat(command("region 0 0 0 0 flags=0xffffffff => EINVAL"))
                    .isEqualTo(new Command.Region(0, 0, 0, 0, -1, false));
        }

        /** What a flag-based design is given: the smram word as bit 24, OR'd with the other words. */
        @Test
        void region_effectiveFlags_addBit24ForTheSmramWord() {
            var smram = (Command.Region) command("region 1 0x8000 0x1000 0x7f0000008000 log_dirty smram");
            assertThat(smram.effectiveFlags())
                    .isEqualTo(MemslotFlags.KVM_MEM_LOG_DIRTY_PAGES | MemslotFlags.KVM_MEM_X86_SMRAM);
            var plain = (Command.Region) command("region 1 0x8000 0x1000 0x7f0000008000 readonly");
            assertThat(plain.effectiveFlags()).isEqualTo(MemslotFlags.KVM_MEM_READONLY);
            var smramAlone = (Command.Region) command("region 1 0x8000 0x1000 0x7f0000008000 smram");
            assertThat(smramAlone.effectiveFlags()).isEqualTo(MemslotFlags.KVM_MEM_X86_SMRAM);
            // flags=N that sets bit 24 is bit 24 in the flags word, smram word or not.
            var byNumber = (Command.Region) command("region 1 0x8000 0x1000 0x7f0000008000 flags=0x1000000");
            assertThat(byNumber.smram()).isFalse();
            assertThat(byNumber.effectiveFlags()).isEqualTo(MemslotFlags.KVM_MEM_X86_SMRAM);
        }

        @Test
        void region_badFlagWords_areRejected() {
            assertRejected("region 0 0 0 0 dirty", 1, "a FLAG (log_dirty, readonly, smram or flags=N)");
            assertRejected("region 0 0 0 0 flags=0x100000000", 1, "flags=N with N below 2^32");
            assertRejected("region 0 0 0 0 flags=", 1, "flags=N");
            assertRejected("region 0 0 0 0 flags = 1", 1, "flags=N");
            assertRejected("region 0 0 0 0 LOG_DIRTY", 1, "FLAG");
        }

        @Test
        void everyCommand_parsesItsOperands() {
            Scenario s = parsed("""
                    vm user_slots=0x20
                    mmap 1 2 rw
                    munmap 3 4
                    mprotect 5 6 ro
                    region 7 8 9 10
                    vcpu 1
                    cr3 1 0x1000
                    read vcpu1 11 12
                    write vm 13 aa
                    clear vm 14 15
                    readpage vm 16 17 18
                    writepage vm 19 20 bb
                    clearpage vm 21 22 23
                    readatomic vm 24 25
                    hva vm 26 => bad
                    hvaprot vm 27 => bad
                    visible vm 28 => no
                    memslot vm 29 => none
                    dirty vm 30
                    dirtylog 31
                    cache c vm 32 33
                    writecached c cc
                    readcached c 34
                    readvirt 1 35 36
                    writevirt 1 37 dd
                    """);
            assertThat(s.lines().stream().map(ScenarioLine::command).toList()).containsExactly(
                    new Command.Vm(32),
                    new Command.Mmap(1, 2, Prot.RW),
                    new Command.Munmap(3, 4),
                    new Command.Mprotect(5, 6, Prot.RO),
                    new Command.Region(7, 8, 9, 10, 0, false),
                    new Command.CreateVcpu(1, Command.SmmSwitch.KEEP),
                    new Command.Cr3(1, 0x1000),
                    new Command.Read(new Ctx.OnVcpu(1), 11, 12),
                    new Command.Write(Ctx.VM, 13, Data.of(new byte[] {(byte) 0xaa})),
                    new Command.Clear(Ctx.VM, 14, 15),
                    new Command.ReadPage(Ctx.VM, 16, 17, 18),
                    new Command.WritePage(Ctx.VM, 19, 20, Data.of(new byte[] {(byte) 0xbb})),
                    new Command.ClearPage(Ctx.VM, 21, 22, 23),
                    new Command.ReadAtomic(Ctx.VM, 24, 25),
                    new Command.Hva(Ctx.VM, 26),
                    new Command.HvaProt(Ctx.VM, 27),
                    new Command.Visible(Ctx.VM, 28),
                    new Command.Memslot(Ctx.VM, 29),
                    new Command.Dirty(Ctx.VM, 30),
                    new Command.DirtyLog(31),
                    new Command.Cache("c", Ctx.VM, 32, 33),
                    new Command.WriteCached("c", Data.of(new byte[] {(byte) 0xcc})),
                    new Command.ReadCached("c", 34),
                    new Command.ReadVirt(1, 35, 36),
                    new Command.WriteVirt(1, 37, Data.of(new byte[] {(byte) 0xdd}))).inOrder();
        }
    }

    // ---- SCENARIOS.md section 5: expectations ---------------------------------------------------

    @Nested
    class Expectations {
        @Test
        void noArrow_expectsAnySuccess() {
            assertThat(expectation("read vm 0 4")).isEqualTo(Expectation.ANY_SUCCESS);
            assertThat(expectation("dirtylog 0")).isEqualTo(Expectation.ANY_SUCCESS);
        }

        @Test
        void lookupCommands_withoutArrow_areRejected() {
            for (String line : List.of("hva vm 0", "hvaprot vm 0", "visible vm 0", "memslot vm 0")) {
                assertRejected(line, 1, "has no ok result");
            }
        }

        @Test
        void lookupCommands_haveNoOkForm() {
            assertRejected("hva vm 0 => ok", 1, "one of hva HVA, bad or robad");
            assertRejected("hvaprot vm 0 => ok", 1, "one of hva HVA rw|ro or bad");
            assertRejected("visible vm 0 => ok", 1, "one of yes or no");
            assertRejected("memslot vm 0 => ok", 1, "one of slot ID or none");
        }

        @Test
        void formsOutsideTheCommandsRow_areRejected() {
            assertRejected("vcpu 0 => EINVAL", 1, "one of ok (the results of vcpu)");
            assertRejected("vcpu 0 => error", 1, "the results of vcpu");
            assertRejected("mmap 0 0 rw => EEXIST", 1, "one of ok, EINVAL or ENOMEM");
            assertRejected("munmap 0 0 => ENOMEM", 1, "one of ok or EINVAL");
            assertRejected("region 0 0 0 0 => EFAULT", 1, "one of ok, EINVAL, EEXIST or ENOMEM");
            assertRejected("write vm 0 00 => EINVAL", 1, "one of ok, EFAULT or error");
            assertRejected("readpage vm 0 0 1 => EFAULT 00", 1, "expected end of line, got 00");
            assertRejected("readatomic vm 0 1 => gp", 1, "one of ok DATA, EFAULT or error");
            assertRejected("hva vm 0 => hva 0x1000 rw", 1, "expected end of line, got rw");
            assertRejected("hvaprot vm 0 => robad", 1, "hva HVA rw|ro or bad");
            assertRejected("hvaprot vm 0 => hva 0x1000", 1, "expected rw or ro, got end of line");
            assertRejected("hvaprot vm 0 => hva 0x1000 wr", 1, "expected rw or ro, got wr");
            assertRejected("dirty vm 0 => EFAULT", 1, "one of ok");
            assertRejected("dirtylog 0 => EFAULT", 1, "one of ok PAGE ..., EINVAL or ENOENT");
            assertRejected("cache c vm 0 1 => ok 00", 1, "expected end of line, got 00");
            assertRejected("vcpu 0\ncr3 0 0\nwritevirt 0 0 00 => ok 00", 3, "expected end of line, got 00");
            assertRejected("vcpu 0\ncr3 0 0\nreadvirt 0 0 1 => pf 2", 3, "expected GVA, got end of line");
            assertRejected("vcpu 0\ncr3 0 0\nreadvirt 0 0 1 => EFAULT 00", 3, "expected end of line, got 00");
            assertRejected("mmap 0 0 rw => ok ok", 1, "expected end of line, got ok");
            // The forms that carry numbers belong to their commands alone.
            assertRejected("read vm 0 1 => hva 0x1000", 1, "(the results of read), got hva");
            assertRejected("memslot vm 0 => hva 0x1000", 1, "one of slot ID or none (the results of memslot), got hva");
            assertRejected("hva vm 0 => slot 1", 1, "one of hva HVA, bad or robad (the results of hva), got slot");
            assertRejected("read vm 0 1 => slot 1", 1, "(the results of read), got slot");
            assertRejected("read vm 0 1 => pf 2 0x1000", 1, "(the results of read), got pf");
            assertRejected("vcpu 0\ncr3 0 0\nwritevirt 0 0 00 => slot 1", 3, "(the results of writevirt), got slot");
        }

        @Test
        void everyForm_parsesToItsOutcome() {
            assertThat(expectation("mmap 0 0 rw => ENOMEM")).isEqualTo(stated(new Outcome.Errno(Errno.ENOMEM)));
            assertThat(expectation("region 0 0 0 0 => EEXIST")).isEqualTo(stated(new Outcome.Errno(Errno.EEXIST)));
            assertThat(expectation("dirtylog 0 => ENOENT")).isEqualTo(stated(new Outcome.Errno(Errno.ENOENT)));
            assertThat(expectation("vm user_slots=0 => EINVAL")).isEqualTo(stated(new Outcome.Errno(Errno.EINVAL)));
            assertThat(expectation("write vm 0 00 => ok")).isEqualTo(stated(Outcome.OK));
            assertThat(expectation("read vm 0 1 => EFAULT")).isEqualTo(stated(new Outcome.Errno(Errno.EFAULT)));
            assertThat(expectation("read vm 0 2 => EFAULT 0102"))
                    .isEqualTo(stated(new Outcome.ReadFault(Data.of(new byte[] {1, 2}))));
            assertThat(expectation("read vm 0 1 => error")).isEqualTo(stated(new Outcome.HostError(null)));
            assertThat(expectation("hva vm 0 => hva 0x1000")).isEqualTo(stated(new Outcome.HvaIs(4096)));
            assertThat(expectation("hva vm 0 => hva 4096")).isEqualTo(stated(new Outcome.HvaIs(4096)));
            assertThat(expectation("hva vm 0 => robad")).isEqualTo(stated(new Outcome.RoBad()));
            assertThat(expectation("hvaprot vm 0 => hva 0x2000 ro")).isEqualTo(stated(new Outcome.HvaProtIs(0x2000, false)));
            assertThat(expectation("hvaprot vm 0 => hva 0x2000 rw")).isEqualTo(stated(new Outcome.HvaProtIs(0x2000, true)));
            assertThat(expectation("visible vm 0 => yes")).isEqualTo(stated(new Outcome.VisibleIs(true)));
            assertThat(expectation("memslot vm 0 => slot 0x2")).isEqualTo(stated(new Outcome.SlotIs(2)));
            assertThat(expectation("memslot vm 0 => none")).isEqualTo(stated(new Outcome.NoSlot()));
            assertThat(expectation("vcpu 0\ncr3 0 0\nreadvirt 0 0 1 => pf 2 0x9000"))
                    .isEqualTo(stated(new Outcome.PageFault(2, 0x9000)));
            assertThat(expectation("vcpu 0\ncr3 0 0\nwritevirt 0 0 00 => gp"))
                    .isEqualTo(stated(new Outcome.GeneralProtection()));
            assertThat(expectation("dirtylog 0 => ok 0 0x1 5"))
                    .isEqualTo(stated(new Outcome.OkPages(List.of(0L, 1L, 5L))));
            assertThat(expectation("dirtylog 0 => ok")).isEqualTo(stated(new Outcome.OkPages(List.of())));
        }

        @Test
        void okData_mustHaveExactlyLenBytes() {
            assertThat(expectation("read vm 0 2 => ok 0102"))
                    .isEqualTo(stated(new Outcome.OkData(Data.of(new byte[] {1, 2}))));
            assertRejected("read vm 0 2 => ok 010203", 1, "expected DATA of 0x2 bytes (the LEN), got 0x3 bytes");
            assertRejected("readpage vm 0 0 3 => ok 0102", 1, "DATA of 0x3 bytes");
            assertRejected("readatomic vm 0 1 => ok", 1, "expected ok and DATA of 0x1 bytes (the LEN), got ok alone");
            assertRejected("cache c vm 0 1\nreadcached c 4 => ok 00", 2, "DATA of 0x4 bytes");
            assertRejected("vcpu 0\ncr3 0 0\nreadvirt 0 0 1 => ok", 3, "got ok alone");
        }

        @Test
        void okAlone_onAZeroLengthRead_expectsNoBytes() {
            assertThat(expectation("read vm 0 0 => ok")).isEqualTo(stated(new Outcome.OkData(Data.EMPTY)));
            assertRejected("read vm 0 0 => ok 00", 1, "DATA of 0x0 bytes");
        }

        @Test
        void efaultData_isOnReadOnly_andMustHaveLenBytes() {
            assertRejected("read vm 0 2 => EFAULT 00", 1, "DATA of 0x2 bytes");
            assertRejected("read vm 0 0 => EFAULT 00", 1, "DATA of 0x0 bytes");
            assertRejected("read vm 0 1 => EFAULT 00 00", 1, "expected end of line, got 00");
        }

        @Test
        void pageList_mustBeStrictlyAscending() {
            assertRejected("dirtylog 0 => ok 1 1", 1, "pages strictly ascending");
            assertRejected("dirtylog 0 => ok 2 1", 1, "expected a PAGE above 0x2 (pages strictly ascending), got 1");
            assertRejected("dirtylog 0 => ok 0xffffffffffffffff 0", 1, "strictly ascending");
            assertRejected("dirtylog 0 => ok 1 x", 1, "PAGE");
        }

        @Test
        void expectationNumbers_followTheNumberRules() {
            assertRejected("hva vm 0 => hva 0x1ffffffffffffffff", 1, "below 2^64");
            assertRejected("hva vm 0 => hva -1", 1, "HVA (a number");
            assertThat(expectation("memslot vm 0 => slot 0xffffffffffffffff"))
                    .isEqualTo(stated(new Outcome.SlotIs(-1L)));
        }

        private static Expectation stated(Outcome outcome) {
            return new Expectation.Stated(outcome);
        }
    }
}
