package io.zhian.antifraud;

/** Published after a case was recorded and linked: ids only. */
public record FraudCaseLinked(long caseId, long seriesId, int seriesSize) {}
