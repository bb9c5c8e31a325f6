package io.zhian.shared;

/** One field and the reason it was refused. */
public record FieldProblem(String field, String reason) {}
