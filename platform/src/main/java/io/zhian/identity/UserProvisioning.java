package io.zhian.identity;

import io.zhian.identity.internal.UserStore;
import io.zhian.shared.Role;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creates accounts without an acting administrator: for the demo city and the first start. The
 * administrative path with all its checks is the users page and API.
 */
@Service
public class UserProvisioning {

    private final UserStore store;

    UserProvisioning(UserStore store) {
        this.store = store;
    }

    public boolean anyUserExists() {
        return store.count() > 0;
    }

    @Transactional
    public long create(NewUser user, Role role, ScopeKind scope, Long scopeRegionId) {
        long id = store.insert(user, null);
        store.assign(id, role, scope, scopeRegionId, null);
        return id;
    }
}
