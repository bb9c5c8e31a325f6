/**
 * 反电诈: the fraud-case register, case linking into series (串案) and gangs (团伙) with the
 * {@code linking} engine, evidence chains, 研判会商 records, analyst must/cannot-link decisions,
 * series assignment to units, statistics, and CSV/Excel import.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Anti-fraud")
package io.zhian.antifraud;
