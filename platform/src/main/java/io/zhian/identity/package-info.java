/**
 * Users, roles and data scope; sign-in with password rules, lockout, idle timeout, forced password
 * change and a TOTP second factor for administrators; API tokens for machine clients. Implements
 * {@link io.zhian.shared.ActorProvider}, so other modules learn who acts, and in what scope, without
 * depending on this module.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Identity and access")
package io.zhian.identity;
