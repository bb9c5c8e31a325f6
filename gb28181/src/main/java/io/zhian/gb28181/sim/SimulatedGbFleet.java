package io.zhian.gb28181.sim;

import io.zhian.gb28181.GbDeviceId;
import io.zhian.gb28181.ManscdpDocument;
import io.zhian.gb28181.SipDigest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Many simulated GB/T 28181 cameras over UDP without a SIP stack per device: a few sockets shared by the whole fleet,
 * SIP written and read as text. Each camera registers with digest auth (qop=auth when offered), sends keepalives
 * spread over the interval, answers catalog queries with one GB18030-encoded item and 200s every request the server
 * sends (alarm acknowledgements, SUBSCRIBEs), and can raise alarms. Use {@link SimulatedGbDevice} when one device must
 * misbehave precisely; use this for hundreds to tens of thousands (demo, load tests, benchmark).
 */
public final class SimulatedGbFleet implements AutoCloseable {

    /** One camera of the fleet. {@code name} is answered in the catalog. */
    public record Member(GbDeviceId id, String password, String name) {
        public Member {
            Objects.requireNonNull(id);
            Objects.requireNonNull(password);
        }
    }

    /** Counters since start. */
    public record Stats(int members, int registered, long keepalivesSent, long keepalivesAnswered, long failures, long timeouts,
                        long alarmsSent, long catalogsAnswered, long reregistrations) {}

    /** Result of a {@link #blast}: keepalives answered 200 and the time it took. */
    public record BlastResult(long sent, long answered, long failed, long elapsedNanos) {
        public double perSecond() {
            return answered * 1e9 / Math.max(1, elapsedNanos);
        }
    }

    private record Reply(int status, Map<String, String> headers) {}

