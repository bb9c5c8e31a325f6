package io.zhian.shared;

import java.util.EnumSet;
import java.util.Set;

/** The roles a user can hold. The three administrator roles are kept apart (三员分立). */
public enum Role {
    CITY_ADMIN,
    SECURITY_ADMIN,
    AUDIT_ADMIN,
    TOWNSHIP_OFFICER,
    GRID_WORKER,
    PROPERTY_MANAGER,
    POLICE_DISPATCHER,
    MEDIATOR,
    LIAISON_OFFICER,
    SURVEYOR,
    /** 反诈研判员: links fraud cases, records consultations and decisions */
    FRAUD_ANALYST;

    public static final Set<Role> ADMINISTRATORS = EnumSet.of(CITY_ADMIN, SECURITY_ADMIN, AUDIT_ADMIN);

    public boolean isAdministrator() {
        return ADMINISTRATORS.contains(this);
    }

    /** Spring Security authority name. */
    public String authority() {
        return "ROLE_" + name();
    }

    /** Message key for the role's display name. */
    public String messageKey() {
        return "role." + name();
    }
}
