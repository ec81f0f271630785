package org.kvmlab.conformance.differential;

import java.util.List;
import java.util.StringJoiner;
import org.kvmlab.conformance.scenario.Canonical;
import org.kvmlab.conformance.scenario.Command;
import org.kvmlab.conformance.scenario.Data;
import org.kvmlab.conformance.scenario.Outcome;
import org.kvmlab.core.memslot.MemslotFlags;

/**
 * Writes commands back as scenario lines, so that a failing program prints as a file that
 * {@code kvmlab scenario} runs again: each line expecting what the reference model gave.
 */
public final class ScenarioText {
    private ScenarioText() {}

    /** A whole scenario: a header comment, then each command expecting the reference's result. */
    public static String file(String header, List<Command> program, List<Outcome> referenceResults) {
        StringBuilder text = new StringBuilder();
        for (String line : header.split("\n")) {
            text.append("# ").append(line).append('\n');
        }
        for (int i = 0; i < program.size(); i++) {
            text.append(command(program.get(i)));
            String expected = expectation(referenceResults.get(i));
            if (expected != null) {
                text.append(" => ").append(expected);
            }
            text.append('\n');
        }
        return text.toString();
    }

    /** The scenario line of one command, without an expectation. */
    public static String command(Command command) {
        return switch (command) {
            case Command.Vm(long slots) -> "vm user_slots=" + slots;
            case Command.Mmap(long hva, long size, var prot) -> join("mmap", hex(hva), hex(size), prot.name().toLowerCase());
            case Command.Munmap(long hva, long size) -> join("munmap", hex(hva), hex(size));
            case Command.Mprotect(long hva, long size, var prot) ->
                    join("mprotect", hex(hva), hex(size), prot.name().toLowerCase());
            case Command.Region(int slot, long gpa, long size, long hva, int flags, boolean smram) ->
                    join("region", hex(slot & 0xffffffffL), hex(gpa), hex(size), hex(hva)) + flags(flags)
                            + (smram ? " smram" : "");
            case Command.CreateVcpu(int id, var smm) -> switch (smm) {
                case KEEP -> join("vcpu", Integer.toString(id));
                case ENTER -> join("vcpu", Integer.toString(id), "smm");
                case LEAVE -> join("vcpu", Integer.toString(id), "nosmm");
            };
            case Command.Cr3(int id, long gpa) -> join("cr3", Integer.toString(id), hex(gpa));
            case Command.Read(var ctx, long gpa, int len) -> join("read", ctx.toString(), hex(gpa), hex(len));
            case Command.Write(var ctx, long gpa, Data data) -> join("write", ctx.toString(), hex(gpa), data(data));
            case Command.Clear(var ctx, long gpa, int len) -> join("clear", ctx.toString(), hex(gpa), hex(len));
            case Command.ReadPage(var ctx, long gfn, int offset, int len) ->
                    join("readpage", ctx.toString(), hex(gfn), hex(offset), hex(len));
            case Command.WritePage(var ctx, long gfn, int offset, Data data) ->
                    join("writepage", ctx.toString(), hex(gfn), hex(offset), data(data));
            case Command.ClearPage(var ctx, long gfn, int offset, int len) ->
                    join("clearpage", ctx.toString(), hex(gfn), hex(offset), hex(len));
            case Command.ReadAtomic(var ctx, long gpa, int len) -> join("readatomic", ctx.toString(), hex(gpa), hex(len));
            case Command.Hva(var ctx, long gfn) -> join("hva", ctx.toString(), hex(gfn));
            case Command.HvaProt(var ctx, long gfn) -> join("hvaprot", ctx.toString(), hex(gfn));
            case Command.Visible(var ctx, long gfn) -> join("visible", ctx.toString(), hex(gfn));
            case Command.Memslot(var ctx, long gfn) -> join("memslot", ctx.toString(), hex(gfn));
            case Command.Dirty(var ctx, long gfn) -> join("dirty", ctx.toString(), hex(gfn));
            case Command.DirtyLog(int slot) -> join("dirtylog", hex(slot & 0xffffffffL));
            case Command.Cache(String name, var ctx, long gpa, int len) -> join("cache", name, ctx.toString(), hex(gpa), hex(len));
            case Command.WriteCached(String name, Data data) -> join("writecached", name, data(data));
            case Command.ReadCached(String name, int len) -> join("readcached", name, hex(len));
            case Command.ReadVirt(int id, long gva, int len) -> join("readvirt", Integer.toString(id), hex(gva), hex(len));
            case Command.WriteVirt(int id, long gva, Data data) -> join("writevirt", Integer.toString(id), hex(gva), data(data));
        };
    }

    /** What a line expects for this result, or null for a result no line can state (a crash). */
    static String expectation(Outcome result) {
        return switch (result) {
            case Outcome.Crashed _, Outcome.Unlisted _ -> null;
            case Outcome.HostError _ -> "error";
            case Outcome.OkData(Data data) -> data.isEmpty() ? "ok" : "ok " + data(data);
            case Outcome.ReadFault(Data buffer) -> buffer.isEmpty() ? "EFAULT" : "EFAULT " + data(buffer);
            default -> Canonical.compared(result, result);
        };
    }

    /** DATA written compactly: runs of 8 or more equal bytes as {@code fill:BB*N}, the rest as hex. */
    static String data(Data data) {
        byte[] bytes = data.toByteArray();
        StringJoiner pieces = new StringJoiner("+");
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < bytes.length) {
            int run = 1;
            while (i + run < bytes.length && bytes[i + run] == bytes[i]) {
                run++;
            }
            if (run >= 8) {
                if (!literal.isEmpty()) {
                    pieces.add(literal);
                    literal = new StringBuilder();
                }
                pieces.add(String.format("fill:%02x*%s", bytes[i] & 0xff, hex(run)));
            } else {
                for (int k = 0; k < run; k++) {
                    literal.append(String.format("%02x", bytes[i] & 0xff));
                }
            }
            i += run;
        }
        if (!literal.isEmpty()) {
            pieces.add(literal);
        }
        return pieces.toString();
    }

    private static String flags(int flags) {
        StringBuilder words = new StringBuilder();
        int rest = flags;
        if ((rest & MemslotFlags.KVM_MEM_LOG_DIRTY_PAGES) != 0) {
            words.append(" log_dirty");
            rest &= ~MemslotFlags.KVM_MEM_LOG_DIRTY_PAGES;
        }
        if ((rest & MemslotFlags.KVM_MEM_READONLY) != 0) {
            words.append(" readonly");
            rest &= ~MemslotFlags.KVM_MEM_READONLY;
        }
        if (rest != 0) {
            words.append(" flags=").append(hex(rest & 0xffffffffL));
        }
        return words.toString();
    }

    private static String hex(long value) {
        return Canonical.number(value);
    }

    private static String join(String... tokens) {
        return String.join(" ", tokens);
    }
}
