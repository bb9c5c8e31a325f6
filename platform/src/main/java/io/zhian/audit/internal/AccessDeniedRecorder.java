package io.zhian.audit.internal;

import io.zhian.audit.AuditTrail;
import io.zhian.shared.AccessDenied;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Records refusals as they happen. Synchronous on purpose: a denial is usually followed by a
 * rolled-back request, and its audit row must be written regardless.
 */
@Component
class AccessDeniedRecorder {

    private final AuditTrail audit;

    AccessDeniedRecorder(AuditTrail audit) {
        this.audit = audit;
    }

    @EventListener
    void on(AccessDenied denied) {
        audit.recordIndependently(null, null, null, "ACCESS_DENIED", denied.objectType(), denied.objectId(),
                AuditTrail.Outcome.DENIED, denied.reason());
    }
}
