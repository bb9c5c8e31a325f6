package io.zhian.mediation.internal;

/** Explicit escalation-risk flags (民转刑、刑转命 prevention): any of them notifies the township. */
enum RiskFlag {
    VIOLENCE, REPEAT, GROUP, VULNERABLE;

    static RiskFlag parse(String v) {
        return Enums.parse(RiskFlag.class, v);
    }
}
