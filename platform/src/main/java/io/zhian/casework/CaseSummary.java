package io.zhian.casework;

import java.time.Instant;

/**
 * What another module needs to count results of cases it raised: state, outcome, and whether the case
 * left its first handling level (escalated, or transferred to another unit). Carries no personal data.
 */
public record CaseSummary(long id, String caseNo, String title, CaseState state, CaseOutcome outcome, boolean escalated, boolean handedOn,
                          Instant createdAt, Instant finishedAt, long regionId, long handlingRegionId, Long assigneeUnitId) {}
