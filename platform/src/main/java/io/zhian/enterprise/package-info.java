/**
 * 万人助万企 and 我为群众办实事: enterprises (validated unified social credit codes, masked contacts),
 * liaison-officer pairings (联包) and visits, enterprise problems handled as casework cases of type
 * {@code ENTERPRISE_PROBLEM} with live figures, and practical deeds with counts by unit and month.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Enterprise liaison and practical deeds")
package io.zhian.enterprise;
