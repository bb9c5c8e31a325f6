package io.zhian.shared;

import java.util.Optional;

/**
 * Resolves the acting user of the current request. Implemented by the identity module; modules
 * depend on this interface only, so none of them needs identity's internals.
 */
public interface ActorProvider {

    Optional<Actor> current();

    /** The acting user, or an exception when the request is not authenticated. */
    default Actor require() {
        return current().orElseThrow(() -> new NotFoundException("actor", "not signed in"));
    }
}
