package io.zhian.bench;

import java.io.IOException;
import java.net.CookieManager;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The wall screen's data endpoint ({@code GET /api/v1/dashboard}) on a full-size demo city.
 *
 * <p>Starts the packaged server ({@code platform/target/zhian-platform-*.jar}) on a free port with a fresh data
 * folder and the full-size demo settings ({@code zhian.demo.scale=10}: about 90,000 alarms a year, 30,000 devices,
 * 1,500 disputes; 1.8 million residents), waits until the demo city is loaded and the screen's figures have been
 * computed once, signs in as the demo dispatcher and then asks for the screens of the city and of its 28
 * townships with the four map indicators in random order.
 *
 * <p>OURS: the endpoint as it runs, served from the figures the server computes ahead of the requests.
 * BASELINE, same server, same run: the same requests with {@code live=true}, which computes every figure from
 * the modules on the request, as the screen did before the board. Prints p50/p95/p99 of both, from one client
 * and from 8 concurrent clients (ours), and the ratio of the p95s.
 *
 * <p>Usage (after {@code ./mvnw -q -B package -DskipTests}):
 * {@code java -cp bench/target/benchmarks.jar io.zhian.bench.DashboardBench [requests=2000] [baselineRequests=60]
 * [scale=10] [residents=1800000]}
 */
public final class DashboardBench {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");
    private static final Pattern IDS = Pattern.compile("\"id\":(\\d+),\"name\":\"[^\"]*\",\"value\"");
    private static final String[] INDICATORS = {"survey.security-index", "devices.online-rate", "alarms.count", "disputes-per-10k"};

    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int baselineRequests = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        String scale = args.length > 2 ? args[2] : "10";
        String residents = args.length > 3 ? args[3] : "1800000";

