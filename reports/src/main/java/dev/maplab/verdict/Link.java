package dev.maplab.verdict;

/** A link from a claim to the figure, table or file that decides it; {@code href} is relative to {@code out}. */
public record Link(String label, String href) {
}
