/**
 * Governance casework (矛盾纠纷、企业诉求 …): one case mechanism for every case type — a type registry,
 * case numbers, parties, working-day due times with the public-holiday calendar, a state machine with
 * honest outcomes, send-back, transfer, escalation up the region tree, work queues, statistics, and
 * citizen intake through an Open311 GeoReport v2 API.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Governance casework")
package io.zhian.casework;
