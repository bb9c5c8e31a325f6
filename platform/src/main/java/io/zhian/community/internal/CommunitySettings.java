package io.zhian.community.internal;

import io.zhian.shared.Role;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** The module's configuration keys (documented in README.md), checked at start-up. */
@Component
class CommunitySettings {

    static final int MAX_RETENTION_DAYS = 180;

    final int accessRetentionDays;
    final Role policeApproverRole;
    final int policeAccessDays;
    final int qrTokenSeconds;

    CommunitySettings(@Value("${zhian.community.access-retention-days:30}") int accessRetentionDays,
                      @Value("${zhian.community.police-approver-role:CITY_ADMIN}") String approver,
                      @Value("${zhian.community.police-access-days:7}") int policeAccessDays,
                      @Value("${zhian.community.qr-token-seconds:300}") int qrTokenSeconds) {
        if (accessRetentionDays < 1 || accessRetentionDays > MAX_RETENTION_DAYS) {
            throw new IllegalStateException("zhian.community.access-retention-days is " + accessRetentionDays
                    + ": access events may be kept 1 to " + MAX_RETENTION_DAYS + " days");
        }
        this.accessRetentionDays = accessRetentionDays;
        this.policeApproverRole = Role.valueOf(approver.strip());
        this.policeAccessDays = policeAccessDays;
        this.qrTokenSeconds = qrTokenSeconds;
    }
}
