package dev.maplab.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Turns surefire's XML reports ({@code target/surefire-reports/TEST-<class>.xml}) into check entries:
 * name = {@code class#method}, subject production, expect pass, outcome pass or fail, detail = the
 * failure's message. Skipped tests give no entry. Nested test classes are reported in their top-level
 * class's file, under its name.
 */
public final class SurefireReports {
    private static final int MAX_DETAIL = 4000;

    private SurefireReports() {
    }

    /**
     * The entries of the reports in {@code dir} written at or after {@code sinceMillis}, for the test classes
     * that {@code classes} accepts.
     */
    public static List<CheckEntry> read(Path dir, String tool, Predicate<String> classes, long sinceMillis) throws IOException {
        List<CheckEntry> entries = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return entries;
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().startsWith("TEST-") && p.toString().endsWith(".xml"))
                    .filter(p -> modified(p) >= sinceMillis)
                    .sorted()
                    .toList();
        }
        DocumentBuilder builder = builder();
        for (Path f : files) {
            // The test class is the report's file name (TEST-<class>.xml): with @DisplayName, surefire's
            // classname attribute holds the display name instead.
            String file = f.getFileName().toString();
            String cls = file.substring("TEST-".length(), file.length() - ".xml".length());
            if (!classes.test(cls)) {
                continue;
            }
            NodeList cases;
            try {
                cases = builder.parse(f.toFile()).getElementsByTagName("testcase");
            } catch (SAXException e) {
                entries.add(CheckEntry.toolFailure(cls, tool, "unreadable surefire report " + file + ": " + e.getMessage()));
                continue;
            }
            for (int i = 0; i < cases.getLength(); i++) {
                Element tc = (Element) cases.item(i);
                if (child(tc, "skipped") != null) {
                    continue;
                }
                Element failure = child(tc, "failure");
                if (failure == null) {
                    failure = child(tc, "error");
                }
                String outcome = failure == null ? "pass" : "fail";
                String detail = failure == null ? "" : message(failure);
                entries.add(new CheckEntry(cls + "#" + tc.getAttribute("name"), tool, "production", "pass", outcome,
                        detail, seconds(tc.getAttribute("time"))));
            }
        }
        return entries;
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    private static DocumentBuilder builder() {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            return f.newDocumentBuilder();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("no XML parser: " + e.getMessage(), e);
        }
    }

    private static Element child(Element parent, String tag) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(tag)) {
                return e;
            }
        }
        return null;
    }

    /** {@code type: message}, or the first lines of the stack trace when there is no message. */
    private static String message(Element failure) {
        String type = failure.getAttribute("type");
        String msg = failure.getAttribute("message");
        String text = msg.isEmpty() ? failure.getTextContent().strip() : msg;
        if (!type.isEmpty() && !text.startsWith(type)) {
            text = type + ": " + text;
        }
        return text.length() > MAX_DETAIL ? text.substring(0, MAX_DETAIL) + " ..." : text;
    }

    private static double seconds(String time) {
        try {
            return Double.parseDouble(time.replace(",", ""));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
