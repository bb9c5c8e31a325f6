package io.zhian.gb28181;

import gov.nist.javax.sip.header.ParametersHeader;
import gov.nist.javax.sip.header.SIPHeader;
import gov.nist.javax.sip.message.SIPRequest;
import io.zhian.gb28181.internal.CountingMessageParserFactory;
import io.zhian.gb28181.internal.GbDateHeader;
import io.zhian.gb28181.internal.SipStacks;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.Charset;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import javax.sip.ClientTransaction;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.ListeningPoint;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.SipStack;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionAlreadyExistsException;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.TransactionUnavailableException;
import javax.sip.address.Address;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.Header;
import javax.sip.header.ToHeader;
import javax.sip.header.UserAgentHeader;
import javax.sip.header.ViaHeader;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static io.zhian.gb28181.internal.SipStacks.ADDRESSES;
import static io.zhian.gb28181.internal.SipStacks.HEADERS;
import static io.zhian.gb28181.internal.SipStacks.MESSAGES;

/**
 * GB/T 28181 SIP signalling server: registrar with MD5 digest auth, keepalive and device status tracking,
 * catalog query/assembly, alarm notification and alarm subscription, over UDP and TCP.
 *
 * <p>Plain Java on JAIN-SIP; the platform wraps it and reacts through {@link GbSignallingListener}.
 * <pre>{@code
 * var config = SipServerConfig.builder(GbDeviceId.parse("34020000002000000001"), passwords)
 *         .host("10.0.0.5").udpPort(5060).tcpPort(5060).build();
 * try (var server = SipSignallingServer.start(config, listener)) { ... }
 * }</pre>
 */
