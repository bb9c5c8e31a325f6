package io.zhian.shared;

import java.util.List;

/** Input that breaks a rule; carries every field and reason so forms and APIs can show them. */
public class InvalidInputException extends RuntimeException {
    private final List<FieldProblem> problems;

    public InvalidInputException(List<FieldProblem> problems) {
        super(problems.stream().map(p -> p.field() + ": " + p.reason()).reduce((a, b) -> a + "; " + b).orElse("invalid"));
        this.problems = List.copyOf(problems);
    }

    public InvalidInputException(String field, String reason) {
        this(List.of(new FieldProblem(field, reason)));
    }

    public List<FieldProblem> problems() {
        return problems;
    }

    /** Field → reasons (joined), for forms that show each reason beside its field. */
    public java.util.Map<String, String> byField() {
        java.util.Map<String, String> map = new java.util.LinkedHashMap<>();
        for (FieldProblem p : problems) {
            map.merge(p.field(), p.reason(), (a, b) -> a + "; " + b);
        }
        return map;
    }
}
