package io.zhian.gb28181.internal;

import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.address.AddressFactoryImpl;
import gov.nist.javax.sip.header.HeaderFactoryImpl;
import gov.nist.javax.sip.message.MessageFactoryImpl;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Properties;
import java.util.UUID;
import javax.sip.ListeningPoint;
import javax.sip.PeerUnavailableException;
import javax.sip.SipStack;
import javax.sip.address.AddressFactory;
import javax.sip.header.HeaderFactory;
import javax.sip.message.MessageFactory;

/** JAIN-SIP plumbing shared by the server and the simulated devices. Not part of the public API. */
public final class SipStacks {

    private static final SecureRandom RANDOM = new SecureRandom();

    public static final AddressFactory ADDRESSES = new AddressFactoryImpl();
    public static final HeaderFactory HEADERS = new HeaderFactoryImpl();
    public static final MessageFactory MESSAGES = new MessageFactoryImpl();

    private SipStacks() {
    }

    /**
     * A stack created directly rather than through {@code SipFactory}, whose global cache keyed by stack name
     * would keep stopped stacks alive and make several servers per JVM (tests, simulator fleets) fragile.
     */
    public static SipStack newStack(String namePrefix, int threadPoolSize, boolean nioTcp) throws PeerUnavailableException {
        Properties p = new Properties();
        p.setProperty("javax.sip.STACK_NAME", namePrefix + "-" + UUID.randomUUID());
        // We keep no dialogs: GB/T 28181 signalling here is MESSAGE/REGISTER transactions plus SUBSCRIBE/NOTIFY
        // handled statelessly, which avoids the dialog layer rejecting NOTIFYs devices send without a dialog.
        p.setProperty("javax.sip.AUTOMATIC_DIALOG_SUPPORT", "off");
        p.setProperty("gov.nist.javax.sip.DELIVER_UNSOLICITED_NOTIFY", "true");
        p.setProperty("gov.nist.javax.sip.STACK_LOGGER", Slf4jStackLogger.class.getName());
        p.setProperty("gov.nist.javax.sip.MESSAGE_PARSER_FACTORY", CountingMessageParserFactory.class.getName());
        if (nioTcp) {
            // Selector-based TCP: no thread per device connection, which matters with thousands of TCP cameras.
            p.setProperty("gov.nist.javax.sip.MESSAGE_PROCESSOR_FACTORY", "gov.nist.javax.sip.stack.NioMessageProcessorFactory");
        }
        p.setProperty("gov.nist.javax.sip.THREAD_POOL_SIZE", Integer.toString(threadPoolSize));
        p.setProperty("gov.nist.javax.sip.REENTRANT_LISTENER", "true");
        p.setProperty("gov.nist.javax.sip.TRACE_LEVEL", "0");
        p.setProperty("gov.nist.javax.sip.LOG_MESSAGE_CONTENT", "false");
        // Bound what one TCP peer can make us buffer.
        p.setProperty("gov.nist.javax.sip.MAX_MESSAGE_SIZE", Integer.toString(256 * 1024));
        p.setProperty("gov.nist.javax.sip.CACHE_CLIENT_CONNECTIONS", "true");
        return new SipStackImpl(p);
    }

    /**
     * Creates a listening point; port 0 means "any free port". JAIN-SIP cannot bind port 0 itself (it would keep
     * reporting 0), so we probe for a free port and retry if another process grabs it in between.
     */
    public static ListeningPoint listen(SipStack stack, String host, int port, String transport) throws IOException {
        IOException last = null;
        for (int attempt = 0; attempt < 10; attempt++) {
            int candidate = port != 0 ? port : freePort(host, transport);
            try {
                return stack.createListeningPoint(host, candidate, transport);
            } catch (Exception e) {
                last = new IOException("cannot listen on " + host + ":" + candidate + "/" + transport, e);
                if (port != 0) {
                    break;
                }
            }
        }
        throw last;
    }

    private static int freePort(String host, String transport) throws IOException {
        InetAddress address = InetAddress.getByName(host);
        if ("udp".equalsIgnoreCase(transport)) {
            try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(address, 0))) {
                return socket.getLocalPort();
            }
        }
        try (ServerSocket socket = new ServerSocket(0, 1, address)) {
            return socket.getLocalPort();
        }
    }

    public static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** RFC 3261 magic-cookie branch. */
    public static String newBranch() {
        return "z9hG4bK" + randomHex(8);
    }

    public static String newTag() {
        return randomHex(6);
    }
}
