package org.kvmlab.conformance.scenario;

import static org.kvmlab.core.base.Errno.EEXIST;
import static org.kvmlab.core.base.Errno.EFAULT;
import static org.kvmlab.core.base.Errno.EINVAL;
import static org.kvmlab.core.base.Errno.ENOENT;
import static org.kvmlab.core.base.Errno.ENOMEM;

import java.util.StringJoiner;

/**
 * The canonical forms of SCENARIOS.md section 8, in which the runner prints the X (expected) and
 * Y (got) of a failing line: tokens separated by one space, numbers as {@code 0x} and lower-case
 * hex, DATA as lower-case hex, shortened past 32 bytes with the offset where the two sides part.
 */
public final class Canonical {
    /** How many bytes of a DATA a message shows before {@code ...}. */
    public static final int SHOWN_BYTES = 32;

    private Canonical() {}

    /** A number: {@code 0x} and lower-case hex without leading zeros, unsigned. */
    public static String number(long value) {
        return "0x" + Long.toHexString(value);
    }

    /** The name of a positive errno value, as the format writes it; {@code errno 0xN} for one it does not name. */
    public static String errno(int errno) {
        return switch (errno) {
            case EINVAL -> "EINVAL";
            case EEXIST -> "EEXIST";
            case ENOMEM -> "ENOMEM";
            case ENOENT -> "ENOENT";
            case EFAULT -> "EFAULT";
            default -> "errno " + number(errno);
        };
    }

    /**
     * X of a failure message: what {@code expectation} states, compared with {@code actual}
     * (whose DATA, where it is shown, sets the first difference).
     */
    public static String expected(Expectation expectation, Outcome actual) {
        return switch (expectation) {
            case Expectation.AnySuccess _ -> "ok";
            // An expected error prints as the word alone, as form() writes every HostError.
            case Expectation.Stated(Outcome stated) ->
                    form(stated, shownData(actual, showsReadBuffer(expectation)), true);
        };
    }

    /**
     * Y of a failure message, the part after {@code got }: what the line gave, compared with
     * {@code expectation}. A {@code read}'s buffer shows only against {@code EFAULT DATA}; an
     * {@link IllegalArgumentException} shows its message; any other {@link Throwable} shows as
     * {@code exception CLASS: MESSAGE}.
     */
    public static String actual(Outcome actual, Expectation expectation) {
        boolean showBuffer = showsReadBuffer(expectation);
        Data other = expectation instanceof Expectation.Stated(Outcome stated) ? shownData(stated, true) : null;
        return switch (actual) {
            case Outcome.HostError(String message) -> "error: " + message;
            case Outcome.Crashed(Throwable t) -> "exception " + t.getClass().getName() + ": " + t.getMessage();
            default -> form(actual, other, showBuffer);
        };
    }

    /**
     * One outcome compared with another, both sides showing a {@code read}'s buffer and an
     * error's message: how a declared difference (SCENARIOS.md section 6) prints each side.
     */
    public static String compared(Outcome outcome, Outcome other) {
        return switch (outcome) {
            case Outcome.HostError(String message) -> "error: " + message;
            case Outcome.Crashed(Throwable t) -> "exception " + t.getClass().getName() + ": " + t.getMessage();
            default -> form(outcome, shownData(other, true), true);
        };
    }

    /** A DATA as a message shows it: all of it up to 32 bytes, else 32 bytes, {@code ...} and its length. */
    public static String data(Data data, Data other) {
        if (data.length() <= SHOWN_BYTES) {
            return data.hex(SHOWN_BYTES);
        }
        String tail = other == null ? "" : ", first difference at " + number(data.firstDifference(other));
        return data.hex(SHOWN_BYTES) + "... (" + number(data.length()) + " bytes" + tail + ")";
    }

    private static boolean showsReadBuffer(Expectation expectation) {
        return expectation instanceof Expectation.Stated(Outcome.ReadFault _);
    }

    /** The DATA a side prints, or null when it prints none ({@code ok} alone prints none). */
    private static Data shownData(Outcome outcome, boolean showReadBuffer) {
        Data shown = switch (outcome) {
            case Outcome.OkData(Data data) -> data;
            case Outcome.ReadFault(Data buffer) when showReadBuffer -> buffer;
            default -> null;
        };
        return shown == null || shown.isEmpty() ? null : shown;
    }

    private static String form(Outcome outcome, Data other, boolean showReadBuffer) {
        return switch (outcome) {
            case Outcome.Ok _ -> "ok";
            case Outcome.OkData(Data data) -> data.isEmpty() ? "ok" : "ok " + data(data, other);
            case Outcome.OkPages(var pages) -> {
                StringJoiner joined = new StringJoiner(" ");
                joined.add("ok");
                for (long page : pages) {
                    joined.add(number(page));
                }
                yield joined.toString();
            }
            case Outcome.Errno(int errno) -> errno(errno);
            case Outcome.ReadFault(Data buffer) ->
                    showReadBuffer && !buffer.isEmpty() ? "EFAULT " + data(buffer, other) : "EFAULT";
            case Outcome.HvaIs(long hva) -> "hva " + number(hva);
            case Outcome.HvaProtIs(long hva, boolean writable) -> "hva " + number(hva) + (writable ? " rw" : " ro");
            case Outcome.Bad _ -> "bad";
            case Outcome.RoBad _ -> "robad";
            case Outcome.VisibleIs(boolean visible) -> visible ? "yes" : "no";
            case Outcome.SlotIs(long id) -> "slot " + number(id);
            case Outcome.NoSlot _ -> "none";
            case Outcome.PageFault(long errorCode, long gva) -> "pf " + number(errorCode) + " " + number(gva);
            case Outcome.GeneralProtection _ -> "gp";
            case Outcome.HostError _ -> "error";
            case Outcome.Unlisted(String description) -> description;
            case Outcome.Crashed(Throwable t) -> "exception " + t.getClass().getName() + ": " + t.getMessage();
        };
    }
}
