package io.zhian.mqtt;

/** Where devices, simulators and tests connect. */
public interface MqttEndpoint {

    /** The broker URL, e.g. {@code tcp://127.0.0.1:18830}. */
    String url();

    /** Whether the platform runs its own MQTT endpoint (else it uses an external broker). */
    boolean embedded();

    /** Messages received that no subscription wanted, since start. */
    long unroutedCount();

    /** Messages moved to the dead-letter table after repeated handler failures, since start. */
    long deadLetterCount();
}
