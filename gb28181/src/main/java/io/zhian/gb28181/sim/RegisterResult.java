package io.zhian.gb28181.sim;

/**
 * What happened to a (simulated) REGISTER.
 *
 * @param statusCode     final status of the last REGISTER sent (200 on success)
 * @param dateHeader     the Date header text of that response, or null
 * @param challengeNonce nonce of the last 401 challenge seen, or null
 * @param stale          whether that challenge said stale=true
 */
public record RegisterResult(int statusCode, String dateHeader, String challengeNonce, boolean stale) {

    public boolean ok() {
        return statusCode >= 200 && statusCode < 300;
    }
}
