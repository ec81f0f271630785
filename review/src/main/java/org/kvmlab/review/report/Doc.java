package org.kvmlab.review.report;

import java.util.List;

/**
 * The report as a document, built once from the data and rendered twice (HTML, Markdown), so
 * that both say the same.
 */
public final class Doc {
    private Doc() {}

    /** A numbered section. */
    public record Section(String id, String title, List<Block> blocks) {}

    /** A piece of a section. */
    public sealed interface Block permits Para, Items, Table, ChartRef, Details, Diff, Heading {}

    /** A paragraph; {@code `code`} spans are kept in both renderings. */
    public record Para(String text) implements Block {}

    /** A list of short paragraphs. */
    public record Items(List<String> items) implements Block {}

    /** A sub-heading. */
    public record Heading(String text) implements Block {}

    /** A table; a cell starting with {@code FAIL}, {@code missed}, ... is highlighted in HTML. */
    public record Table(List<String> headers, List<List<String>> rows) implements Block {}

    /** A chart, by id. */
    public record ChartRef(String id) implements Block {}

    /** A collapsed part, open on a click. */
    public record Details(String summary, List<Block> blocks) implements Block {}

    /**
     * A unified diff, shown as a mailing-list patch: inline in the HTML page, and in a file of its
     * own beside the Markdown report, which links to it.
     *
     * @param file  the patch file's path relative to the report ({@code patches/NAME.patch})
     * @param lines the patch
     */
    public record Diff(String file, List<String> lines) implements Block {}
}
