package io.zhian.identity;

/** A user account to create. The password must meet the policy; {@code mustChange} forces a change at first sign-in. */
public record NewUser(String username, String displayName, String phone, long unitId, String password, boolean mustChange) {}
