package io.zhian.antifraud;

/** Telecom fraud types as the public-security statistics name them. */
public enum FraudType {
    REBATE_TASK("刷单返利"),
    FAKE_INVESTMENT("虚假投资理财"),
    FAKE_LOAN("虚假网络贷款"),
    FAKE_CUSTOMER_SERVICE("冒充电商物流客服"),
    IMPERSONATE_AUTHORITY("冒充公检法"),
    GAME_TRADE("网络游戏虚假交易"),
    FAKE_CREDIT_REPAIR("虚假征信"),
    IMPERSONATE_ACQUAINTANCE("冒充领导熟人"),
    ONLINE_DATING("网络婚恋交友"),
    OTHER("其他");

    private final String chinese;

    FraudType(String chinese) {
        this.chinese = chinese;
    }

    public String chinese() {
        return chinese;
    }

    /** By code or Chinese name; null when neither. */
    public static FraudType parse(String value) {
        if (value == null) {
            return null;
        }
        String v = value.strip();
        for (FraudType t : values()) {
            if (t.name().equalsIgnoreCase(v) || t.chinese.equals(v)) {
                return t;
            }
        }
        return null;
    }
}
