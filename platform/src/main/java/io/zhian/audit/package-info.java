/**
 * Append-only, hash-chained audit log: logins, failures, denials, every change and every read of
 * unmasked personal data. Audit administrators browse, filter, export and verify it.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Audit")
package io.zhian.audit;
