/**
 * Shared kernel used by every module: the data scope value object, the acting user, roles,
 * masking of personal data, navigation entries, problem-detail errors and import reports.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Shared kernel",
        type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package io.zhian.shared;
