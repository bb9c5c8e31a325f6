/**
 * 双提升 assessment (考评): configurable indicators such as the "两量两率" bundle, fed by other modules'
 * live figures ({@link io.zhian.shared.FigureProvider}) or by figures entered by hand; scores and rankings
 * of townships and units per month, quarter and year with the breakdown behind each score; 联乡包促
 * pairings of city units with townships and their tasks; supervision inspections (督导) with rectification
 * follow-up and sanctions (通报批评、约谈、挂牌整治、取消评先评优资格); and the publicity log (宣传).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Assessment and supervision")
package io.zhian.assessment;
