/**
 * Simulated GB/T 28181 devices: one precisely controllable camera ({@link io.zhian.gb28181.sim.SimulatedGbDevice})
 * and a many-camera fleet ({@link io.zhian.gb28181.sim.SimulatedGbFleet}) for tests, the demo and the simulator.
 * A named interface, so that the platform's demo may use it.
 */
@org.springframework.modulith.NamedInterface("sim")
package io.zhian.gb28181.sim;
