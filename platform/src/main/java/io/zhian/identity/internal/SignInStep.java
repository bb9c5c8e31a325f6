package io.zhian.identity.internal;

/** What a signed-in session must still do before it may use the platform. */
public enum SignInStep {
    DONE, TOTP, CHANGE_PASSWORD, ENROL_TOTP;

    /** The page that handles the step. */
    public String page() {
        return switch (this) {
            case TOTP -> "/login/totp";
            case CHANGE_PASSWORD -> "/account/password";
            case ENROL_TOTP -> "/account/totp";
            case DONE -> "/";
        };
    }
}
