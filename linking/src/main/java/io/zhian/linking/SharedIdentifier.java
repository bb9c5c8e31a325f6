package io.zhian.linking;

/** An identifier two cases share, with the weight it contributes to their link. */
public record SharedIdentifier(Identifier identifier, int weight) {
}
