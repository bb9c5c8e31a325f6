package io.zhian.simulator;

import gov.nist.javax.sip.SipStackImpl;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
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
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * The benchmark baseline: a bare JAIN-SIP listener that answers 200 OK to every request (same RI, same transaction
 * layer, same thread-pool size as the GB/T 28181 server) and does nothing else: no digest, no XML, no liveness.
 */
final class EchoSipServer implements AutoCloseable {

    private final SipStack stack;
    private final ListeningPoint point;
    final AtomicLong answered = new AtomicLong();

    EchoSipServer(String host, int port) throws Exception {
        Properties p = new Properties();
        p.setProperty("javax.sip.STACK_NAME", "echo-" + UUID.randomUUID());
        p.setProperty("javax.sip.AUTOMATIC_DIALOG_SUPPORT", "off");
        p.setProperty("gov.nist.javax.sip.STACK_LOGGER", "io.zhian.gb28181.internal.Slf4jStackLogger"); // log4j is not on the class path
        p.setProperty("gov.nist.javax.sip.THREAD_POOL_SIZE", "4");
        p.setProperty("gov.nist.javax.sip.REENTRANT_LISTENER", "true");
        p.setProperty("gov.nist.javax.sip.TRACE_LEVEL", "0");
        p.setProperty("gov.nist.javax.sip.LOG_MESSAGE_CONTENT", "false");
        stack = new SipStackImpl(p);
        point = stack.createListeningPoint(host, port, "udp");
        SipProvider provider = stack.createSipProvider(point);
        MessageFactory messages = new gov.nist.javax.sip.message.MessageFactoryImpl();
        provider.addSipListener(new SipListener() {
            @Override
            public void processRequest(RequestEvent event) {
                try {
                    Request request = event.getRequest();
                    if (Request.ACK.equals(request.getMethod())) {
                        return;
                    }
                    ServerTransaction tx = event.getServerTransaction() != null ? event.getServerTransaction()
                            : provider.getNewServerTransaction(request);
                    Response ok = messages.createResponse(Response.OK, request);
                    tx.sendResponse(ok);
                    answered.incrementAndGet();
                } catch (Exception e) {
                    // a retransmission racing its transaction: ignore, as a bare echo would
                }
            }

            @Override
            public void processResponse(ResponseEvent event) {
            }

            @Override
            public void processTimeout(TimeoutEvent event) {
            }

            @Override
            public void processIOException(IOExceptionEvent event) {
            }

            @Override
            public void processTransactionTerminated(TransactionTerminatedEvent event) {
            }

            @Override
            public void processDialogTerminated(DialogTerminatedEvent event) {
            }
        });
    }

    int port() {
        return point.getPort();
    }

    @Override
    public void close() {
        stack.stop();
    }
}
