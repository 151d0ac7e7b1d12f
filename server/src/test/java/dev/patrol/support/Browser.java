package dev.patrol.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real headless Chromium (Debian packages {@code chromium} and {@code chromium-driver}) driven by
 * Selenium, one profile (cookies, session) per instance. Where the browser is missing the test fails
 * saying so when it runs as root or with {@code CI} set (CI installs it: a browser test is never
 * skipped there); elsewhere it is skipped with the same message.
 */
public final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    static final String MISSING = "the browser tests need Chromium: install the Debian packages chromium and "
            + "chromium-driver (apt-get install chromium chromium-driver; .ci/run does it as root)";

    public final ChromeDriver driver;

    private Browser(ChromeDriver driver) {
        this.driver = driver;
    }

    public static Browser start() {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(DRIVER)) {
            boolean ci = "root".equals(System.getProperty("user.name")) || System.getenv("CI") != null;
            if (ci) {
                fail(MISSING);
            }
            assumeTrue(false, MISSING);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900", "--lang=en");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return new Browser(driver);
    }

    /** The element, once it is there (up to 15 s). */
    public WebElement await(By by) {
        return new WebDriverWait(driver, Duration.ofSeconds(15)).until(ExpectedConditions.presenceOfElementLocated(by));
    }

    /** Signs in through the dev OIDC provider's login page (the button of a predefined user). */
    public void signIn(String baseUrl, String user) {
        driver.get(baseUrl + "ui");
        try {
            await(By.name("predefined-" + user)).click();
            await(By.cssSelector("h1"));
        } catch (org.openqa.selenium.TimeoutException e) {
            fail("no login page for " + user + " at " + driver.getCurrentUrl() + ":\n" + driver.getPageSource(), e);
        }
    }

    /** Saves what the browser shows as target/screenshots/NAME.png. */
    public void screenshot(String name) throws IOException {
        Path dir = Path.of("target", "screenshots");
        Files.createDirectories(dir);
        Files.write(dir.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
    }

    /** Emulates a phone-sized window (375 px) or the desktop one. */
    public void width(int pixels) {
        driver.manage().window().setSize(new Dimension(pixels, pixels < 600 ? 800 : 900));
    }

    /** Makes the pages render as with the system's dark (or light) preference. */
    public void dark(boolean dark) {
        driver.executeCdpCommand(
                "Emulation.setEmulatedMedia",
                Map.of(
                        "features",
                        java.util.List.of(Map.of("name", "prefers-color-scheme", "value", dark ? "dark" : "light"))));
    }

    @Override
    public void close() {
        driver.quit();
    }
}
