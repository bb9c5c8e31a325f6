package io.zhian.gb28181;

/** A MANSCDP (GB/T 28181 XML) body that cannot be used: undecodable, not XML, a DTD, or no CmdType. */
public final class MalformedManscdpException extends Exception {

    public MalformedManscdpException(String message) {
        super(message);
    }

    public MalformedManscdpException(String message, Throwable cause) {
        super(message, cause);
    }
}