        Path jar = serverJar();
        Path work = Files.createTempDirectory("zhian-dashboard-bench");
        Path log = work.resolve("server.log");
        int port = freePort();
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx3g",
                "-jar", jar.toString(), "--spring.profiles.active=demo", "--server.port=" + port,
                "--zhian.embedded-db.data-dir=" + work.resolve("data"), "--zhian.mqtt.port=0",
                "--zhian.devices.sip.udp-port=0", "--zhian.devices.sip.tcp-port=0",
                "--zhian.demo.scale=" + scale, "--zhian.demo.community.residents=" + residents);
        System.out.printf("Starting %s on port %d (demo scale %s, %s residents); log %s%n", jar.getFileName(), port, scale,
                residents, log);
        Process server = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::destroy));
        try {
            long started = System.nanoTime();
            waitForLog(log, "Demo city 示范市 loaded", Duration.ofMinutes(30), server);
            System.out.printf("Demo city loaded after %.0f s%n", (System.nanoTime() - started) / 1e9);
            for (String line : Files.readAllLines(log)) {
                if (line.contains("Demo data:") || line.contains("Demo city") || line.contains("Dashboard figures")) {
                    System.out.println("  server: " + line.substring(Math.max(0, line.indexOf(" : ") + 3)));
                }
            }
            String base = "http://127.0.0.1:" + port;
            HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).connectTimeout(Duration.ofSeconds(5))
                    .followRedirects(HttpClient.Redirect.NEVER).build();
            signIn(http, base, "jiejing01", "Zhian@2026!");
            // the board refreshes every minute: wait for one full refresh after the demo data, then measure
            int before = countLines(log, "Dashboard figures");
            String first = get(http, base + "/api/v1/dashboard").body();
            List<Long> townships = new ArrayList<>();
            Matcher m = IDS.matcher(first.substring(first.indexOf("\"areas\"")));
            while (m.find()) {
                townships.add(Long.parseLong(m.group(1)));
            }
            System.out.printf("City screen: %d townships%n", townships.size());
            waitForFreshBoard(http, base, log, before);

            List<String> urls = new ArrayList<>();
            Random random = new Random(20261129);
            for (int i = 0; i < Math.max(requests, baselineRequests); i++) {
                int pick = random.nextInt(townships.size() + 1);
                String region = pick == townships.size() ? "" : String.valueOf(townships.get(pick));
                urls.add(base + "/api/v1/dashboard?region=" + region + "&indicator="
                        + URLEncoder.encode(INDICATORS[random.nextInt(INDICATORS.length)], StandardCharsets.UTF_8));
            }
            // warm-up: the JIT, the connection, the 30-second cache of whatever the board does not hold
            for (int i = 0; i < 200; i++) {
                get(http, urls.get(i % urls.size()));
            }
            long[] ours = measure(http, urls.subList(0, requests), "");
            long[] concurrent = measureConcurrently(http, urls.subList(0, requests), 8);
            long[] baseline = measure(http, urls.subList(0, baselineRequests), "&live=true");

            System.out.println();
            System.out.println("GET /api/v1/dashboard, city + 28 township screens x 4 map indicators, full-size demo city");
            print("OURS      (precomputed board), 1 client ", ours);
            print("OURS      (precomputed board), 8 clients", concurrent);
            print("BASELINE  (computed per request)        ", baseline);
            System.out.printf("RATIO p95 baseline / ours (1 client): %.1fx   target p95 < 200 ms: %s%n",
                    (double) p(baseline, 95) / Math.max(1, p(ours, 95)), p(ours, 95) < 200_000 && p(concurrent, 95) < 200_000
                            ? "met" : "NOT met");
            for (String line : Files.readAllLines(log)) {
                if (line.contains("Dashboard figures")) {
                    System.out.println("  server: " + line.substring(Math.max(0, line.indexOf(" : ") + 3)));
                }
            }
            // the board's own cost, from the server's metrics (all figures every minute; alarm figures on each alarm)
            String metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/actuator/prometheus")).header("Accept", "text/plain")
                    .GET().build(), HttpResponse.BodyHandlers.ofString()).body();
            for (String line : metrics.split("\n")) {
                if (line.startsWith("zhian_dashboard_figures_refresh_seconds_count")
                        || line.startsWith("zhian_dashboard_figures_refresh_seconds_sum")
                        || line.startsWith("zhian_dashboard_figures_refresh_seconds_max")) {
                    System.out.println("  server metric: " + line);
                }
            }
        } finally {
            server.destroy();
            server.waitFor();
        }
    }

    private static long[] measure(HttpClient http, List<String> urls, String suffix) throws Exception {
        long[] micros = new long[urls.size()];
        for (int i = 0; i < urls.size(); i++) {
            long t = System.nanoTime();
            HttpResponse<String> r = get(http, urls.get(i) + suffix);
            micros[i] = (System.nanoTime() - t) / 1000;
            check(r);
        }
        Arrays.sort(micros);
        return micros;
    }

    private static long[] measureConcurrently(HttpClient http, List<String> urls, int clients) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<Long>> futures = new ArrayList<>();
            for (String url : urls) {
                futures.add(pool.submit(() -> {
                    long t = System.nanoTime();
                    check(get(http, url));
                    return (System.nanoTime() - t) / 1000;
                }));
            }
            long[] micros = new long[futures.size()];
            for (int i = 0; i < micros.length; i++) {
                micros[i] = futures.get(i).get();
            }
            Arrays.sort(micros);
            return micros;
        } finally {
            pool.shutdown();
        }
    }

    private static void check(HttpResponse<String> r) {
        if (r.statusCode() != 200 || !r.body().contains("\"tiles\"")) {
            throw new IllegalStateException("HTTP " + r.statusCode() + ": " + r.body().substring(0, Math.min(300, r.body().length())));
        }
    }

    private static void print(String label, long[] micros) {
        System.out.printf("%s: n=%d  p50 %.1f ms  p95 %.1f ms  p99 %.1f ms  max %.1f ms%n", label, micros.length,
                p(micros, 50) / 1000.0, p(micros, 95) / 1000.0, p(micros, 99) / 1000.0, micros[micros.length - 1] / 1000.0);
    }

    private static long p(long[] sorted, int percentile) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1)];
    }

    private static void signIn(HttpClient http, String base, String user, String password) throws Exception {
        String page = get(http, base + "/login").body();
        Matcher m = CSRF.matcher(page);
        if (!m.find()) {
            throw new IllegalStateException("no CSRF token on the sign-in page");
        }
        String form = "username=" + user + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8) + "&_csrf="
                + URLEncoder.encode(m.group(1), StandardCharsets.UTF_8);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form))
                .build(), HttpResponse.BodyHandlers.ofString());
        String location = r.headers().firstValue("Location").orElse("");
        if (r.statusCode() != 302 || location.contains("error")) {
            throw new IllegalStateException("sign-in failed: HTTP " + r.statusCode() + " → " + location);
        }
    }

    private static HttpResponse<String> get(HttpClient http, String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "application/json").timeout(Duration.ofMinutes(2))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void waitForFreshBoard(HttpClient http, String base, Path log, int before) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        // a board refresh logs only the first time; afterwards the screen says whether it came from the board
        while (System.nanoTime() < deadline) {
            String body = get(http, base + "/api/v1/dashboard").body();
            if (countLines(log, "Dashboard figures") > before || body.contains("\"precomputed\":true")) {
                Thread.sleep(65_000); // one more refresh, so every figure includes the whole demo city
                return;
            }
            Thread.sleep(2000);
        }
        throw new IllegalStateException("the dashboard's figures were not computed within 5 minutes");
    }

    private static int countLines(Path log, String text) throws IOException {
        try (Stream<String> lines = Files.lines(log)) {
            return (int) lines.filter(l -> l.contains(text)).count();
        }
    }

    private static void waitForLog(Path log, String text, Duration timeout, Process server) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                throw new IllegalStateException("the server stopped; see " + log);
            }
            if (Files.exists(log) && countLines(log, text) > 0) {
                return;
            }
            Thread.sleep(1000);
        }
        throw new IllegalStateException("'" + text + "' did not appear in " + log + " within " + timeout);
    }

    private static Path serverJar() throws IOException {
        Path dir = Path.of("platform", "target");
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().matches("zhian-platform-.*\\.jar")
                            && !p.getFileName().toString().endsWith("-plain.jar") && !p.getFileName().toString().endsWith(".original"))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no platform/target/zhian-platform-*.jar: run "
                            + "./mvnw -q -B package -DskipTests first (from the repository root)"));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
