/**
 * 双提升 surveys: versioned questionnaires (authored in the UI or imported from an XLSForm sheet),
 * household-visit campaigns (大走访) over the villages with teams, visit tasks and coverage, a phone form
 * that queues answers offline and sends each once, review by township officers, configurable indices
 * (安全感率, 满意率, weighted scores with Wilson intervals) and external rankings against targets. Offers
 * its figures to other modules through {@link io.zhian.shared.FigureProvider}.
 *
 * <p>Privacy: answers carry the campaign, village, month and form version, never a name or a household;
 * the household is known only to the visit task, which serves coverage.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Surveys (双提升)")
package io.zhian.survey;
