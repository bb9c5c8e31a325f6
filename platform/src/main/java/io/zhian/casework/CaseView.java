package io.zhian.casework;

import java.time.Instant;
import java.util.List;

/** A case as users and clients see it: parties masked, the actions its state allows. */
public record CaseView(long id, String caseNo, String typeCode, String typeName, String title, String description,
                       long regionId, String regionName, long handlingRegionId, String handlingRegionName, Channel channel,
                       CaseState state, CaseOutcome outcome, String outcomeReason, Long assigneeUnitId, String assigneeUnitName,
                       Long assigneeUserId, String assigneeName, String previousName, boolean returnedToMe, boolean escalated,
                       int reopenCount, Instant dueAt, boolean overdue, Instant createdAt, Instant updatedAt, Instant finishedAt,
                       List<PartyView> parties, List<String> allowedActions, int version) {

    /** A party with name and phone masked. */
    public record PartyView(long id, String role, String name, String phone) {}

    /** One timeline row: who did what, when, from which state to which. */
    public record TimelineEntry(Instant at, String actorName, String action, CaseState fromState, CaseState toState,
                                String unitName, String note) {}
}
