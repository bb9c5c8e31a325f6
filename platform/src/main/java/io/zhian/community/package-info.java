/**
 * 智安小区 (smart safe compounds): compounds, buildings, houses and residents (以房管人) with encrypted,
 * masked personal data; door controllers, credentials with a non-face alternative always kept, face
 * consent; access events over an HTTP webhook and MQTT; visitor passes; police data requests with an
 * approver and an expiry; the one-key alarm (published as {@link io.zhian.alarms.AlarmRequested}); and
 * a live compound board.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Smart safe compounds")
package io.zhian.community;
