/**
 * Dispute mediation (矛盾纠纷调处): disputes as casework cases with a category, a risk grade and
 * escalation-risk flags that notify the township; people's, administrative, judicial and court-linked
 * mediation; agreements with obligations, printable with embedded Chinese fonts; judicial confirmation
 * within 30 days; follow-up visits; live statistics; and the 五零平安村 zero-count checklist per village.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Dispute mediation")
package io.zhian.mediation;