    private static final Pattern AUTH_PARAM = Pattern.compile("(\\w+)=(\"([^\"]*)\"|[^,\\s]+)");
    private static final DateTimeFormatter ALARM_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final List<Member> members;
    private final Map<String, Integer> indexById = new ConcurrentHashMap<>();
    private final String serverHost;
    private final int serverPort;
    private final GbDeviceId serverId;
    private final String domain;
    private final InetSocketAddress server;
    private final DatagramChannel[] sockets;
    private final Thread[] receivers;
    private final String localHost;
    private final Duration requestTimeout;
    private final ConcurrentHashMap<String, CompletableFuture<Reply>> pending = new ConcurrentHashMap<>();
    private final AtomicInteger[] cseq;
    private final String[] callIds;
    private final boolean[] registered;
    private final AtomicBoolean[] silent;
    private final AtomicBoolean[] registering;
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "gb-fleet-scheduler");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong keepalivesSent = new AtomicLong();
    private final AtomicLong keepalivesAnswered = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong timeouts = new AtomicLong();
    private final AtomicLong alarmsSent = new AtomicLong();
    private final AtomicLong catalogsAnswered = new AtomicLong();
    private final AtomicInteger sn = new AtomicInteger(1);
    private volatile ScheduledFuture<?> keepaliveTask;
    private volatile Duration registrationExpires = Duration.ofHours(1);
    private volatile boolean registrationStarted;
    private final AtomicLong reregistrations = new AtomicLong();
    private volatile boolean closed;

    private SimulatedGbFleet(Builder b) throws IOException {
        this.members = List.copyOf(b.members);
        this.serverHost = b.serverHost;
        this.serverPort = b.serverPort;
        this.serverId = b.serverId;
        this.domain = b.domain != null ? b.domain : b.serverId.sipDomain();
        this.server = new InetSocketAddress(b.serverHost, b.serverPort);
        this.localHost = b.localHost;
        this.requestTimeout = b.requestTimeout;
        int n = Math.max(1, b.sockets > 0 ? b.sockets : Math.min(16, (members.size() + 999) / 1000));
        this.sockets = new DatagramChannel[n];
        this.receivers = new Thread[n];
        this.cseq = new AtomicInteger[members.size()];
        this.callIds = new String[members.size()];
        this.registered = new boolean[members.size()];
        this.silent = new AtomicBoolean[members.size()];
        this.registering = new AtomicBoolean[members.size()];
        for (int i = 0; i < members.size(); i++) {
            indexById.put(members.get(i).id().value(), i);
            cseq[i] = new AtomicInteger(1);
            callIds[i] = hex(12) + "@" + localHost;
            silent[i] = new AtomicBoolean();
            registering[i] = new AtomicBoolean();
        }
        for (int s = 0; s < n; s++) {
            DatagramChannel ch = DatagramChannel.open();
            ch.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
            ch.setOption(StandardSocketOptions.SO_SNDBUF, 4 << 20);
            ch.bind(new InetSocketAddress(localHost, 0));
            sockets[s] = ch;
            int socketIndex = s;
            receivers[s] = new Thread(() -> receive(socketIndex), "gb-fleet-rx-" + s);
            receivers[s].setDaemon(true);
            receivers[s].start();
        }
    }

    public static Builder builder(String serverHost, int serverPort, GbDeviceId serverId) {
        return new Builder(serverHost, serverPort, serverId);
    }

    public List<Member> members() {
        return members;
    }

    public int size() {
        return members.size();
    }

    // ---------------------------------------------------------------------------------------------------------
    // REGISTER

    /** Digest REGISTER of member {@code i}; completes with the final status code. */
    public CompletableFuture<Integer> register(int i, Duration expires) {
        Member m = members.get(i);
        if (!expires.isZero()) {
            registrationExpires = expires;
        }
        return send(i, registerRequest(i, expires, null)).thenCompose(first -> {
            if (first.status() != 401) {
                return CompletableFuture.completedFuture(first.status());
            }
            String challenge = first.headers().get("www-authenticate");
            return send(i, registerRequest(i, expires, authorization(m, challenge))).thenApply(Reply::status);
        }).whenComplete((status, error) -> {
            synchronized (registered) {
                registered[i] = status != null && status == 200 && !expires.isZero();
            }
        });
    }

    /**
     * Registers every member with at most {@code concurrency} handshakes in flight, each tried up to 3 times (as a
     * camera retries after a lost datagram or a busy server); returns how many succeeded.
     */
    public int registerAll(Duration expires, int concurrency) throws InterruptedException {
        Semaphore window = new Semaphore(concurrency);
        AtomicInteger ok = new AtomicInteger();
        for (int i = 0; i < members.size(); i++) {
            window.acquire();
            registerAttempts(i, expires, 3).whenComplete((status, e) -> {
                if (status != null && status == 200) {
                    ok.incrementAndGet();
                }
                window.release();
            });
        }
        window.acquire(concurrency);
        window.release(concurrency);
        registrationStarted = true;
        return ok.get();
    }

    private CompletableFuture<Integer> registerWithRetry(int i, Duration expires, int attempts) {
        if (!registering[i].compareAndSet(false, true)) {
            return CompletableFuture.completedFuture(-1);
        }
        return registerAttempts(i, expires, attempts).whenComplete((s, e) -> registering[i].set(false));
    }

    private CompletableFuture<Integer> registerAttempts(int i, Duration expires, int attempts) {
        return register(i, expires).handle((status, e) -> status == null ? -1 : status).thenCompose(status ->
                status == 200 || status == 403 || attempts <= 1 ? CompletableFuture.completedFuture(status)
                        : registerAttempts(i, expires, attempts - 1));
    }

    private String registerRequest(int i, Duration expires, String authorization) {
        Member m = members.get(i);
        String uri = "sip:" + serverId + "@" + serverHost + ":" + serverPort;
        StringBuilder sb = new StringBuilder();
        sb.append("REGISTER ").append(uri).append(" SIP/2.0\r\n");
        headers(sb, i, "REGISTER", m.id().value(), callIds[i]);
        sb.append("Contact: <sip:").append(m.id()).append('@').append(localHost).append(':').append(localPort(i)).append(">\r\n");
        sb.append("Expires: ").append(expires.toSeconds()).append("\r\n");
        if (authorization != null) {
            sb.append("Authorization: ").append(authorization).append("\r\n");
        }
        sb.append("Content-Length: 0\r\n\r\n");
        return sb.toString();
    }

    private String authorization(Member m, String challenge) {
        if (challenge == null) {
            throw new IllegalStateException("401 without WWW-Authenticate");
        }
        Map<String, String> p = new ConcurrentHashMap<>();
        Matcher matcher = AUTH_PARAM.matcher(challenge);
        while (matcher.find()) {
            p.put(matcher.group(1).toLowerCase(), matcher.group(3) != null ? matcher.group(3) : matcher.group(2));
        }
        String realm = p.getOrDefault("realm", domain);
        String nonce = p.get("nonce");
        boolean qop = p.containsKey("qop") && p.get("qop").toLowerCase().contains("auth");
        String uri = "sip:" + serverId + "@" + serverHost + ":" + serverPort;
        String cnonce = hex(8);
        String response = SipDigest.response(m.id().value(), realm, m.password(), "REGISTER", uri, nonce, qop ? "auth" : null,
                "00000001", cnonce);
        return "Digest username=\"" + m.id() + "\", realm=\"" + realm + "\", nonce=\"" + nonce + "\", uri=\"" + uri
                + "\", response=\"" + response + "\", algorithm=MD5" + (qop ? ", qop=auth, nc=00000001, cnonce=\"" + cnonce + "\"" : "");
    }

    // ---------------------------------------------------------------------------------------------------------
    // MESSAGEs

    /** One keepalive from member {@code i}; completes with the status code. */
    public CompletableFuture<Integer> keepalive(int i) {
        Member m = members.get(i);
        String body = "<?xml version=\"1.0\" encoding=\"GB2312\"?>\r\n<Notify>\r\n<CmdType>Keepalive</CmdType>\r\n<SN>" + sn.getAndIncrement()
                + "</SN>\r\n<DeviceID>" + m.id() + "</DeviceID>\r\n<Status>OK</Status>\r\n</Notify>\r\n";
        keepalivesSent.incrementAndGet();
        return message(i, body.getBytes(StandardCharsets.US_ASCII)).whenComplete((status, e) -> {
            if (status != null && status == 200) {
                keepalivesAnswered.incrementAndGet();
            } else if (status != null && status == 403 && !silent[i].get()) {
                // the server no longer knows us (restart, or it declared us offline): register again, as cameras do
                reregistrations.incrementAndGet();
                registerWithRetry(i, registrationExpires, 3);
            }
        });
    }

    /** An alarm from member {@code i} (priority 1, method 2 device, type 1), with the device's local time. */
    public CompletableFuture<Integer> alarm(int i, String description) {
        Member m = members.get(i);
        String body = "<?xml version=\"1.0\" encoding=\"GB2312\"?>\r\n<Notify>\r\n<CmdType>Alarm</CmdType>\r\n<SN>" + sn.getAndIncrement()
                + "</SN>\r\n<DeviceID>" + m.id() + "</DeviceID>\r\n<AlarmPriority>1</AlarmPriority>\r\n<AlarmMethod>2</AlarmMethod>\r\n"
                + "<AlarmTime>" + ALARM_TIME.format(LocalDateTime.now()) + "</AlarmTime>\r\n<AlarmDescription>" + escape(description)
                + "</AlarmDescription>\r\n<Info>\r\n<AlarmType>1</AlarmType>\r\n</Info>\r\n</Notify>\r\n";
        alarmsSent.incrementAndGet();
        return message(i, body.getBytes(ManscdpDocument.GB18030));
    }

    private CompletableFuture<Integer> message(int i, byte[] body) {
        Member m = members.get(i);
        StringBuilder sb = new StringBuilder();
        sb.append("MESSAGE sip:").append(serverId).append('@').append(serverHost).append(':').append(serverPort).append(" SIP/2.0\r\n");
        headers(sb, i, "MESSAGE", serverId.value(), hex(12) + "@" + localHost);
        sb.append("Content-Type: Application/MANSCDP+xml\r\n");
        sb.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        return send(i, concat(sb.toString().getBytes(StandardCharsets.US_ASCII), body)).thenApply(Reply::status);
    }

    private void headers(StringBuilder sb, int i, String method, String toUser, String callId) {
        Member m = members.get(i);
        sb.append("Via: SIP/2.0/UDP ").append(localHost).append(':').append(localPort(i)).append(";rport;branch=z9hG4bK").append(hex(10))
                .append("\r\n");
        sb.append("Max-Forwards: 70\r\n");
        sb.append("From: <sip:").append(m.id()).append('@').append(domain).append(">;tag=").append(hex(4)).append("\r\n");
        sb.append("To: <sip:").append(toUser).append('@').append(domain).append(">\r\n");
        sb.append("Call-ID: ").append(callId).append("\r\n");
        sb.append("CSeq: ").append(cseq[i].getAndIncrement()).append(' ').append(method).append("\r\n");
        sb.append("User-Agent: Zhian-SimulatedFleet/1.0\r\n");
    }

    // ---------------------------------------------------------------------------------------------------------
    // keepalive schedule and load

    /**
     * Keepalives from every registered, non-silent member every {@code interval}, spread evenly over it. May be started
     * before {@link #registerAll}: members join the schedule as they register, as real cameras do.
     */
    public void startKeepalives(Duration interval) {
        stopKeepalives();
        long tickMillis = 20;
        long ticks = Math.max(1, interval.toMillis() / tickMillis);
        AtomicLong tick = new AtomicLong();
        keepaliveTask = scheduler.scheduleAtFixedRate(() -> {
            long t = tick.getAndIncrement() % ticks;
            for (int i = (int) t; i < members.size(); i += (int) ticks) {
                if (silent[i].get() || registering[i].get()) {
                    continue;
                }
                if (isRegistered(i)) {
                    keepalive(i).exceptionally(e -> null);
                } else if (registrationStarted) {
                    // a camera whose registration failed keeps trying, once per interval
                    reregistrations.incrementAndGet();
                    registerWithRetry(i, registrationExpires, 1);
                }
            }
        }, 0, tickMillis, TimeUnit.MILLISECONDS);
    }

    public void stopKeepalives() {
        ScheduledFuture<?> task = keepaliveTask;
        if (task != null) {
            task.cancel(false);
        }
    }

    /** Member {@code i} stops (or resumes) sending keepalives: the device "goes dark" without unregistering. */
    public void silence(int i, boolean silentNow) {
        silent[i].set(silentNow);
    }

    public boolean isRegistered(int i) {
        synchronized (registered) {
            return registered[i];
        }
    }

    /**
     * Sends {@code count} keepalives round-robin from registered members as fast as the server answers, at most
     * {@code window} outstanding: the load side of the keepalive benchmark.
     */
    public BlastResult blast(long count, int window) throws InterruptedException {
        List<Integer> live = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            if (isRegistered(i) && !silent[i].get()) {
                live.add(i);
            }
        }
        if (live.isEmpty()) {
            throw new IllegalStateException("no registered members");
        }
        Semaphore slots = new Semaphore(window);
        AtomicLong ok = new AtomicLong();
        AtomicLong bad = new AtomicLong();
        long start = System.nanoTime();
        for (long k = 0; k < count; k++) {
            slots.acquire();
            keepalive(live.get((int) (k % live.size()))).whenComplete((status, e) -> {
                if (status != null && status == 200) {
                    ok.incrementAndGet();
                } else {
                    bad.incrementAndGet();
                }
                slots.release();
            });
        }
        slots.acquire(window);
        long elapsed = System.nanoTime() - start;
        slots.release(window);
        return new BlastResult(count, ok.get(), bad.get(), elapsed);
    }

    public Stats stats() {
        int reg = 0;
        for (int i = 0; i < members.size(); i++) {
            reg += isRegistered(i) ? 1 : 0;
        }
        return new Stats(members.size(), reg, keepalivesSent.get(), keepalivesAnswered.get(), failures.get(), timeouts.get(),
                alarmsSent.get(), catalogsAnswered.get(), reregistrations.get());
    }

    // ---------------------------------------------------------------------------------------------------------
    // transport

    private int localPort(int member) {
        try {
            return ((InetSocketAddress) sockets[member % sockets.length].getLocalAddress()).getPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private CompletableFuture<Reply> send(int member, String text) {
        return send(member, text.getBytes(StandardCharsets.US_ASCII));
    }

    private CompletableFuture<Reply> send(int member, byte[] bytes) {
        String head = new String(bytes, 0, Math.min(bytes.length, 400), StandardCharsets.ISO_8859_1);
        int b = head.indexOf("branch=");
        int end = head.indexOf("\r\n", b);
        String branch = head.substring(b + 7, end);
        CompletableFuture<Reply> future = new CompletableFuture<>();
        pending.put(branch, future);
        future.orTimeout(requestTimeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((r, e) -> {
            pending.remove(branch);
            if (e != null) {
                if (e instanceof java.util.concurrent.TimeoutException) {
                    timeouts.incrementAndGet();
                } else {
                    failures.incrementAndGet();
                }
            } else if (r.status() >= 300 && r.status() != 401) {
                failures.incrementAndGet();
            }
        });
        try {
            sockets[member % sockets.length].send(ByteBuffer.wrap(bytes), server);
        } catch (IOException e) {
            future.completeExceptionally(e);
        }
        return future;
    }

    private void receive(int socketIndex) {
        DatagramChannel ch = sockets[socketIndex];
        ByteBuffer buffer = ByteBuffer.allocate(65_536);
        while (!closed) {
            try {
                buffer.clear();
                SocketAddress from = ch.receive(buffer);
                buffer.flip();
                byte[] data = new byte[buffer.remaining()];
                buffer.get(data);
                handle(ch, from, data);
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException | RuntimeException e) {
                if (!closed) {
                    failures.incrementAndGet();
                }
            }
        }
    }

    private void handle(DatagramChannel ch, SocketAddress from, byte[] data) throws IOException {
        String text = new String(data, StandardCharsets.ISO_8859_1);
        int headerEnd = text.indexOf("\r\n\r\n");
        if (headerEnd < 0) {
            return;
        }
        String[] lines = text.substring(0, headerEnd).split("\r\n");
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        List<String> vias = new ArrayList<>();
        for (int k = 1; k < lines.length; k++) {
            int colon = lines[k].indexOf(':');
            if (colon > 0) {
                String name = canonical(lines[k].substring(0, colon).strip().toLowerCase());
                String value = lines[k].substring(colon + 1).strip();
                if (name.equals("via")) {
                    vias.add(value);
                }
                headers.putIfAbsent(name, value);
            }
        }
        if (lines[0].startsWith("SIP/2.0 ")) {
            int status = Integer.parseInt(lines[0].substring(8, 11));
            String via = headers.getOrDefault("via", "");
            Matcher branch = Pattern.compile("branch=([^;\\s,]+)").matcher(via);
            if (branch.find()) {
                CompletableFuture<Reply> f = pending.get(branch.group(1));
                if (f != null && status >= 200) {
                    f.complete(new Reply(status, headers));
                }
            }
            return;
        }
        // a request from the server: answer 200, and a catalog query with the member's catalog
        StringBuilder ok = new StringBuilder("SIP/2.0 200 OK\r\n");
        for (String via : vias) {
            ok.append("Via: ").append(via).append("\r\n");
        }
        String to = headers.getOrDefault("to", "");
        ok.append("From: ").append(headers.getOrDefault("from", "")).append("\r\n");
        ok.append("To: ").append(to).append(to.contains("tag=") ? "" : ";tag=" + hex(4)).append("\r\n");
        ok.append("Call-ID: ").append(headers.getOrDefault("call-id", "")).append("\r\n");
        ok.append("CSeq: ").append(headers.getOrDefault("cseq", "")).append("\r\n");
        if (lines[0].startsWith("SUBSCRIBE")) {
            ok.append("Expires: ").append(headers.getOrDefault("expires", "3600")).append("\r\n");
        }
        ok.append("Content-Length: 0\r\n\r\n");
        ch.send(ByteBuffer.wrap(ok.toString().getBytes(StandardCharsets.ISO_8859_1)), from);
        String body = text.substring(headerEnd + 4);
        if (lines[0].startsWith("MESSAGE") && body.contains("<Query>") && body.contains("<CmdType>Catalog</CmdType>")) {
            Matcher user = Pattern.compile("^MESSAGE sip:(\\d{20})@").matcher(lines[0]);
            Matcher querySn = Pattern.compile("<SN>\\s*(\\d+)\\s*</SN>").matcher(body);
            if (user.find() && querySn.find()) {
                Integer i = indexById.get(user.group(1));
                if (i != null) {
                    answerCatalog(i, querySn.group(1));
                }
            }
        }
    }

    private void answerCatalog(int i, String querySn) {
        Member m = members.get(i);
        String name = m.name() == null ? m.id().value() : m.name();
        String xml = "<?xml version=\"1.0\" encoding=\"GB18030\"?>\r\n<Response>\r\n<CmdType>Catalog</CmdType>\r\n<SN>" + querySn
                + "</SN>\r\n<DeviceID>" + m.id() + "</DeviceID>\r\n<SumNum>1</SumNum>\r\n<DeviceList Num=\"1\">\r\n<Item>\r\n<DeviceID>"
                + m.id() + "</DeviceID>\r\n<Name>" + escape(name) + "</Name>\r\n<Manufacturer>Zhian</Manufacturer>\r\n<Model>SIM</Model>\r\n"
                + "<ParentID>" + m.id() + "</ParentID>\r\n<Status>ON</Status>\r\n</Item>\r\n</DeviceList>\r\n</Response>\r\n";
        scheduler.execute(() -> message(i, xml.getBytes(ManscdpDocument.GB18030)).thenAccept(s -> {
            if (s == 200) {
                catalogsAnswered.incrementAndGet();
            }
        }));
    }

    private static String canonical(String name) {
        return switch (name) {
            case "v" -> "via";
            case "f" -> "from";
            case "t" -> "to";
            case "i" -> "call-id";
            default -> name;
        };
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String hex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    @Override
    public void close() {
        closed = true;
        stopKeepalives();
        scheduler.shutdownNow();
        for (DatagramChannel ch : sockets) {
            try {
                ch.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    /** Settings of a fleet; {@link #start()} binds its sockets. */
    public static final class Builder {
        private final String serverHost;
        private final int serverPort;
        private final GbDeviceId serverId;
        private String domain;
        private String localHost = "127.0.0.1";
        private int sockets;
        private Duration requestTimeout = Duration.ofSeconds(5);
        private final List<Member> members = new ArrayList<>();

        private Builder(String serverHost, int serverPort, GbDeviceId serverId) {
            this.serverHost = serverHost;
            this.serverPort = serverPort;
            this.serverId = serverId;
        }

        public Builder domain(String domain) {
            this.domain = domain;
            return this;
        }

        public Builder local(String host) {
            this.localHost = host;
            return this;
        }

        /** UDP sockets shared by the fleet; 0 = one per 1 000 members, at most 16. */
        public Builder sockets(int sockets) {
            this.sockets = sockets;
            return this;
        }

        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = timeout;
            return this;
        }

        public Builder member(GbDeviceId id, String password, String name) {
            members.add(new Member(id, password, name));
            return this;
        }

        public Builder members(List<Member> list) {
            members.addAll(list);
            return this;
        }

        public SimulatedGbFleet start() throws IOException {
            return new SimulatedGbFleet(this);
        }
    }
}
