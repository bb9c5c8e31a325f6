package io.zhian.linking;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Scoring and grouping rules. Weights are in log2 units (a shared bank card, weight 12, is roughly
 * "1 in 4096" evidence); the weight of a link between two cases is the sum over the non-hub
 * identifiers they share, so two weak signals (URL 6 + IP 4) can add up to a series link.
 *
 * @param weights          per-type weight of a shared identifier (>= 0)
 * @param seriesThreshold  minimum link weight for two cases to be in the same series (串案)
 * @param gangThreshold    minimum link weight for the broader gang (团伙) view; must be &lt;= seriesThreshold
 * @param hubPolicy        hub caps, allow and deny lists
 * @param giantShare       the quality report warns when the largest series holds more than this share of cases
 */
public record LinkingConfig(Map<IdentifierType, Integer> weights, int seriesThreshold, int gangThreshold,
                            HubPolicy hubPolicy, double giantShare) {

    public LinkingConfig {
        EnumMap<IdentifierType, Integer> w = new EnumMap<>(IdentifierType.class);
        for (IdentifierType t : IdentifierType.values()) {
            Integer v = Objects.requireNonNull(weights, "weights").get(t);
            if (v == null || v < 0) {
                throw new IllegalArgumentException("weight for " + t + " must be >= 0, was " + v);
            }
            w.put(t, v);
        }
        weights = Map.copyOf(w);
        if (seriesThreshold < 1 || gangThreshold < 1) {
            throw new IllegalArgumentException("thresholds must be >= 1");
        }
        if (gangThreshold > seriesThreshold) {
            // series must refine gangs, so the gang view can never be stricter than the series view
            throw new IllegalArgumentException("gangThreshold must be <= seriesThreshold");
        }
        Objects.requireNonNull(hubPolicy, "hubPolicy");
        if (!(giantShare > 0 && giantShare <= 1)) {
            throw new IllegalArgumentException("giantShare must be in (0, 1]");
        }
    }

    public static LinkingConfig defaults() {
        EnumMap<IdentifierType, Integer> w = new EnumMap<>(IdentifierType.class);
        w.put(IdentifierType.PHONE, 10);
        w.put(IdentifierType.BANK_CARD, 12);
        w.put(IdentifierType.DEVICE_ID, 11);
        w.put(IdentifierType.PAYMENT_ACCOUNT, 10);
        w.put(IdentifierType.IM_ACCOUNT, 9);
        w.put(IdentifierType.URL, 6);
        w.put(IdentifierType.IP, 4);
        w.put(IdentifierType.APP_NAME, 2);
        return new LinkingConfig(w, 10, 6, HubPolicy.defaults(), 0.05);
    }

    public int weight(IdentifierType type) {
        return weights.get(type);
    }

    public LinkingConfig withWeight(IdentifierType type, int weight) {
        EnumMap<IdentifierType, Integer> w = new EnumMap<>(weights);
        w.put(type, weight);
        return new LinkingConfig(w, seriesThreshold, gangThreshold, hubPolicy, giantShare);
    }

    public LinkingConfig withThresholds(int series, int gang) {
        return new LinkingConfig(weights, series, gang, hubPolicy, giantShare);
    }

    public LinkingConfig withHubPolicy(HubPolicy policy) {
        return new LinkingConfig(weights, seriesThreshold, gangThreshold, policy, giantShare);
    }

    public LinkingConfig withGiantShare(double share) {
        return new LinkingConfig(weights, seriesThreshold, gangThreshold, hubPolicy, share);
    }
}
