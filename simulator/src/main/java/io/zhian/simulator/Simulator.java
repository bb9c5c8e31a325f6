package io.zhian.simulator;

/** Placeholder main; replaced below. */
public final class Simulator {
    public static void main(String[] args) {
    }
}
