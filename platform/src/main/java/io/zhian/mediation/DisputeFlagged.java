package io.zhian.mediation;

import java.util.List;

/**
 * A dispute was registered with escalation-risk flags, or re-graded with a new one (扬言暴力, 重复纠纷, 群体性, 弱势当事人);
 * the township it belongs to has been notified. Ids and flag codes only, never personal data.
 */
public record DisputeFlagged(long disputeId, long caseId, long townshipId, List<String> flags, int priority) {}
