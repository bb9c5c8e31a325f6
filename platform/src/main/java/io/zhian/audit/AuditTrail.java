package io.zhian.audit;

import io.zhian.audit.internal.AuditLog;
import io.zhian.shared.Actor;
import io.zhian.shared.ActorProvider;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Records audit events. {@link #record} joins the caller's transaction, so a change and its audit
 * row commit or roll back together. {@link #recordIndependently} commits on its own, for events that
 * must survive the caller's rollback (failed logins, denials).
 */
@Service
public class AuditTrail {

    public enum Outcome { SUCCESS, FAILURE, DENIED }

    private final AuditLog log;
    // lazy: the actor provider itself depends (through regions) on this class
    private final ObjectProvider<ActorProvider> actors;
    private final TransactionTemplate required;
    private final TransactionTemplate requiresNew;

    AuditTrail(AuditLog log, ObjectProvider<ActorProvider> actors, PlatformTransactionManager tx) {
        this.log = log;
        this.actors = actors;
        this.required = new TransactionTemplate(tx);
        this.requiresNew = new TransactionTemplate(tx);
        this.requiresNew.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** A successful change or read by the current user, in the caller's transaction. */
    public void record(String action, String objectType, Object objectId, String detail) {
        Optional<Actor> actor = actors.getObject().current();
        write(required, new AuditLog.Entry(
                actor.map(Actor::userId).orElse(null), actor.map(Actor::username).orElse(null),
                actor.map(Actor::unitId).orElse(null), clientAddress(), action, objectType,
                objectId == null ? null : String.valueOf(objectId), Outcome.SUCCESS.name(), null, detail));
    }

    /** A read of unmasked personal data, with the reason the user gave. */
    public void recordPersonalDataRead(String objectType, Object objectId, String field, String reason) {
        Optional<Actor> actor = actors.getObject().current();
        write(requiresNew, new AuditLog.Entry(
                actor.map(Actor::userId).orElse(null), actor.map(Actor::username).orElse(null),
                actor.map(Actor::unitId).orElse(null), clientAddress(), "PERSONAL_DATA_READ", objectType,
                String.valueOf(objectId), Outcome.SUCCESS.name(), reason, "field=" + field));
    }

    /** An event that must be kept even if the caller's transaction rolls back. */
    public void recordIndependently(Long userId, String username, Long unitId, String action,
                                    String objectType, Object objectId, Outcome outcome, String reason) {
        if (userId == null && username == null) {
            Optional<Actor> actor = actors.getObject().current();
            if (actor.isPresent()) {
                userId = actor.get().userId();
                username = actor.get().username();
                unitId = actor.get().unitId();
            }
        }
        write(requiresNew, new AuditLog.Entry(userId, username, unitId, clientAddress(), action, objectType,
                objectId == null ? null : String.valueOf(objectId), outcome.name(), reason, null));
    }

    private void write(TransactionTemplate tx, AuditLog.Entry entry) {
        tx.executeWithoutResult(status -> log.append(entry));
    }

    private static String clientAddress() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attrs) {
            HttpServletRequest request = attrs.getRequest();
            return request.getRemoteAddr();
        }
        return null;
    }
}
