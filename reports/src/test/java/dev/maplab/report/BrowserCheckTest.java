package dev.maplab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Rectangle;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Opens a report rendered from the {@code basic} fixture in headless Chromium and checks that the page
 * loads, logs no SEVERE console entry (JavaScript errors, resources that fail to load) and that every
 * chart renders ({@code naturalWidth > 0} for images, a non-empty box for {@code <object>} and
 * {@code <svg>}). A second test breaks a page on purpose and shows the same inspection catching it.
 *
 * <p>Uses Debian's {@code /usr/bin/chromium} and {@code /usr/bin/chromedriver} (install them with
 * {@code reports/install-browser.sh}; other paths through {@code -Dmaplab.chromium=} and
 * {@code -Dmaplab.chromedriver=}); skipped when they are absent. The driver path is given explicitly,
 * so Selenium Manager never runs and nothing is downloaded.
 */
@Timeout(180)
class BrowserCheckTest {
    static final Path CHROMIUM = Path.of(System.getProperty("maplab.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("maplab.chromedriver", "/usr/bin/chromedriver"));

    /** The check uses no DevTools (CDP): Selenium's warning that it has no CDP binding for this Chromium is noise. */
    private static final java.util.logging.Logger SELENIUM_LOG = java.util.logging.Logger.getLogger("org.openqa.selenium");

    static {
        SELENIUM_LOG.setLevel(Level.SEVERE);
    }

    private static ChromeDriverService service;
    private static ChromeDriver driver;

    private static Path profile;

    /** Skips each test (with the reason) when the browser is absent; starts one browser for the class otherwise. */
    @BeforeEach
    void browser() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "browser check skipped: " + CHROMIUM + " and " + CHROMEDRIVER + " are needed"
                        + " (run reports/install-browser.sh, i.e. apt-get install chromium chromium-driver)");
        if (driver != null) {
            return;
        }
        profile = Files.createTempDirectory("maplab-chromium-profile");
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
        service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
    }

    @AfterAll
    static void stopBrowser() throws Exception {
        if (driver != null) {
            driver.quit();
            driver = null;
        }
        if (service != null) {
            service.stop();
            service = null;
        }
        if (profile != null) {
            try (Stream<Path> s = Files.walk(profile)) {
                for (Path p : (Iterable<Path>) s.sorted(java.util.Comparator.reverseOrder())::iterator) {
                    Files.deleteIfExists(p);
                }
            } catch (java.io.IOException ignored) {
                // Best effort: a temporary browser profile.
            }
        }
    }

    /** What the browser saw. */
    record Findings(String title, int claimRows, int chartImages, List<String> brokenImages, List<String> emptyVectors,
                    List<String> severe) {
    }

    static Findings inspect(Path page) {
        driver.manage().logs().get(LogType.BROWSER); // drop entries of an earlier page
        driver.get(page.toUri().toString());
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        wait.until(d -> "complete".equals(((JavascriptExecutor) d).executeScript("return document.readyState")));
        // Every image has finished loading (or failed) before its size is read.
        wait.until(d -> Boolean.TRUE.equals(((JavascriptExecutor) d)
                .executeScript("return Array.from(document.images).every(i => i.complete)")));
        List<String> broken = new ArrayList<>();
        for (WebElement img : driver.findElements(By.cssSelector("img"))) {
            Object w = driver.executeScript("return arguments[0].naturalWidth", img);
            Rectangle box = img.getRect();
            if (!(w instanceof Number) || ((Number) w).intValue() <= 0 || box.getWidth() <= 0 || box.getHeight() <= 0) {
                broken.add(img.getAttribute("src") + " naturalWidth=" + w + " box=" + box.getDimension());
            }
        }
        List<String> empty = new ArrayList<>();
        for (WebElement e : driver.findElements(By.cssSelector("object, svg"))) {
            Rectangle box = e.getRect();
            if (box.getWidth() <= 0 || box.getHeight() <= 0) {
                empty.add(e.getTagName() + " " + box.getDimension());
            }
        }
        List<String> severe = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).map(LogEntry::toString)
                .collect(Collectors.toList());
        return new Findings(driver.getTitle(), driver.findElements(By.cssSelector("tr.claim")).size(),
                driver.findElements(By.cssSelector("img.chart")).size(), broken, empty, severe);
    }

    private static long chartFiles(Path out) throws Exception {
        try (Stream<Path> s = Files.list(out.resolve("charts"))) {
            return s.filter(p -> p.toString().endsWith(".svg")).count();
        }
    }

    @Test
    void theReportLoadsWithoutErrorsAndEveryChartRenders(@TempDir Path tmp) throws Exception {
        Path out = Fixtures.copy("basic", tmp.resolve("out"));
        Report.Rendered rendered = Report.renderFiles(out);
        Findings f = inspect(rendered.index());
        assertEquals("maplab report", f.title());
        assertEquals(19, f.claimRows(), "every claim in the ledger");
        assertTrue(f.brokenImages().isEmpty(), "charts that do not render: " + f.brokenImages());
        assertTrue(f.emptyVectors().isEmpty(), "empty object/svg: " + f.emptyVectors());
        assertEquals(chartFiles(out), f.chartImages(), "every chart file is shown");
        assertTrue(f.severe().isEmpty(), "SEVERE console entries: " + f.severe());
    }

    @Test
    void theInspectionCatchesAMissingChartAndAScriptError(@TempDir Path tmp) throws Exception {
        Path out = Fixtures.copy("basic", tmp.resolve("out"));
        Report.Rendered rendered = Report.renderFiles(out);
        Files.delete(out.resolve(dev.maplab.report.Charts.CHAINS_VISITED_VS_SIZE));
        String html = Files.readString(rendered.index(), StandardCharsets.UTF_8);
        Files.writeString(rendered.index(), html.replace("</body>", "<script>notAFunction();</script></body>"),
                StandardCharsets.UTF_8);
        Findings f = inspect(rendered.index());
        assertEquals(1, f.brokenImages().size(), f.brokenImages().toString());
        assertTrue(f.brokenImages().get(0).contains("chains-visited-vs-size.svg"), f.brokenImages().toString());
        assertTrue(f.severe().stream().anyMatch(s -> s.contains("notAFunction")), "the script error: " + f.severe());
        assertTrue(f.severe().stream().anyMatch(s -> s.contains("chains-visited-vs-size.svg")), "the failed load: " + f.severe());
    }
}
