package io.zhian.casework;

/** How a case reached us. */
public enum Channel {
    WALK_IN, HOTLINE, GRID_WORKER, ONLINE, REFERRAL;

    public static Channel parse(String value) {
        if (value == null) {
            return null;
        }
        for (Channel c : values()) {
            if (c.name().equalsIgnoreCase(value.strip())) {
                return c;
            }
        }
        return null;
    }
}
