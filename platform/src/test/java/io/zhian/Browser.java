package io.zhian;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.chromium.ChromiumNetworkConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real browser for a test class: Debian's headless Chromium driven through its chromedriver. Register it
 * once per class,
 *
 * <pre>{@code @RegisterExtension static final Browser browser = Browser.window(1280, 900);}</pre>
 *
 * and it starts before the class's first test and quits after its last one. Where Chromium or chromedriver
 * is not installed the whole class is skipped (.ci/run installs both). Settings a class needs beyond the
 * common ones (implicit wait, default wait, a download directory, more arguments, screenshots at the start
 * size) are set on it before it starts. It is a {@link WebDriver} itself, so tests use it as one.
 */
public final class Browser implements WebDriver, JavascriptExecutor, TakesScreenshot, BeforeAllCallback, AfterAllCallback {

    /** Where screenshots (and anything else a browser test wants to keep) go, relative to the platform module. */
    public static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private final Dimension window;
    private final List<String> arguments = new ArrayList<>();
    private int implicitWaitSeconds = 5;
    private int waitSeconds = 15;
    private Path downloads;
    private boolean screenshotsAtStartSize;
    private ChromeDriver driver;

    private Browser(int width, int height) {
        this.window = new Dimension(width, height);
    }

    /** A browser whose window is width × height pixels. */
    public static Browser window(int width, int height) {
        return new Browser(width, height);
    }

    /** How long a lookup waits for an element to appear (5 seconds unless set). */
    public Browser implicitWait(int seconds) {
        this.implicitWaitSeconds = seconds;
        return this;
    }

    /** How long {@link #waitUntil(Function)} and {@link #signIn} wait (15 seconds unless set). */
    public Browser waitSeconds(int seconds) {
        this.waitSeconds = seconds;
        return this;
    }

    /** Files the browser downloads go to this directory, without asking. */
    public Browser downloadsTo(Path directory) {
        this.downloads = directory;
        return this;
    }

    /** More command-line arguments for Chromium, after the common ones. */
    public Browser arguments(String... more) {
        arguments.addAll(List.of(more));
        return this;
    }

    /** {@link #screenshot} sets the window back to the start size first (a test may have made it smaller). */
    public Browser screenshotsAtStartSize() {
        this.screenshotsAtStartSize = true;
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        quit();
    }

    /** Starts Chromium; skips the calling test (class) where Debian's chromium and chromium-driver are absent. */
    public void start() {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Debian chromium and chromium-driver are not installed");
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toString())
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                        "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--lang=zh-CN", "--window-size=" + window.getWidth() + "," + window.getHeight())
                .addArguments(arguments);
        if (downloads != null) {
            options.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toAbsolutePath().toString(),
                    "download.prompt_for_download", false));
        }
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().implicitlyWait(Duration.ofSeconds(implicitWaitSeconds));
    }

    /** Quits the browser, if it started. */
    @Override
    public void quit() {
        if (driver != null) {
            driver.quit();
            driver = null;
        }
    }

    /** The ChromeDriver underneath, for what this class does not pass on. */
    public ChromeDriver driver() {
        if (driver == null) {
            throw new IllegalStateException("the browser has not started");
        }
        return driver;
    }

    /**
     * Signs in through the login form of the server on this port with the demo password, and waits until the
     * browser has left the login page (or the page shows a login error).
     */
    public void signIn(int port, String username) {
        signIn(port, username, Sessions.PASSWORD);
    }

    /** Signs in through the login form of the server on this port, as {@link #signIn(int, String)}. */
    public void signIn(int port, String username, String password) {
        driver().manage().deleteAllCookies();
        driver.get("http://localhost:" + port + "/login");
        driver.findElement(By.id("username")).sendKeys(username);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("login-submit")).click();
        waitUntil(d -> !d.getCurrentUrl().contains("/login") || !d.findElements(By.id("login-error")).isEmpty());
    }

    /** Waits (the default time) for the page to reach a state: clicks return before the next page has loaded. */
    public void waitUntil(Function<WebDriver, Boolean> condition) {
        waitUntil(condition, waitSeconds);
    }

    /** Waits up to so many seconds for the page to reach a state; elements going stale or missing meanwhile are no failure. */
    public void waitUntil(Function<WebDriver, Boolean> condition, int seconds) {
        new WebDriverWait(driver(), Duration.ofSeconds(seconds)).ignoring(StaleElementReferenceException.class)
                .ignoring(NoSuchElementException.class).until(condition::apply);
    }

    /** Saves a screenshot as target/screenshots/{name}; at the start size where {@link #screenshotsAtStartSize()} says so. */
    public void screenshot(String name) throws IOException {
        if (screenshotsAtStartSize) {
            driver().manage().window().setSize(window);
        }
        screenshotAsIs(name);
    }

    /** Saves a screenshot as target/screenshots/{name} at the window's present size. */
    public void screenshotAsIs(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Path shot = driver().getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }

    /** Cuts the network off (true) or gives it back (false), as DevTools' network conditions do. */
    public void offline(boolean offline) {
        ChromiumNetworkConditions conditions = new ChromiumNetworkConditions();
        conditions.setOffline(offline);
        driver().setNetworkConditions(conditions);
    }

    // WebDriver, JavascriptExecutor and TakesScreenshot, passed on to the driver

    @Override
    public void get(String url) {
        driver().get(url);
    }

    @Override
    public String getCurrentUrl() {
        return driver().getCurrentUrl();
    }

    @Override
    public String getTitle() {
        return driver().getTitle();
    }

    @Override
    public List<WebElement> findElements(By by) {
        return driver().findElements(by);
    }

    @Override
    public WebElement findElement(By by) {
        return driver().findElement(by);
    }

    @Override
    public String getPageSource() {
        return driver().getPageSource();
    }

    @Override
    public void close() {
        driver().close();
    }

    @Override
    public Set<String> getWindowHandles() {
        return driver().getWindowHandles();
    }

    @Override
    public String getWindowHandle() {
        return driver().getWindowHandle();
    }

    @Override
    public TargetLocator switchTo() {
        return driver().switchTo();
    }

    @Override
    public Navigation navigate() {
        return driver().navigate();
    }

    @Override
    public Options manage() {
        return driver().manage();
    }

    @Override
    public Object executeScript(String script, Object... args) {
        return driver().executeScript(script, args);
    }

    @Override
    public Object executeAsyncScript(String script, Object... args) {
        return driver().executeAsyncScript(script, args);
    }

    @Override
    public <X> X getScreenshotAs(OutputType<X> target) {
        return driver().getScreenshotAs(target);
    }
}
