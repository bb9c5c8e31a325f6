package io.zhian.gb28181.sim;

import gov.nist.javax.sip.message.SIPMessage;
import io.zhian.gb28181.CatalogEntry;
import io.zhian.gb28181.GbDeviceId;
import io.zhian.gb28181.MalformedManscdpException;
import io.zhian.gb28181.ManscdpDocument;
import io.zhian.gb28181.SipDigest;
import io.zhian.gb28181.SipTransport;
import io.zhian.gb28181.internal.SipStacks;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
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
import javax.sip.TransactionTerminatedEvent;
import javax.sip.address.Address;
import javax.sip.address.SipURI;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.Header;
import javax.sip.header.ToHeader;
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
 * A GB/T 28181 camera/NVR on JAIN-SIP, for tests and for the load simulator: registers with digest auth,
 * sends keepalives and alarms, answers catalog queries in several packets and accepts alarm SUBSCRIBEs.
 * It can also misbehave on purpose (replay a captured REGISTER, send arbitrary bodies).
 *
 * <p>Each instance owns a small SIP stack (2 threads); blocking calls wait at most {@code requestTimeout}.
 */
public final class SimulatedGbDevice implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SimulatedGbDevice.class);
    private static final DateTimeFormatter ALARM_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    private final Builder settings;
    private final SipStack stack;
    private final SipProvider provider;
    private final ListeningPoint listeningPoint;
    private final ScheduledExecutorService worker;
    private final Map<ClientTransaction, CompletableFuture<Response>> pending = new ConcurrentHashMap<>();
    private final AtomicLong cseq = new AtomicLong(1);
    private final AtomicInteger sn = new AtomicInteger(1);
    private final List<String> alarmSubscriptions = new CopyOnWriteArrayList<>();
    private final List<String> alarmAcknowledgements = new CopyOnWriteArrayList<>();
    private final AtomicInteger catalogQueriesAnswered = new AtomicInteger();
    private final String registrationCallId;
    private volatile Request lastAuthorizedRegister;
    private volatile ScheduledFuture<?> keepalives;

    private SimulatedGbDevice(Builder settings) throws IOException {
        this.settings = settings;
        this.worker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread t = new Thread(runnable, "sim-" + settings.deviceId.serial());
            t.setDaemon(true);
            return t;
        });
        SipStack created = null;
        try {
            created = SipStacks.newStack("gb28181-sim-" + settings.deviceId, 2, false);
            this.listeningPoint = SipStacks.listen(created, settings.localHost, settings.localPort,
                    settings.transport.sipName());
            this.provider = created.createSipProvider(listeningPoint);
            provider.addSipListener(new Handler());
            this.registrationCallId = provider.getNewCallId().getCallId();
            this.stack = created;
        } catch (IOException e) {
            stop(created);
            worker.shutdownNow();
            throw e;
        } catch (Exception e) {
            stop(created);
            worker.shutdownNow();
            throw new IOException("cannot start simulated device " + settings.deviceId, e);
        }
    }

    public static Builder builder(GbDeviceId deviceId, String password) {
        return new Builder(deviceId, password);
    }

    public GbDeviceId deviceId() {
        return settings.deviceId;
    }

    public int localPort() {
        return listeningPoint.getPort();
    }

    // ---------------------------------------------------------------------------------------------------------
    // REGISTER

    /** REGISTER, answer the digest challenge, return the final outcome. */
    public RegisterResult register(Duration expires) {
        Response first = send(newRegister(expires, null));
        if (first.getStatusCode() != Response.UNAUTHORIZED) {
            return result(first, null, false);
        }
        WWWAuthenticateHeader challenge = (WWWAuthenticateHeader) first.getHeader(WWWAuthenticateHeader.NAME);
        Request authorized = newRegister(expires, challenge);
        lastAuthorizedRegister = (Request) authorized.clone();
        Response second = send(authorized);
        WWWAuthenticateHeader again = (WWWAuthenticateHeader) second.getHeader(WWWAuthenticateHeader.NAME);
        return result(second, again != null ? again.getNonce() : challenge.getNonce(),
                again != null && isStale(again));
    }

    /** A single REGISTER without credentials, as a device that assumes it is still trusted; returns the outcome. */
    public RegisterResult registerWithoutCredentials(Duration expires) {
        Response response = send(newRegister(expires, null));
        WWWAuthenticateHeader challenge = (WWWAuthenticateHeader) response.getHeader(WWWAuthenticateHeader.NAME);
        return result(response, challenge == null ? null : challenge.getNonce(), challenge != null && isStale(challenge));
    }

    /** Expires: 0, authenticated like any REGISTER. */
    public RegisterResult unregister() {
        return register(Duration.ZERO);
    }

    /**
     * Re-sends the last authorized REGISTER as an attacker on the path would: same bytes and credentials, only a
     * new Via branch (digest does not cover Via) so it is a new transaction rather than a retransmission.
     */
    public RegisterResult replayLastRegister() {
        Request captured = lastAuthorizedRegister;
        if (captured == null) {
            throw new IllegalStateException("nothing captured yet: register first");
        }
        Request replay = (Request) captured.clone();
        replay.removeHeader(ViaHeader.NAME);
        replay.addHeader(newVia());
        Response response = send(replay);
        WWWAuthenticateHeader challenge = (WWWAuthenticateHeader) response.getHeader(WWWAuthenticateHeader.NAME);
        return result(response, challenge == null ? null : challenge.getNonce(), challenge != null && isStale(challenge));
    }

    private Request newRegister(Duration expires, WWWAuthenticateHeader challenge) {
        try {
            SipURI requestUri = serverUri();
            Request request = newRequest(Request.REGISTER, requestUri, settings.deviceId.value(), null);
            ((CallIdHeader) request.getHeader(CallIdHeader.NAME)).setCallId(registrationCallId);
            if (settings.expiresInContact) {
                ((ContactHeader) request.getHeader(ContactHeader.NAME)).setExpires((int) expires.toSeconds());
            } else {
                request.addHeader(HEADERS.createExpiresHeader((int) expires.toSeconds()));
            }
            if (challenge != null) {
                request.addHeader(authorization(challenge, requestUri.toString()));
            }
            return request;
        } catch (ParseException | javax.sip.InvalidArgumentException e) {
            throw new IllegalStateException(e);
        }
    }

    private Header authorization(WWWAuthenticateHeader challenge, String uri) throws ParseException {
        String realm = challenge.getRealm();
        String nonce = challenge.getNonce();
        boolean qop = settings.useQop && challenge.getQop() != null && challenge.getQop().toLowerCase().contains("auth");
        String nc = "00000001";
        String cnonce = SipStacks.randomHex(8);
        String response = SipDigest.response(settings.deviceId.value(), realm, settings.password, Request.REGISTER,
                uri, nonce, qop ? "auth" : null, nc, cnonce);
        StringBuilder value = new StringBuilder("Digest username=\"").append(settings.deviceId)
                .append("\", realm=\"").append(realm)
                .append("\", nonce=\"").append(nonce)
                .append("\", uri=\"").append(uri)
                .append("\", response=\"").append(response)
                .append("\", algorithm=MD5");
        if (qop) {
            value.append(", qop=auth, nc=").append(nc).append(", cnonce=\"").append(cnonce).append('"');
        }
        return HEADERS.createHeader("Authorization", value.toString());
    }

    private static boolean isStale(WWWAuthenticateHeader challenge) {
        return challenge instanceof gov.nist.javax.sip.header.ParametersHeader p
                && "true".equalsIgnoreCase(p.getParameter("stale"));
    }

    private static RegisterResult result(Response response, String challengeNonce, boolean stale) {
        return new RegisterResult(response.getStatusCode(), headerText(response, "Date"), challengeNonce, stale);
    }

    /** Header text even when JAIN-SIP could not parse it (the GB Date format is not RFC 1123). */
    static String headerText(Response response, String name) {
        Header parsed = response.getHeader(name);
        if (parsed instanceof gov.nist.javax.sip.header.SIPHeader h) {
            return h.getHeaderValue().strip();
        }
        ListIterator<String> unparsed = ((SIPMessage) response).getUnrecognizedHeaders();
        while (unparsed != null && unparsed.hasNext()) {
            String line = unparsed.next();
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).strip().equalsIgnoreCase(name)) {
                return line.substring(colon + 1).strip();
            }
        }
        return null;
    }

    // ---------------------------------------------------------------------------------------------------------
    // MESSAGEs the device originates

    /** One {@code <Notify><CmdType>Keepalive</CmdType>}; returns the status code. */
    public int sendKeepalive() {
        return sendMessage(("<?xml version=\"1.0\" encoding=\"GB2312\"?>\r\n<Notify>\r\n<CmdType>Keepalive</CmdType>\r\n<SN>"
                + sn.getAndIncrement() + "</SN>\r\n<DeviceID>" + settings.deviceId
                + "</DeviceID>\r\n<Status>OK</Status>\r\n</Notify>\r\n").getBytes(StandardCharsets.US_ASCII));
    }

    /** Keeps sending keepalives every {@code interval} until {@link #stopKeepalives()} (the device "goes silent"). */
    public void startKeepalives(Duration interval) {
        stopKeepalives();
        keepalives = worker.scheduleWithFixedDelay(() -> {
            try {
                sendKeepalive();
            } catch (RuntimeException e) {
                LOG.debug("keepalive from {} failed: {}", settings.deviceId, e.toString());
            }
        }, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    public void stopKeepalives() {
        ScheduledFuture<?> running = keepalives;
        if (running != null) {
            running.cancel(false);
            keepalives = null;
        }
    }

    /** {@code <Notify><CmdType>Alarm</CmdType>} as MESSAGE; returns the status code. */
    public int sendAlarm(SimulatedAlarm alarm) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"GB2312\"?>\r\n<Notify>\r\n")
                .append("<CmdType>Alarm</CmdType>\r\n")
                .append("<SN>").append(sn.getAndIncrement()).append("</SN>\r\n")
                .append("<DeviceID>").append(alarm.sourceId()).append("</DeviceID>\r\n")
                .append("<AlarmPriority>").append(alarm.priority()).append("</AlarmPriority>\r\n")
                .append("<AlarmMethod>").append(alarm.method()).append("</AlarmMethod>\r\n");
        if (alarm.time() != null) {
            xml.append("<AlarmTime>").append(ALARM_TIME.format(alarm.time())).append("</AlarmTime>\r\n");
        }
        if (alarm.description() != null) {
            xml.append("<AlarmDescription>").append(escape(alarm.description())).append("</AlarmDescription>\r\n");
        }
        if (alarm.longitude() != null && alarm.latitude() != null) {
            xml.append("<Longitude>").append(alarm.longitude()).append("</Longitude>\r\n")
                    .append("<Latitude>").append(alarm.latitude()).append("</Latitude>\r\n");
        }
        if (alarm.alarmType() != null) {
            xml.append("<Info>\r\n<AlarmType>").append(alarm.alarmType()).append("</AlarmType>\r\n</Info>\r\n");
        }
        xml.append("</Notify>\r\n");
        return sendMessage(xml.toString().getBytes(ManscdpDocument.GB18030));
    }

    /**
     * A NOTIFY carrying a MANSCDP body, as devices do for alarms under an alarm subscription
     * ({@code Event: presence}); returns the status code.
     */
    public int sendNotify(byte[] body) {
        try {
            Request request = newRequest(Request.NOTIFY, serverUri(), settings.deviceId.value(), body);
            request.addHeader(HEADERS.createEventHeader("presence"));
            request.addHeader(HEADERS.createSubscriptionStateHeader("active"));
            return send(request).getStatusCode();
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A MESSAGE with an arbitrary body (for malformed-input tests); returns the status code. */
    public int sendMessage(byte[] body) {
        return sendMessageAs(settings.deviceId.value(), body);
    }

    /** A MESSAGE whose From user is {@code fromUser}, valid or not; returns the status code. */
    public int sendMessageAs(String fromUser, byte[] body) {
        try {
            Request request = newRequest(Request.MESSAGE, serverUri(), fromUser, body);
            return send(request).getStatusCode();
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // What the platform sent us

    /** Bodies of alarm SUBSCRIBEs received, in order. */
    public List<String> alarmSubscriptions() {
        return List.copyOf(alarmSubscriptions);
    }

    /** SNs of {@code <Response><CmdType>Alarm</CmdType>} acknowledgements received. */
    public List<String> alarmAcknowledgements() {
        return List.copyOf(alarmAcknowledgements);
    }

    public int catalogQueriesAnswered() {
        return catalogQueriesAnswered.get();
    }

    private void answerCatalog(String querySn) {
        List<CatalogEntry> channels = settings.channels;
        int per = settings.catalogItemsPerMessage;
        int packets = Math.max(1, (channels.size() + per - 1) / per);
        int limit = settings.catalogPacketsToSend < 0 ? packets : Math.min(packets, settings.catalogPacketsToSend);
        for (int p = 0; p < limit; p++) {
            List<CatalogEntry> slice = channels.subList(Math.min(p * per, channels.size()),
                    Math.min((p + 1) * per, channels.size()));
            byte[] body = catalogPacket(querySn, channels.size(), slice);
            try {
                int status = sendMessage(body);
                if (status != Response.OK) {
                    LOG.warn("catalog packet {} from {} got {}", p, settings.deviceId, status);
                }
            } catch (RuntimeException e) {
                LOG.warn("catalog packet {} from {} failed: {}", p, settings.deviceId, e.toString());
            }
        }
        catalogQueriesAnswered.incrementAndGet();
    }

    private byte[] catalogPacket(String querySn, int sumNum, List<CatalogEntry> slice) {
        Charset charset = settings.catalogCharset;
        String prolog;
        if (!settings.declareCharset) {
            prolog = "<?xml version=\"1.0\"?>";
        } else {
            // GB/T 28181 devices conventionally label GB18030 bodies "GB2312".
            prolog = "<?xml version=\"1.0\" encoding=\"" + (charset.equals(StandardCharsets.UTF_8) ? "UTF-8" : "GB2312") + "\"?>";
        }
        StringBuilder xml = new StringBuilder(prolog).append("\r\n<Response>\r\n<CmdType>Catalog</CmdType>\r\n")
                .append("<SN>").append(querySn).append("</SN>\r\n")
                .append("<DeviceID>").append(settings.deviceId).append("</DeviceID>\r\n")
                .append("<SumNum>").append(sumNum).append("</SumNum>\r\n")
                .append("<DeviceList Num=\"").append(slice.size()).append("\">\r\n");
        for (CatalogEntry entry : slice) {
            xml.append("<Item>\r\n");
            element(xml, "DeviceID", entry.deviceId());
            element(xml, "Name", entry.name());
            element(xml, "Manufacturer", entry.manufacturer());
            element(xml, "Model", entry.model());
            element(xml, "Owner", entry.owner());
            element(xml, "CivilCode", entry.civilCode());
            element(xml, "Address", entry.address());
            element(xml, "ParentID", entry.parentId());
            element(xml, "Status", entry.status());
            element(xml, "Longitude", entry.longitude() == null ? null : entry.longitude().toString());
            element(xml, "Latitude", entry.latitude() == null ? null : entry.latitude().toString());
            entry.extra().forEach((name, value) -> {
                if (!name.contains("/")) {
                    element(xml, name, value);
                }
            });
            xml.append("</Item>\r\n");
        }
        xml.append("</DeviceList>\r\n</Response>\r\n");
        return xml.toString().getBytes(charset);
    }

    private static void element(StringBuilder xml, String name, String value) {
        if (value != null) {
            xml.append('<').append(name).append('>').append(escape(value)).append("</").append(name).append(">\r\n");
        }
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    // ---------------------------------------------------------------------------------------------------------
    // SIP plumbing

    private SipURI serverUri() throws ParseException {
        SipURI uri = ADDRESSES.createSipURI(settings.serverId.value(), settings.serverHost);
        uri.setPort(settings.serverPort);
        if (settings.transport == SipTransport.TCP) {
            uri.setTransportParam("tcp");
        }
        return uri;
    }

    private ViaHeader newVia() {
        try {
            return HEADERS.createViaHeader(listeningPoint.getIPAddress(), listeningPoint.getPort(),
                    settings.transport.sipName(), SipStacks.newBranch());
        } catch (ParseException | javax.sip.InvalidArgumentException e) {
            throw new IllegalStateException(e);
        }
    }

    private Request newRequest(String method, SipURI requestUri, String fromUser, byte[] body) throws ParseException {
        try {
            Address from = ADDRESSES.createAddress(ADDRESSES.createSipURI(fromUser, settings.serverDomain));
            String toUser = Request.REGISTER.equals(method) ? fromUser : settings.serverId.value();
            Address to = ADDRESSES.createAddress(ADDRESSES.createSipURI(toUser, settings.serverDomain));
            Request request;
            if (body == null) {
                request = MESSAGES.createRequest(requestUri, method, provider.getNewCallId(),
                        HEADERS.createCSeqHeader(cseq.getAndIncrement(), method),
                        HEADERS.createFromHeader(from, SipStacks.newTag()), HEADERS.createToHeader(to, null),
                        List.of(newVia()), HEADERS.createMaxForwardsHeader(70));
            } else {
                ContentTypeHeader contentType = HEADERS.createContentTypeHeader("Application", "MANSCDP+xml");
                request = MESSAGES.createRequest(requestUri, method, provider.getNewCallId(),
                        HEADERS.createCSeqHeader(cseq.getAndIncrement(), method),
                        HEADERS.createFromHeader(from, SipStacks.newTag()), HEADERS.createToHeader(to, null),
                        List.of(newVia()), HEADERS.createMaxForwardsHeader(70), contentType, body);
            }
            SipURI contactUri = ADDRESSES.createSipURI(settings.deviceId.value(), listeningPoint.getIPAddress());
            contactUri.setPort(listeningPoint.getPort());
            if (settings.transport == SipTransport.TCP) {
                contactUri.setTransportParam("tcp");
            }
            request.addHeader(HEADERS.createContactHeader(ADDRESSES.createAddress(contactUri)));
            request.addHeader(HEADERS.createUserAgentHeader(List.of(settings.userAgent)));
            return request;
        } catch (javax.sip.InvalidArgumentException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sends in a new client transaction and waits for the final response. */
    private Response send(Request request) {
        CompletableFuture<Response> response = new CompletableFuture<>();
        try {
            ClientTransaction transaction = provider.getNewClientTransaction(request);
            pending.put(transaction, response);
            transaction.sendRequest();
            return response.get(settings.requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException(request.getMethod() + " from " + settings.deviceId + " timed out", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(request.getMethod() + " from " + settings.deviceId + " failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (javax.sip.SipException e) {
            throw new IllegalStateException("cannot send " + request.getMethod(), e);
        }
    }

    private final class Handler implements SipListener {

        @Override
        public void processRequest(RequestEvent event) {
            Request request = event.getRequest();
            SipProvider source = (SipProvider) event.getSource();
            switch (request.getMethod()) {
                case Request.ACK -> {
                }
                case Request.SUBSCRIBE -> {
                    alarmSubscriptions.add(new String(bodyOf(request), ManscdpDocument.GB18030));
                    respond(source, event, Response.OK, request.getExpires() == null ? 3600 : request.getExpires().getExpires());
                }
                case Request.MESSAGE -> onMessage(source, event);
                default -> respond(source, event, Response.OK, -1);
            }
        }

        private void onMessage(SipProvider source, RequestEvent event) {
            ManscdpDocument document;
            try {
                ContentTypeHeader ct = (ContentTypeHeader) event.getRequest().getHeader(ContentTypeHeader.NAME);
                document = ManscdpDocument.parse(bodyOf(event.getRequest()), ct == null ? null : ct.getParameter("charset"));
            } catch (MalformedManscdpException e) {
                respond(source, event, Response.BAD_REQUEST, -1);
                return;
            }
            respond(source, event, Response.OK, -1);
            String cmd = document.cmdType().orElse("");
            if (document.root().equals("Query") && cmd.equals("Catalog") && settings.answerCatalogQueries) {
                String querySn = document.sn().orElse("0");
                // Off the SIP thread: answering sends new requests and waits for their responses. A query that
                // arrives while the device is being closed is answered with 200 only.
                if (!worker.isShutdown()) {
                    try {
                        worker.execute(() -> answerCatalog(querySn));
                    } catch (java.util.concurrent.RejectedExecutionException closing) {
                        // closed between the check and the hand-over
                    }
                }
            } else if (document.root().equals("Response") && cmd.equals("Alarm")) {
                alarmAcknowledgements.add(document.sn().orElse(""));
            }
        }

        private byte[] bodyOf(Request request) {
            byte[] raw = request.getRawContent();
            return raw == null ? new byte[0] : raw;
        }

        private void respond(SipProvider source, RequestEvent event, int status, int expires) {
            try {
                Response response = MESSAGES.createResponse(status, event.getRequest());
                ToHeader to = (ToHeader) response.getHeader(ToHeader.NAME);
                if (to.getTag() == null) {
                    to.setTag(SipStacks.newTag());
                }
                if (expires >= 0) {
                    response.addHeader(HEADERS.createExpiresHeader(expires));
                }
                ServerTransaction transaction = event.getServerTransaction();
                if (transaction == null) {
                    transaction = source.getNewServerTransaction(event.getRequest());
                }
                transaction.sendResponse(response);
            } catch (Exception e) {
                LOG.debug("simulated device {} cannot respond: {}", settings.deviceId, e.toString());
            }
        }

        @Override
        public void processResponse(ResponseEvent event) {
            if (event.getResponse().getStatusCode() < 200 || event.getClientTransaction() == null) {
                return;
            }
            CompletableFuture<Response> waiting = pending.remove(event.getClientTransaction());
            if (waiting != null) {
                waiting.complete(event.getResponse());
            }
        }

        @Override
        public void processTimeout(TimeoutEvent event) {
            if (!event.isServerTransaction()) {
                CompletableFuture<Response> waiting = pending.remove(event.getClientTransaction());
                if (waiting != null) {
                    waiting.completeExceptionally(new TimeoutException("no response"));
                }
            }
        }

        @Override
        public void processIOException(IOExceptionEvent event) {
            LOG.debug("simulated device I/O error to {}:{}", event.getHost(), event.getPort());
        }

        @Override
        public void processTransactionTerminated(TransactionTerminatedEvent event) {
            if (!event.isServerTransaction()) {
                CompletableFuture<Response> waiting = pending.remove(event.getClientTransaction());
                if (waiting != null) {
                    waiting.completeExceptionally(new IllegalStateException("transaction ended without response"));
                }
            }
        }

        @Override
        public void processDialogTerminated(DialogTerminatedEvent event) {
        }
    }

    @Override
    public void close() {
        stopKeepalives();
        worker.shutdown();
        try {
            // Let an in-flight catalog answer finish rather than cutting it mid-packet.
            worker.awaitTermination(settings.requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        worker.shutdownNow();
        stop(stack);
    }

    private static void stop(SipStack stack) {
        if (stack != null) {
            try {
                stack.stop();
            } catch (RuntimeException e) {
                LOG.debug("stopping simulated device stack", e);
            }
        }
    }

    /** Settings of a simulated device; {@link #start()} binds its port. */
    public static final class Builder {
        private final GbDeviceId deviceId;
        private final String password;
        private String serverHost = "127.0.0.1";
        private int serverPort = 5060;
        private GbDeviceId serverId;
        private String serverDomain;
        private SipTransport transport = SipTransport.UDP;
        private String localHost = "127.0.0.1";
        private int localPort;
        private String userAgent = "Zhian-SimulatedDevice/1.0";
        private List<CatalogEntry> channels = List.of();
        private int catalogItemsPerMessage = 2;
        private int catalogPacketsToSend = -1;
        private Charset catalogCharset = ManscdpDocument.GB18030;
        private boolean declareCharset = true;
        private boolean useQop = true;
        private boolean answerCatalogQueries = true;
        private boolean expiresInContact;
        private Duration requestTimeout = Duration.ofSeconds(5);

        private Builder(GbDeviceId deviceId, String password) {
            this.deviceId = Objects.requireNonNull(deviceId);
            this.password = Objects.requireNonNull(password);
        }

        /** Where the platform's SIP server is; the domain defaults to the first 10 digits of its id. */
        public Builder server(String host, int port, GbDeviceId serverId) {
            this.serverHost = host;
            this.serverPort = port;
            this.serverId = serverId;
            if (serverDomain == null) {
                serverDomain = serverId.sipDomain();
            }
            return this;
        }

        public Builder serverDomain(String domain) {
            this.serverDomain = domain;
            return this;
        }

        public Builder transport(SipTransport transport) {
            this.transport = transport;
            return this;
        }

        public Builder local(String host, int port) {
            this.localHost = host;
            this.localPort = port;
            return this;
        }

        public Builder userAgent(String userAgent) {
            this.userAgent = userAgent;
            return this;
        }

        public Builder channels(List<CatalogEntry> channels) {
            this.channels = new ArrayList<>(channels);
            return this;
        }

        public Builder catalogItemsPerMessage(int items) {
            if (items < 1) {
                throw new IllegalArgumentException("items must be >= 1");
            }
            this.catalogItemsPerMessage = items;
            return this;
        }

        /** Stop after this many catalog packets (to simulate loss); -1 = send all. */
        public Builder catalogPacketsToSend(int packets) {
            this.catalogPacketsToSend = packets;
            return this;
        }

        /** Charset of catalog bodies (GB18030 as the standard says, or UTF-8 as many devices do). */
        public Builder catalogCharset(Charset charset, boolean declareInProlog) {
            this.catalogCharset = charset;
            this.declareCharset = declareInProlog;
            return this;
        }

        /** Whether to answer a qop="auth" challenge with qop (true) or in the legacy RFC 2069 form (false). */
        public Builder useQop(boolean useQop) {
            this.useQop = useQop;
            return this;
        }

        /** Put the registration lifetime in the Contact's expires parameter instead of an Expires header. */
        public Builder expiresInContact(boolean inContact) {
            this.expiresInContact = inContact;
            return this;
        }

        public Builder answerCatalogQueries(boolean answer) {
            this.answerCatalogQueries = answer;
            return this;
        }

        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = timeout;
            return this;
        }

        public SimulatedGbDevice start() throws IOException {
            if (serverId == null) {
                throw new IllegalStateException("server(host, port, serverId) is required");
            }
            return new SimulatedGbDevice(this);
        }
    }
}