public final class SipSignallingServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SipSignallingServer.class);
    private static final Charset BODY_CHARSET = ManscdpDocument.GB18030;
    private static final DateTimeFormatter ALARM_TIME = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd")
            .optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd()
            .appendPattern("HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .toFormatter();
    private static final DateTimeFormatter QUERY_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    private final SipServerConfig config;
    private final GbSignallingListener listener;
    private final SipStack stack;
    private final SipProvider udpProvider;
    private final SipProvider tcpProvider;
    private final ScheduledExecutorService timer;
    private final ExecutorService events;
    private final NonceRegistry nonces;
    private final DeviceSessions sessions;
    private final CatalogAssembler catalogs;
    private final AtomicLong malformedCount = new AtomicLong();
    private final AtomicLong cseq = new AtomicLong(1);
    private final AtomicInteger sn = new AtomicInteger(ThreadLocalRandom.current().nextInt(1, 100_000));
    private final Map<ClientTransaction, Consumer<Outcome>> outstanding = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** Final result of a request we sent: a response, or a failure without one (timeout, I/O). */
    private record Outcome(Response response, String failure) {
    }

    private SipSignallingServer(SipServerConfig config, GbSignallingListener listener) throws IOException {
        this.config = config;
        this.listener = listener;
        this.timer = Executors.newSingleThreadScheduledExecutor(daemon("gb28181-timer"));
        this.events = Executors.newSingleThreadExecutor(daemon("gb28181-events"));
        this.nonces = new NonceRegistry(config.clock(), config.nonceTtl(), config.maxOutstandingNonces());
        this.sessions = new DeviceSessions(config.keepaliveTimeout());
        this.catalogs = new CatalogAssembler(timer, config.catalogTimeout(),
                result -> emit(() -> listener.catalogReceived(result)));
        SipStack created = null;
        try {
            created = SipStacks.newStack("gb28181-server", 4, true);
            CountingMessageParserFactory.register(created,
                    reason -> malformed(reason, "unknown", null));
            ListeningPoint udp = SipStacks.listen(created, config.host(), config.udpPort(), ListeningPoint.UDP);
            ListeningPoint tcp = SipStacks.listen(created, config.host(), config.tcpPort(), ListeningPoint.TCP);
            this.udpProvider = created.createSipProvider(udp);
            this.tcpProvider = created.createSipProvider(tcp);
            Handler handler = new Handler();
            udpProvider.addSipListener(handler);
            tcpProvider.addSipListener(handler);
            this.stack = created;
        } catch (IOException e) {
            shutdown(created);
            throw e;
        } catch (Exception e) {
            shutdown(created);
            throw new IOException("cannot start SIP stack: " + e.getMessage(), e);
        }
        long period = config.statusCheckInterval().toMillis();
        timer.scheduleWithFixedDelay(this::checkDeviceLiveness, period, period, TimeUnit.MILLISECONDS);
    }

    /** Binds the UDP and TCP listening points and starts serving. */
    public static SipSignallingServer start(SipServerConfig config, GbSignallingListener listener) throws IOException {
        SipSignallingServer server = new SipSignallingServer(config, listener);
        LOG.info("GB/T 28181 SIP server {} listening on {} udp/{} tcp/{}", config.serverId(), config.host(),
                server.udpPort(), server.tcpPort());
        return server;
    }

    public SipServerConfig config() {
        return config;
    }

    public int udpPort() {
        return udpProvider.getListeningPoint(ListeningPoint.UDP).getPort();
    }

    public int tcpPort() {
        return tcpProvider.getListeningPoint(ListeningPoint.TCP).getPort();
    }

    /** Messages refused as malformed since start, including bytes that were not SIP at all. */
    public long malformedMessageCount() {
        return malformedCount.get();
    }

    public boolean isOnline(GbDeviceId deviceId) {
        return sessions.find(deviceId).isPresent();
    }

    public Optional<DeviceRegistration> registration(GbDeviceId deviceId) {
        return sessions.find(deviceId).map(DeviceSessions.Session::registration);
    }

    public List<DeviceRegistration> onlineDevices() {
        return sessions.online();
    }

    /**
     * Sends {@code <Query><CmdType>Catalog</CmdType>} to a registered device. The future completes with the
     * assembled catalog (possibly {@code complete=false} after the catalog timeout), or fails with
     * {@link DeviceRequestException} if the device is not registered or refuses the query.
     */
    public CompletableFuture<CatalogResult> queryCatalog(GbDeviceId deviceId) {
        Optional<DeviceSessions.Session> session = sessions.find(deviceId);
        if (session.isEmpty()) {
            return CompletableFuture.failedFuture(new DeviceRequestException(deviceId, 0, "device is not registered"));
        }
        String querySn = nextSn();
        CompletableFuture<CatalogResult> result = catalogs.expect(deviceId, querySn);
        String body = "<Query>\r\n<CmdType>Catalog</CmdType>\r\n<SN>" + querySn + "</SN>\r\n<DeviceID>"
                + deviceId + "</DeviceID>\r\n</Query>\r\n";
        try {
            sendToDevice(session.get().registration(), Request.MESSAGE, body, request -> {
            }, outcome -> {
                if (outcome.response() != null && outcome.response().getStatusCode() >= 300) {
                    catalogs.fail(deviceId, querySn, new DeviceRequestException(deviceId,
                            outcome.response().getStatusCode(), "device refused catalog query"));
                }
                // Timeouts are left to the catalog timeout: packets may still arrive if only our 200 got lost.
            });
        } catch (Exception e) {
            catalogs.fail(deviceId, querySn, new DeviceRequestException(deviceId, 0, "cannot send catalog query: " + e));
        }
        return result;
    }

    /**
     * Sends an alarm SUBSCRIBE ({@code Event: presence}) to a registered device. Completes when the device
     * accepts (2xx); fails with {@link DeviceRequestException} otherwise. Alarms then arrive as
     * {@link GbSignallingListener#alarmReceived} via MESSAGE or NOTIFY.
     */
    public CompletableFuture<Void> subscribeAlarms(GbDeviceId deviceId, AlarmSubscription subscription) {
        Optional<DeviceSessions.Session> session = sessions.find(deviceId);
        if (session.isEmpty()) {
            return CompletableFuture.failedFuture(new DeviceRequestException(deviceId, 0, "device is not registered"));
        }
        StringBuilder body = new StringBuilder("<Query>\r\n<CmdType>Alarm</CmdType>\r\n")
                .append("<SN>").append(nextSn()).append("</SN>\r\n")
                .append("<DeviceID>").append(deviceId).append("</DeviceID>\r\n")
                .append("<StartAlarmPriority>").append(subscription.startAlarmPriority()).append("</StartAlarmPriority>\r\n")
                .append("<EndAlarmPriority>").append(subscription.endAlarmPriority()).append("</EndAlarmPriority>\r\n")
                .append("<AlarmMethod>").append(escape(subscription.alarmMethod())).append("</AlarmMethod>\r\n");
        if (subscription.startTime() != null) {
            body.append("<StartTime>").append(QUERY_TIME.format(subscription.startTime())).append("</StartTime>\r\n");
        }
        if (subscription.endTime() != null) {
            body.append("<EndTime>").append(QUERY_TIME.format(subscription.endTime())).append("</EndTime>\r\n");
        }
        body.append("</Query>\r\n");
        CompletableFuture<Void> result = new CompletableFuture<>();
        DeviceRegistration registration = session.get().registration();
        try {
            sendToDevice(registration, Request.SUBSCRIBE, body.toString(), request -> {
                try {
                    request.addHeader(HEADERS.createEventHeader("presence"));
                    request.addHeader(HEADERS.createExpiresHeader((int) subscription.expires().toSeconds()));
                    request.addHeader(ourContact(registration.transport()));
                } catch (ParseException | javax.sip.InvalidArgumentException e) {
                    throw new IllegalStateException(e);
                }
            }, outcome -> completeFromOutcome(result, deviceId, outcome, "alarm subscription"));
        } catch (Exception e) {
            result.completeExceptionally(new DeviceRequestException(deviceId, 0, "cannot send SUBSCRIBE: " + e));
        }
        return result.orTimeout(config.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Evaluates registration expiry and keepalive silence now; also runs periodically. Visible for tests. */
    void checkDeviceLiveness() {
        try {
            for (DeviceSessions.WentOffline offline : sessions.sweep(config.clock().instant())) {
                LOG.info("device {} offline: {}", offline.deviceId(), offline.reason());
                emit(() -> listener.deviceOffline(offline.deviceId(), offline.reason()));
            }
            nonces.purgeExpired();
        } catch (RuntimeException e) {
            LOG.warn("liveness check failed", e);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        shutdown(stack);
        timer.shutdownNow();
        events.shutdown();
        try {
            events.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        outstanding.clear();
    }

    private static void shutdown(SipStack stack) {
        if (stack == null) {
            return;
        }
        CountingMessageParserFactory.unregister(stack);
        try {
            stack.stop();
        } catch (RuntimeException e) {
            LOG.debug("stopping SIP stack", e);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Incoming requests

    private final class Handler implements SipListener {

        @Override
        public void processRequest(RequestEvent event) {
            if (closed) {
                return;
            }
            SipProvider provider = (SipProvider) event.getSource();
            Request request = event.getRequest();
            if (Request.ACK.equals(request.getMethod())) {
                return;
            }
            Exchange exchange = Exchange.open(event, provider);
            if (exchange == null) {
                return; // a retransmission the stack is already answering
            }
            try {
                switch (request.getMethod()) {
                    case Request.REGISTER -> onRegister(exchange);
                    case Request.MESSAGE, Request.NOTIFY -> onManscdp(exchange);
                    case Request.OPTIONS -> exchange.respond(Response.OK, null, r -> {
                    });
                    default -> exchange.respond(Response.METHOD_NOT_ALLOWED, null, r -> {
                        try {
                            r.addHeader(HEADERS.createAllowHeader("REGISTER, MESSAGE, NOTIFY, OPTIONS"));
                        } catch (ParseException e) {
                            throw new IllegalStateException(e);
                        }
                    });
                }
            } catch (RuntimeException e) {
                LOG.warn("failed to handle {} from {}", request.getMethod(), exchange.source(), e);
                exchange.respond(Response.SERVER_INTERNAL_ERROR, null, r -> {
                });
            }
        }

        @Override
        public void processResponse(ResponseEvent event) {
            ClientTransaction transaction = event.getClientTransaction();
            if (transaction == null || event.getResponse().getStatusCode() < 200) {
                return;
            }
            Consumer<Outcome> handler = outstanding.remove(transaction);
            if (handler != null) {
                handler.accept(new Outcome(event.getResponse(), null));
            }
        }

        @Override
        public void processTimeout(TimeoutEvent event) {
            if (!event.isServerTransaction()) {
                Consumer<Outcome> handler = outstanding.remove(event.getClientTransaction());
                if (handler != null) {
                    handler.accept(new Outcome(null, "no response from device"));
                }
            }
        }

        @Override
        public void processIOException(IOExceptionEvent event) {
            LOG.info("I/O error talking to {}:{}/{}", event.getHost(), event.getPort(), event.getTransport());
        }

        @Override
        public void processTransactionTerminated(TransactionTerminatedEvent event) {
            if (!event.isServerTransaction()) {
                Consumer<Outcome> handler = outstanding.remove(event.getClientTransaction());
                if (handler != null) {
                    handler.accept(new Outcome(null, "transaction ended without a response"));
                }
            }
        }

        @Override
        public void processDialogTerminated(DialogTerminatedEvent event) {
        }
    }

    /** One incoming request and the server transaction used to answer it exactly once. */
    private record Exchange(RequestEvent event, SipProvider provider, ServerTransaction transaction,
                            SipTransport transport, InetSocketAddress remote) {

        /** Null when the request is a retransmission already owned by another transaction. */
        static Exchange open(RequestEvent event, SipProvider provider) {
            SIPRequest request = (SIPRequest) event.getRequest();
            ServerTransaction transaction = event.getServerTransaction();
            if (transaction == null) {
                try {
                    // Created before any processing so a UDP retransmission cannot be handled twice.
                    transaction = provider.getNewServerTransaction(request);
                } catch (TransactionAlreadyExistsException e) {
                    return null;
                } catch (TransactionUnavailableException e) {
                    transaction = null; // answer statelessly
                }
            }
            String transportName = provider.getListeningPoints()[0].getTransport();
            InetAddress address = request.getRemoteAddress();
            InetSocketAddress remote = address == null ? null : new InetSocketAddress(address, request.getRemotePort());
            return new Exchange(event, provider, transaction, SipTransport.fromSipName(transportName), remote);
        }

        SIPRequest request() {
            return (SIPRequest) event.getRequest();
        }

        String source() {
            return remote == null ? "unknown" : remote.getAddress().getHostAddress() + ":" + remote.getPort()
                    + "/" + transport.sipName();
        }

        void respond(int status, String reason, Consumer<Response> customize) {
            try {
                Response response = MESSAGES.createResponse(status, event.getRequest());
                if (reason != null) {
                    response.setReasonPhrase(safeReason(reason));
                }
                ToHeader to = (ToHeader) response.getHeader(ToHeader.NAME);
                if (to != null && to.getTag() == null) {
                    to.setTag(SipStacks.newTag());
                }
                customize.accept(response);
                if (transaction != null) {
                    transaction.sendResponse(response);
                } else {
                    provider.sendResponse(response);
                }
            } catch (javax.sip.SipException e) {
                // Typically the device closed its TCP connection right after sending; nothing to do.
                LOG.info("cannot send {} to {}: {}", status, source(), e.getMessage());
            } catch (Exception e) {
                LOG.warn("cannot send {} to {}", status, source(), e);
            }
        }

        /** Reason phrases go on the status line: ASCII, no CR/LF, bounded. */
        private static String safeReason(String reason) {
            StringBuilder b = new StringBuilder();
            for (char c : reason.toCharArray()) {
                b.append(c >= 0x20 && c < 0x7f ? c : '?');
                if (b.length() >= 120) {
                    break;
                }
            }
            return b.toString();
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // REGISTER

    private void onRegister(Exchange exchange) {
        SIPRequest request = exchange.request();
        String user = userOf(request.getTo() == null ? null : request.getTo().getAddress().getURI());
        Optional<String> problem = GbDeviceId.validate(user);
        if (problem.isPresent()) {
            rejectMalformed(exchange, "REGISTER with invalid device id: " + problem.get());
            return;
        }
        GbDeviceId deviceId = GbDeviceId.parse(user);
        String target = userOf(request.getRequestURI());
        if (target != null && !target.equals(config.serverId().value()) && !target.equals(config.domain())) {
            exchange.respond(Response.NOT_FOUND, "Not this SIP server", r -> {
            });
            return;
        }
        Optional<String> password = config.passwords().passwordFor(deviceId);
        if (password.isEmpty()) {
            LOG.info("REGISTER from unknown device {} at {}", deviceId, exchange.source());
            exchange.respond(Response.FORBIDDEN, "Unknown device", r -> {
            });
            return;
        }
        AuthorizationHeader auth = (AuthorizationHeader) request.getHeader(AuthorizationHeader.NAME);
        if (auth == null || !"Digest".equalsIgnoreCase(auth.getScheme())) {
            challenge(exchange, deviceId, false);
            return;
        }
        // Consumed first, whatever happens next: each nonce gets exactly one chance.
        NonceRegistry.Verdict verdict = nonces.consume(auth.getNonce(), deviceId);
        if (verdict != NonceRegistry.Verdict.VALID) {
            LOG.info("REGISTER from {} with {} nonce, challenging again", deviceId, verdict);
            challenge(exchange, deviceId, verdict == NonceRegistry.Verdict.STALE);
            return;
        }
        String failure = digestFailure(auth, deviceId, password.get());
        if (failure != null) {
            LOG.warn("REGISTER from {} at {} refused: {}", deviceId, exchange.source(), failure);
            exchange.respond(Response.FORBIDDEN, failure, r -> {
            });
            return;
        }
        acceptRegistration(exchange, deviceId);
    }

    /** Null when the digest is right, otherwise why not. */
    private String digestFailure(AuthorizationHeader auth, GbDeviceId deviceId, String password) {
        if (!deviceId.value().equals(auth.getUsername())) {
            return "Digest username does not match device id";
        }
        if (!config.domain().equals(auth.getRealm())) {
            return "Wrong realm";
        }
        String algorithm = auth.getAlgorithm();
        if (algorithm != null && !algorithm.equalsIgnoreCase("MD5")) {
            return "Unsupported digest algorithm";
        }
        String qop = parameter(auth, "qop");
        String nc = parameter(auth, "nc");
        String cnonce = parameter(auth, "cnonce");
        if (qop != null && !qop.isEmpty()) {
            if (!qop.equalsIgnoreCase("auth")) {
                return "Unsupported qop";
            }
            if (nc == null || cnonce == null) {
                return "qop=auth without nc/cnonce";
            }
        }
        String uri = parameter(auth, "uri");
        if (uri == null) {
            return "Digest without uri";
        }
        String expected = SipDigest.response(deviceId.value(), config.domain(), password, Request.REGISTER, uri,
                auth.getNonce(), qop, nc, cnonce);
        return SipDigest.matches(expected, auth.getResponse()) ? null : "Authentication failed";
    }

    private void challenge(Exchange exchange, GbDeviceId deviceId, boolean stale) {
        Optional<String> nonce = nonces.issue(deviceId);
        if (nonce.isEmpty()) {
            exchange.respond(Response.SERVICE_UNAVAILABLE, "Too many pending challenges", r -> {
            });
            return;
        }
        exchange.respond(Response.UNAUTHORIZED, null, r -> {
            try {
                WWWAuthenticateHeader challenge = HEADERS.createWWWAuthenticateHeader("Digest");
                challenge.setRealm(config.domain());
                challenge.setNonce(nonce.get());
                challenge.setAlgorithm("MD5");
                if (config.offerQop()) {
                    challenge.setQop("auth");
                }
                if (stale) {
                    challenge.setStale(true);
                }
                r.addHeader(challenge);
            } catch (ParseException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private void acceptRegistration(Exchange exchange, GbDeviceId deviceId) {
        SIPRequest request = exchange.request();
        ContactHeader contact = (ContactHeader) request.getHeader(ContactHeader.NAME);
        int requested = -1;
        if (contact != null && contact.getExpires() >= 0) {
            requested = contact.getExpires(); // RFC 3261 10.3: the Contact parameter wins over the header
        } else if (request.getExpires() != null) {
            requested = request.getExpires().getExpires();
        }
        long expires = requested < 0 ? config.defaultRegistrationExpiry().toSeconds()
                : Math.min(requested, config.maxRegistrationExpiry().toSeconds());
        Instant now = config.clock().instant();
        if (expires == 0) {
            if (sessions.unregister(deviceId)) {
                LOG.info("device {} unregistered", deviceId);
                emit(() -> listener.deviceOffline(deviceId, OfflineReason.UNREGISTERED));
            }
            exchange.respond(Response.OK, null, r -> registerOkHeaders(r, null, 0));
            return;
        }
        DeviceRegistration registration = sessions.register(new DeviceRegistration(deviceId, exchange.transport(),
                exchange.remote(), contact == null ? null : contact.getAddress().getURI().toString(),
                Duration.ofSeconds(expires), userAgentOf(request), now, false));
        LOG.info("device {} registered from {} for {} s{}", deviceId, exchange.source(), expires,
                registration.refresh() ? " (refresh)" : "");
        exchange.respond(Response.OK, null, r -> registerOkHeaders(r, contact, (int) expires));
        emit(() -> listener.deviceRegistered(registration));
    }

    private void registerOkHeaders(Response response, ContactHeader contact, int expires) {
        try {
            response.addHeader(new GbDateHeader(LocalDateTime.now(config.clock())));
            response.addHeader(HEADERS.createExpiresHeader(expires));
            if (contact != null && !contact.isWildCard()) {
                ContactHeader echoed = (ContactHeader) contact.clone();
                echoed.setExpires(expires);
                response.addHeader(echoed);
            }
        } catch (javax.sip.InvalidArgumentException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // MESSAGE / NOTIFY with MANSCDP bodies

    private void onManscdp(Exchange exchange) {
        SIPRequest request = exchange.request();
        String method = request.getMethod();
        String user = userOf(request.getFrom() == null ? null : request.getFrom().getAddress().getURI());
        Optional<String> problem = GbDeviceId.validate(user);
        if (problem.isPresent()) {
            rejectMalformed(exchange, method + " from invalid device id: " + problem.get());
            return;
        }
        GbDeviceId deviceId = GbDeviceId.parse(user);
        ContentTypeHeader contentType = request.getContentTypeHeader();
        ManscdpDocument document;
        try {
            document = ManscdpDocument.parse(request.getRawContent(),
                    contentType == null ? null : contentType.getParameter("charset"));
        } catch (MalformedManscdpException e) {
            rejectMalformed(exchange, method + " from " + deviceId + ": " + e.getMessage());
            return;
        }
        Optional<DeviceSessions.Session> session = sessions.find(deviceId);
        if (session.isEmpty()) {
            // Tells the device to register again; GB/T 28181 devices re-REGISTER on a refused keepalive.
            LOG.info("{} {} from unregistered device {} at {}", method, document.cmdType().orElse(""), deviceId,
                    exchange.source());
            exchange.respond(Response.FORBIDDEN, "Device not registered", r -> {
            });
            return;
        }
        if (config.requireRegisteredSourceHost() && exchange.remote() != null
                && !session.get().registration().remoteAddress().getAddress().equals(exchange.remote().getAddress())) {
            LOG.warn("{} claiming to be {} from {} but registered from {}", method, deviceId, exchange.source(),
                    session.get().registration().remoteAddress());
            exchange.respond(Response.FORBIDDEN, "Source does not match registration", r -> {
            });
            return;
        }
        String root = document.root();
        String cmdType = document.cmdType().orElseThrow();
        if (root.equalsIgnoreCase("Notify") && cmdType.equalsIgnoreCase("Keepalive")) {
            onKeepalive(exchange, deviceId, document);
        } else if (root.equalsIgnoreCase("Notify") && cmdType.equalsIgnoreCase("Alarm")) {
            onAlarm(exchange, deviceId, document);
        } else if (root.equalsIgnoreCase("Response") && cmdType.equalsIgnoreCase("Catalog")) {
            if (document.sn().isEmpty()) {
                rejectMalformed(exchange, "catalog response without SN from " + deviceId);
                return;
            }
            exchange.respond(Response.OK, null, r -> {
            });
            catalogs.accept(deviceId, document);
        } else {
            LOG.debug("ignoring {}/{} from {}", root, cmdType, deviceId);
            exchange.respond(Response.OK, null, r -> {
            });
        }
    }

    private void onKeepalive(Exchange exchange, GbDeviceId deviceId, ManscdpDocument document) {
        Optional<String> bodyIdProblem = GbDeviceId.validate(document.deviceId().orElse(null));
        if (bodyIdProblem.isPresent()) {
            rejectMalformed(exchange, "keepalive from " + deviceId + " with bad DeviceID: " + bodyIdProblem.get());
            return;
        }
        Instant now = config.clock().instant();
        if (sessions.touch(deviceId, now).isEmpty()) {
            exchange.respond(Response.FORBIDDEN, "Device not registered", r -> {
            });
            return;
        }
        exchange.respond(Response.OK, null, r -> {
        });
        Keepalive keepalive = new Keepalive(deviceId, document.sn().orElse(""), document.text("Status").orElse(""), now);
        emit(() -> listener.keepaliveReceived(keepalive));
    }

    private void onAlarm(Exchange exchange, GbDeviceId deviceId, ManscdpDocument document) {
        Optional<String> sourceProblem = GbDeviceId.validate(document.deviceId().orElse(null));
        if (sourceProblem.isPresent()) {
            rejectMalformed(exchange, "alarm from " + deviceId + " with bad DeviceID: " + sourceProblem.get());
            return;
        }
        GbDeviceId source = GbDeviceId.parse(document.deviceId().get());
        String rawTime = document.text("AlarmTime").orElse(null);
        String alarmType = document.text("Info", "AlarmType")
                .or(() -> document.text("AlarmInfo", "AlarmType"))
                .or(() -> document.text("AlarmType"))
                .orElse(null);
        // Some devices put free text in <AlarmInfo> instead of <AlarmDescription>.
        String description = document.text("AlarmDescription")
                .or(() -> document.text("AlarmInfo", "AlarmDescription"))
                .or(() -> document.text("AlarmInfo").filter(t -> document.text("AlarmInfo", "AlarmType").isEmpty()))
                .orElse(null);
        AlarmNotification alarm = new AlarmNotification(deviceId, source, document.sn().orElse(""),
                ManscdpDocument.parseInteger(document.text("AlarmPriority").orElse(null)),
                ManscdpDocument.parseInteger(document.text("AlarmMethod").orElse(null)),
                ManscdpDocument.parseInteger(alarmType),
                parseAlarmTime(rawTime), rawTime,
                ManscdpDocument.parseCoordinate(document.text("Longitude").orElse(null)),
                ManscdpDocument.parseCoordinate(document.text("Latitude").orElse(null)),
                description, config.clock().instant());
        exchange.respond(Response.OK, null, r -> {
        });
        emit(() -> listener.alarmReceived(alarm));
        if (config.acknowledgeAlarms() && Request.MESSAGE.equals(exchange.request().getMethod())) {
            acknowledgeAlarm(deviceId, alarm);
        }
    }

    /** GB/T 28181 alarm response: tells the device the platform took the alarm, so it stops resending. */
    private void acknowledgeAlarm(GbDeviceId deviceId, AlarmNotification alarm) {
        sessions.find(deviceId).ifPresent(session -> {
            String body = "<Response>\r\n<CmdType>Alarm</CmdType>\r\n<SN>" + escape(alarm.sn()) + "</SN>\r\n<DeviceID>"
                    + alarm.alarmSourceId() + "</DeviceID>\r\n<Result>OK</Result>\r\n</Response>\r\n";
            try {
                sendToDevice(session.registration(), Request.MESSAGE, body, r -> {
                }, outcome -> {
                });
            } catch (Exception e) {
                LOG.info("cannot acknowledge alarm {} to {}: {}", alarm.sn(), deviceId, e.toString());
            }
        });
    }

    private static LocalDateTime parseAlarmTime(String raw) {
        if (raw == null) {
            return null;
        }
        try {
            return LocalDateTime.parse(raw.strip(), ALARM_TIME);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Outgoing requests

    private void sendToDevice(DeviceRegistration registration, String method, String xmlBody,
                              Consumer<Request> customize, Consumer<Outcome> onOutcome) throws Exception {
        SipProvider provider = registration.transport() == SipTransport.TCP ? tcpProvider : udpProvider;
        String transport = registration.transport().sipName();
        ListeningPoint lp = provider.getListeningPoint(transport);
        // Reach the device where its REGISTER really came from: works behind NAT, and over TCP reuses its connection.
        InetSocketAddress target = registration.remoteAddress();
        SipURI requestUri = ADDRESSES.createSipURI(registration.deviceId().value(), target.getAddress().getHostAddress());
        requestUri.setPort(target.getPort());
        if (registration.transport() == SipTransport.TCP) {
            requestUri.setTransportParam(transport);
        }
        Address fromAddress = ADDRESSES.createAddress(ADDRESSES.createSipURI(config.serverId().value(), config.domain()));
        Address toAddress = ADDRESSES.createAddress(ADDRESSES.createSipURI(registration.deviceId().value(), config.domain()));
        ViaHeader via = HEADERS.createViaHeader(lp.getIPAddress(), lp.getPort(), transport, SipStacks.newBranch());
        byte[] body = ("<?xml version=\"1.0\" encoding=\"GB2312\"?>\r\n" + xmlBody).getBytes(BODY_CHARSET);
        Request request = MESSAGES.createRequest(requestUri, method, provider.getNewCallId(),
                HEADERS.createCSeqHeader(cseq.getAndIncrement(), method),
                HEADERS.createFromHeader(fromAddress, SipStacks.newTag()),
                HEADERS.createToHeader(toAddress, null),
                List.of(via), HEADERS.createMaxForwardsHeader(70),
                HEADERS.createContentTypeHeader("Application", "MANSCDP+xml"), body);
        request.addHeader(HEADERS.createUserAgentHeader(List.of(config.userAgent())));
        customize.accept(request);
        ClientTransaction transaction = provider.getNewClientTransaction(request);
        outstanding.put(transaction, onOutcome);
        try {
            transaction.sendRequest();
        } catch (Exception e) {
            outstanding.remove(transaction);
            throw e;
        }
    }

    private Header ourContact(SipTransport transport) throws ParseException {
        SipProvider provider = transport == SipTransport.TCP ? tcpProvider : udpProvider;
        ListeningPoint lp = provider.getListeningPoint(transport.sipName());
        SipURI uri = ADDRESSES.createSipURI(config.serverId().value(), lp.getIPAddress());
        uri.setPort(lp.getPort());
        if (transport == SipTransport.TCP) {
            uri.setTransportParam("tcp");
        }
        return HEADERS.createContactHeader(ADDRESSES.createAddress(uri));
    }

    private static void completeFromOutcome(CompletableFuture<Void> future, GbDeviceId deviceId, Outcome outcome,
                                            String what) {
        if (outcome.response() == null) {
            future.completeExceptionally(new DeviceRequestException(deviceId, 0, what + ": " + outcome.failure()));
        } else if (outcome.response().getStatusCode() >= 300) {
            future.completeExceptionally(new DeviceRequestException(deviceId, outcome.response().getStatusCode(),
                    what + " refused: " + outcome.response().getStatusCode() + " " + outcome.response().getReasonPhrase()));
        } else {
            future.complete(null);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Helpers

    private String nextSn() {
        return Integer.toString(sn.updateAndGet(v -> v >= 999_999 ? 1 : v + 1));
    }

    private void rejectMalformed(Exchange exchange, String reason) {
        malformed(reason, exchange.source(), exchange.request().getMethod());
        exchange.respond(Response.BAD_REQUEST, reason, r -> {
        });
    }

    private void malformed(String reason, String source, String method) {
        malformedCount.incrementAndGet();
        LOG.info("malformed {} from {}: {}", method == null ? "message" : method, source, reason);
        MalformedMessage message = new MalformedMessage(reason, source, method, config.clock().instant());
        emit(() -> listener.malformedMessage(message));
    }

    private void emit(Runnable callback) {
        try {
            events.execute(() -> {
                try {
                    callback.run();
                } catch (RuntimeException e) {
                    LOG.warn("GB/T 28181 listener threw", e);
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("server closed, dropping callback");
        }
    }

    private static String userOf(URI uri) {
        return uri instanceof SipURI sip ? sip.getUser() : null;
    }

    private static String parameter(AuthorizationHeader auth, String name) {
        return auth instanceof ParametersHeader p ? p.getParameter(name) : null;
    }

    private static String userAgentOf(Request request) {
        Header header = request.getHeader(UserAgentHeader.NAME);
        return header instanceof SIPHeader h ? h.getHeaderValue().strip() : null;
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
