package org.kvmlab.conformance.scenario;

import org.kvmlab.core.memslot.MemslotFlags;

/** Reads the command word and operands of a line (SCENARIOS.md sections 2 to 4). */
final class CommandParser {
    /** The command words, for the message about an unknown one. */
    static final String COMMANDS = "vm, mmap, munmap, mprotect, region, vcpu, cr3, read, write, clear, "
            + "readpage, writepage, clearpage, readatomic, hva, hvaprot, visible, memslot, dirty, dirtylog, "
            + "cache, writecached, readcached, readvirt or writevirt";

    private CommandParser() {}

    /** The command the tokens before {@code =>} (or the whole line) spell. */
    static Command parse(Operands in) throws ParseFailure {
        String word = in.next("a command");
        Command command = switch (word) {
            case "vm" -> new Command.Vm(Operands.numberAfter(in.next("user_slots=N"), "user_slots="));
            case "mmap" -> new Command.Mmap(in.number("HVA"), in.number("SIZE"), in.prot());
            case "munmap" -> new Command.Munmap(in.number("HVA"), in.number("SIZE"));
            case "mprotect" -> new Command.Mprotect(in.number("HVA"), in.number("SIZE"), in.prot());
            case "region" -> region(in);
            case "vcpu" -> vcpu(in);
            case "cr3" -> new Command.Cr3(in.vcpuId(), in.number("GPA"));
            case "read" -> new Command.Read(in.ctx(), in.number("GPA"), in.length("LEN"));
            case "write" -> new Command.Write(in.ctx(), in.number("GPA"), in.data());
            case "clear" -> new Command.Clear(in.ctx(), in.number("GPA"), in.length("LEN"));
            case "readpage" -> new Command.ReadPage(in.ctx(), in.number("GFN"), in.length("OFFSET"), in.length("LEN"));
            case "writepage" -> new Command.WritePage(in.ctx(), in.number("GFN"), in.length("OFFSET"), in.data());
            case "clearpage" -> new Command.ClearPage(in.ctx(), in.number("GFN"), in.length("OFFSET"), in.length("LEN"));
            case "readatomic" -> new Command.ReadAtomic(in.ctx(), in.number("GPA"), in.length("LEN"));
            case "hva" -> new Command.Hva(in.ctx(), in.number("GFN"));
            case "hvaprot" -> new Command.HvaProt(in.ctx(), in.number("GFN"));
            case "visible" -> new Command.Visible(in.ctx(), in.number("GFN"));
            case "memslot" -> new Command.Memslot(in.ctx(), in.number("GFN"));
            case "dirty" -> new Command.Dirty(in.ctx(), in.number("GFN"));
            case "dirtylog" -> new Command.DirtyLog(in.slot());
            case "cache" -> new Command.Cache(in.name(), in.ctx(), in.number("GPA"), in.length("LEN"));
            case "writecached" -> new Command.WriteCached(in.name(), in.data());
            case "readcached" -> new Command.ReadCached(in.name(), in.length("LEN"));
            case "readvirt" -> new Command.ReadVirt(in.vcpuId(), in.number("GVA"), in.length("LEN"));
            case "writevirt" -> new Command.WriteVirt(in.vcpuId(), in.number("GVA"), in.data());
            default -> throw ParseFailure.expected("a command (" + COMMANDS + ")", word);
        };
        in.end("=> or end of line");
        return command;
    }

    /** {@code region SLOT GPA SIZE HVA [FLAG ...]}: the FLAG words run to {@code =>} or the end. */
    private static Command.Region region(Operands in) throws ParseFailure {
        int slot = in.slot();
        long gpa = in.number("GPA");
        long size = in.number("SIZE");
        long hva = in.number("HVA");
        int flags = 0;
        boolean smram = false;
        while (in.hasNext()) {
            String word = in.next("FLAG");
            smram |= word.equals("smram");
            flags |= switch (word) {
                case "log_dirty" -> MemslotFlags.KVM_MEM_LOG_DIRTY_PAGES;
                case "readonly" -> MemslotFlags.KVM_MEM_READONLY;
                case "smram" -> 0;
                default -> {
                    if (!word.startsWith("flags=")) {
                        throw ParseFailure.expected("a FLAG (log_dirty, readonly, smram or flags=N), => or end of line",
                                word);
                    }
                    yield Operands.u32(Operands.numberAfter(word, "flags="), "flags=N with N below 2^32", word);
                }
            };
        }
        return new Command.Region(slot, gpa, size, hva, flags, smram);
    }

    /** {@code vcpu ID [smm|nosmm]}. */
    private static Command.CreateVcpu vcpu(Operands in) throws ParseFailure {
        int id = in.vcpuId();
        if (!in.hasNext()) {
            return new Command.CreateVcpu(id, Command.SmmSwitch.KEEP);
        }
        String word = in.next("smm or nosmm");
        return switch (word) {
            case "smm" -> new Command.CreateVcpu(id, Command.SmmSwitch.ENTER);
            case "nosmm" -> new Command.CreateVcpu(id, Command.SmmSwitch.LEAVE);
            default -> throw ParseFailure.expected("smm, nosmm, => or end of line", word);
        };
    }
}
