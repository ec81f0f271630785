package org.kvmlab.conformance.scenario;

import java.util.EnumSet;
import java.util.Set;
import java.util.StringJoiner;

/**
 * The result forms of SCENARIOS.md sections 3 and 4, and which of them each command may state
 * after {@code =>} (its row of the tables).
 */
enum ResultForm {
    OK("ok"),
    OK_DATA("ok DATA"),
    OK_PAGES("ok PAGE ..."),
    EINVAL("EINVAL"),
    EEXIST("EEXIST"),
    ENOMEM("ENOMEM"),
    ENOENT("ENOENT"),
    EFAULT("EFAULT"),
    EFAULT_DATA("EFAULT DATA"),
    ERROR("error"),
    HVA("hva HVA"),
    HVA_PROT("hva HVA rw|ro"),
    BAD("bad"),
    ROBAD("robad"),
    YES("yes"),
    NO("no"),
    SLOT("slot ID"),
    NONE("none"),
    PF("pf ERR GVA"),
    GP("gp");

    private final String spelled;

    ResultForm(String spelled) {
        this.spelled = spelled;
    }

    /** The forms {@code command} may state, in the order of its row. */
    static Set<ResultForm> of(Command command) {
        return switch (command) {
            case Command.Vm _ -> EnumSet.of(OK, EINVAL);
            case Command.Mmap _, Command.Mprotect _ -> EnumSet.of(OK, EINVAL, ENOMEM);
            case Command.Munmap _ -> EnumSet.of(OK, EINVAL);
            case Command.Region _ -> EnumSet.of(OK, EINVAL, EEXIST, ENOMEM);
            case Command.CreateVcpu _, Command.Dirty _ -> EnumSet.of(OK);
            case Command.Cr3 _ -> EnumSet.of(OK, EINVAL);
            case Command.Read _ -> EnumSet.of(OK_DATA, EFAULT, EFAULT_DATA, ERROR);
            case Command.ReadPage _, Command.ReadAtomic _, Command.ReadCached _ -> EnumSet.of(OK_DATA, EFAULT, ERROR);
            case Command.Write _, Command.Clear _, Command.WritePage _, Command.ClearPage _, Command.Cache _,
                 Command.WriteCached _ -> EnumSet.of(OK, EFAULT, ERROR);
            case Command.Hva _ -> EnumSet.of(HVA, BAD, ROBAD);
            case Command.HvaProt _ -> EnumSet.of(HVA_PROT, BAD);
            case Command.Visible _ -> EnumSet.of(YES, NO);
            case Command.Memslot _ -> EnumSet.of(SLOT, NONE);
            case Command.DirtyLog _ -> EnumSet.of(OK_PAGES, EINVAL, ENOENT);
            case Command.ReadVirt _ -> EnumSet.of(OK_DATA, PF, GP, EFAULT, ERROR);
            case Command.WriteVirt _ -> EnumSet.of(OK, PF, GP, EFAULT, ERROR);
        };
    }

    /** The forms as a message lists them: {@code ok, EFAULT or error}. */
    static String list(Set<ResultForm> forms) {
        StringJoiner joined = new StringJoiner(", ");
        int i = 0;
        for (ResultForm form : forms) {
            i++;
            if (i == forms.size() && i > 1) {
                return joined + " or " + form.spelled;
            }
            joined.add(form.spelled);
        }
        return joined.toString();
    }
}
