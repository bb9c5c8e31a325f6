package io.zhian.gb28181.internal;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.parser.MessageParser;
import gov.nist.javax.sip.parser.MessageParserFactory;
import gov.nist.javax.sip.parser.ParseExceptionListener;
import gov.nist.javax.sip.parser.StringMsgParserFactory;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import java.text.ParseException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import javax.sip.SipStack;

/**
 * Wraps JAIN-SIP's message parser so bytes that are not SIP at all (which the stack silently drops) are still
 * reported as malformed. JAIN-SIP creates the factory by class name, so owners register a sink per stack.
 */
public final class CountingMessageParserFactory implements MessageParserFactory {

    private static final Map<SipStack, Consumer<String>> SINKS = new ConcurrentHashMap<>();

    private final StringMsgParserFactory delegate = new StringMsgParserFactory();

    public CountingMessageParserFactory() {
    }

    public static void register(SipStack stack, Consumer<String> sink) {
        SINKS.put(stack, sink);
    }

    public static void unregister(SipStack stack) {
        SINKS.remove(stack);
    }

    @Override
    public MessageParser createMessageParser(SIPTransactionStack stack) {
        MessageParser parser = delegate.createMessageParser(stack);
        return new MessageParser() {
            @Override
            public SIPMessage parseSIPMessage(byte[] bytes, boolean readBody, boolean strict,
                                              ParseExceptionListener listener) throws ParseException {
                try {
                    return parser.parseSIPMessage(bytes, readBody, strict, listener);
                } catch (ParseException e) {
                    report(stack, "unparseable SIP message: " + e.getMessage());
                    throw e;
                } catch (RuntimeException e) {
                    // The NIST parser throws unchecked exceptions on some garbage; never let them escape.
                    report(stack, "unparseable SIP message: " + e);
                    throw new ParseException(String.valueOf(e.getMessage()), 0);
                }
            }
        };
    }

    private static void report(SIPTransactionStack stack, String reason) {
        Consumer<String> sink = SINKS.get(stack);
        if (sink != null) {
            sink.accept(reason.replaceAll("[\\r\\n]+", " ").strip());
        }
    }
}
