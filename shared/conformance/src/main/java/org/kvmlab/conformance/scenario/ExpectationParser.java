package org.kvmlab.conformance.scenario;

import static org.kvmlab.conformance.scenario.ResultForm.OK;
import static org.kvmlab.conformance.scenario.ResultForm.OK_DATA;
import static org.kvmlab.conformance.scenario.ResultForm.OK_PAGES;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.kvmlab.core.base.Errno;

/**
 * Reads what a line expects (SCENARIOS.md section 5): one of its command's result forms, with the
 * checks the format makes on it (DATA of exactly LEN bytes, page lists strictly ascending).
 */
final class ExpectationParser {
    private ExpectationParser() {}

    /** What a line without {@code =>} expects: success, on a command that has an {@code ok} result. */
    static Expectation implicit(Command command, String word) throws ParseFailure {
        Set<ResultForm> forms = ResultForm.of(command);
        if (!forms.contains(OK) && !forms.contains(OK_DATA) && !forms.contains(OK_PAGES)) {
            throw ParseFailure.expected("=> and one of " + ResultForm.list(forms) + " (" + word
                    + " has no ok result)", "end of line");
        }
        return Expectation.ANY_SUCCESS;
    }

    /** What the tokens after {@code =>} state, for {@code command} (spelled {@code word}). */
    static Expectation stated(Command command, String word, Operands in) throws ParseFailure {
        Set<ResultForm> forms = ResultForm.of(command);
        String wanted = "one of " + ResultForm.list(forms) + " (the results of " + word + ")";
        String head = in.next(wanted);
        Outcome outcome = switch (head) {
            case "ok" -> switch (command) {
                case Command.Reading reading -> okData(reading.len(), in);
                case Command.DirtyLog _ -> okPages(in);
                default -> word(forms, OK, Outcome.OK, wanted, head);
            };
            case "EINVAL" -> errno(forms, ResultForm.EINVAL, Errno.EINVAL, wanted, head);
            case "EEXIST" -> errno(forms, ResultForm.EEXIST, Errno.EEXIST, wanted, head);
            case "ENOMEM" -> errno(forms, ResultForm.ENOMEM, Errno.ENOMEM, wanted, head);
            case "ENOENT" -> errno(forms, ResultForm.ENOENT, Errno.ENOENT, wanted, head);
            case "EFAULT" -> {
                require(forms, ResultForm.EFAULT, wanted, head);
                if (command instanceof Command.Read read && in.hasNext()) {
                    yield new Outcome.ReadFault(exactly(read.len(), in.data()));
                }
                yield new Outcome.Errno(Errno.EFAULT);
            }
            case "error" -> {
                require(forms, ResultForm.ERROR, wanted, head);
                yield new Outcome.HostError(null);
            }
            case "hva" -> {
                if (forms.contains(ResultForm.HVA_PROT)) {
                    long hva = in.number("HVA");
                    String prot = in.next("rw or ro");
                    yield switch (prot) {
                        case "rw" -> new Outcome.HvaProtIs(hva, true);
                        case "ro" -> new Outcome.HvaProtIs(hva, false);
                        default -> throw ParseFailure.expected("rw or ro", prot);
                    };
                }
                require(forms, ResultForm.HVA, wanted, head);
                yield new Outcome.HvaIs(in.number("HVA"));
            }
            case "bad" -> word(forms, ResultForm.BAD, new Outcome.Bad(), wanted, head);
            case "robad" -> word(forms, ResultForm.ROBAD, new Outcome.RoBad(), wanted, head);
            case "yes" -> word(forms, ResultForm.YES, new Outcome.VisibleIs(true), wanted, head);
            case "no" -> word(forms, ResultForm.NO, new Outcome.VisibleIs(false), wanted, head);
            case "none" -> word(forms, ResultForm.NONE, new Outcome.NoSlot(), wanted, head);
            case "gp" -> word(forms, ResultForm.GP, new Outcome.GeneralProtection(), wanted, head);
            case "slot" -> {
                require(forms, ResultForm.SLOT, wanted, head);
                yield new Outcome.SlotIs(in.number("ID"));
            }
            case "pf" -> {
                require(forms, ResultForm.PF, wanted, head);
                yield new Outcome.PageFault(in.number("ERR"), in.number("GVA"));
            }
            default -> throw ParseFailure.expected(wanted, head);
        };
        in.end("end of line");
        return new Expectation.Stated(outcome);
    }

    /** {@code ok DATA} of exactly LEN bytes, or {@code ok} alone when LEN is 0. */
    private static Outcome okData(int len, Operands in) throws ParseFailure {
        if (!in.hasNext()) {
            if (len != 0) {
                throw ParseFailure.expected("ok and DATA of " + Canonical.number(len) + " bytes (the LEN)",
                        "ok alone");
            }
            return new Outcome.OkData(Data.EMPTY);
        }
        return new Outcome.OkData(exactly(len, in.data()));
    }

    private static Data exactly(int len, Data data) throws ParseFailure {
        if (data.length() != len) {
            throw ParseFailure.expected("DATA of " + Canonical.number(len) + " bytes (the LEN)",
                    Canonical.number(data.length()) + " bytes");
        }
        return data;
    }

    /** {@code ok PAGE ...}: page numbers, strictly ascending. */
    private static Outcome okPages(Operands in) throws ParseFailure {
        List<Long> pages = new ArrayList<>();
        while (in.hasNext()) {
            String token = in.next("PAGE");
            long page = Operands.parseNumber(token, "PAGE");
            if (!pages.isEmpty() && Long.compareUnsigned(page, pages.getLast()) <= 0) {
                throw ParseFailure.expected("a PAGE above " + Canonical.number(pages.getLast())
                        + " (pages strictly ascending)", token);
            }
            pages.add(page);
        }
        return new Outcome.OkPages(pages);
    }

    private static Outcome errno(Set<ResultForm> forms, ResultForm form, int errno, String wanted, String head)
            throws ParseFailure {
        require(forms, form, wanted, head);
        return new Outcome.Errno(errno);
    }

    private static Outcome word(Set<ResultForm> forms, ResultForm form, Outcome outcome, String wanted, String head)
            throws ParseFailure {
        require(forms, form, wanted, head);
        return outcome;
    }

    private static void require(Set<ResultForm> forms, ResultForm form, String wanted, String head)
            throws ParseFailure {
        if (!forms.contains(form)) {
            throw ParseFailure.expected(wanted, head);
        }
    }
}
