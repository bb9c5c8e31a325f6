package io.zhian.survey.internal;

import io.zhian.shared.FieldProblem;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The rules of a questionnaire: what a valid question list is, when a question is shown, what a valid answer is. */
public final class FormRules {

    static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");
    private static final Pattern COMPARE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}\\s*(=|!=)\\s*'([^']*)'");
    private static final Pattern SELECTED = Pattern.compile("selected\\(\\s*\\$\\{([A-Za-z_][A-Za-z0-9_]*)}\\s*,\\s*'([^']*)'\\s*\\)");
    static final int MAX_QUESTIONS = 200;

    /** A parsed condition: question {@code name} {@code op} ("=", "!=", "selected") {@code value}. */
    public record Condition(String question, String op, String value) {}

    private FormRules() {}

    /** Null for an empty condition; throws IllegalArgumentException with a reason for a bad one. */
    public static Condition parse(String relevant) {
        if (relevant == null || relevant.isBlank()) {
            return null;
        }
        String r = relevant.strip();
        Matcher m = COMPARE.matcher(r);
        if (m.matches()) {
            return new Condition(m.group(1), m.group(2), m.group(3));
        }
        m = SELECTED.matcher(r);
        if (m.matches()) {
            return new Condition(m.group(1), "selected", m.group(2));
        }
        throw new IllegalArgumentException("must look like ${question} = 'choice', ${question} != 'choice' or "
                + "selected(${question}, 'choice')");
    }

    /** Problems of one question given the questions before it; field names are prefixed with {@code prefix}. */
    public static List<FieldProblem> check(Question q, List<Question> before, String prefix) {
        List<FieldProblem> problems = new ArrayList<>();
        if (q.name() == null || !NAME.matcher(q.name()).matches()) {
            problems.add(new FieldProblem(prefix + "name", "must start with a letter or _ and hold only letters, digits and _ (at most 64)"));
        } else if (before.stream().anyMatch(b -> b.name().equals(q.name()))) {
            problems.add(new FieldProblem(prefix + "name", "'" + q.name() + "' is used by an earlier question"));
        }
        if (q.type() == null) {
            problems.add(new FieldProblem(prefix + "type", "is required"));
        }
        if (q.label() == null || q.label().isBlank()) {
            problems.add(new FieldProblem(prefix + "label", "is required"));
        } else if (q.label().length() > 500) {
            problems.add(new FieldProblem(prefix + "label", "must be at most 500 characters"));
        }
        if (q.type() != null && q.type().hasChoices()) {
            if (q.choices().size() < 2) {
                problems.add(new FieldProblem(prefix + "choices", "a " + q.type() + " question needs at least 2 choices"));
            }
            if (q.type() == QuestionType.SCALE5 && q.choices().size() < 5) {
                problems.add(new FieldProblem(prefix + "choices", "a five-level scale needs its 5 levels, best first"));
            }
            Set<String> seen = new HashSet<>();
            for (Question.Choice c : q.choices()) {
                if (c.name() == null || c.name().isBlank() || c.label() == null || c.label().isBlank()) {
                    problems.add(new FieldProblem(prefix + "choices", "every choice needs a name and a label"));
                    break;
                }
                if (!seen.add(c.name())) {
                    problems.add(new FieldProblem(prefix + "choices", "choice '" + c.name() + "' appears twice"));
                    break;
                }
            }
        } else if (!q.choices().isEmpty()) {
            problems.add(new FieldProblem(prefix + "choices", "only choice and scale questions have choices"));
        }
        try {
            Condition c = parse(q.relevant());
            if (c != null) {
                Question target = before.stream().filter(b -> b.name().equals(c.question())).findFirst().orElse(null);
                if (target == null) {
                    problems.add(new FieldProblem(prefix + "relevant", "refers to '" + c.question() + "', which is not an earlier question"));
                } else if (target.type().hasChoices() && target.choices().stream().noneMatch(ch -> ch.name().equals(c.value()))) {
                    problems.add(new FieldProblem(prefix + "relevant", "'" + c.value() + "' is not a choice of " + c.question()));
                }
            }
        } catch (IllegalArgumentException e) {
            problems.add(new FieldProblem(prefix + "relevant", e.getMessage()));
        }
        return problems;
    }

    /** Problems of a whole question list (for publishing). */
    public static List<FieldProblem> check(List<Question> questions) {
        List<FieldProblem> problems = new ArrayList<>();
        if (questions.isEmpty()) {
            problems.add(new FieldProblem("questions", "a form needs at least one question"));
        }
        if (questions.size() > MAX_QUESTIONS) {
            problems.add(new FieldProblem("questions", "at most " + MAX_QUESTIONS + " questions"));
        }
        for (int i = 0; i < questions.size(); i++) {
            problems.addAll(check(questions.get(i), questions.subList(0, i), "questions[" + (i + 1) + "]."));
        }
        return problems;
    }

    /** Whether a question is shown, given the answers so far. */
    public static boolean shown(Question q, Map<String, Object> answers) {
        Condition c = parse(q.relevant());
        if (c == null) {
            return true;
        }
        Object a = answers.get(c.question());
        List<String> values = a == null ? List.of() : a instanceof List<?> l ? l.stream().map(String::valueOf).toList()
                : List.of(String.valueOf(a));
        return switch (c.op()) {
            case "=", "selected" -> values.contains(c.value());
            default -> !values.contains(c.value());
        };
    }

    /**
     * The answers as they will be stored: answers to hidden questions dropped, multiple choices as lists,
     * numbers as text. Every problem is reported with the question's name as the field.
     */
    public static Map<String, Object> clean(List<Question> questions, Map<String, Object> answers, List<FieldProblem> problems) {
        Map<String, Object> in = answers == null ? Map.of() : answers;
        Set<String> known = new HashSet<>();
        questions.forEach(q -> known.add(q.name()));
        for (String key : in.keySet()) {
            if (!known.contains(key)) {
                problems.add(new FieldProblem("answers." + key, "is not a question of this form"));
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Question q : questions) {
            if (!shown(q, out)) {
                continue;
            }
            Object a = in.get(q.name());
            boolean empty = a == null || (a instanceof String s && s.isBlank()) || (a instanceof List<?> l && l.isEmpty());
            String field = "answers." + q.name();
            if (empty) {
                if (q.required()) {
                    problems.add(new FieldProblem(field, "is required"));
                }
                continue;
            }
            switch (q.type()) {
                case SINGLE, SCALE5 -> {
                    String v = String.valueOf(a).strip();
                    if (q.choices().stream().noneMatch(c -> c.name().equals(v))) {
                        problems.add(new FieldProblem(field, "'" + v + "' is not one of its choices"));
                    } else {
                        out.put(q.name(), v);
                    }
                }
                case MULTIPLE -> {
                    List<String> vs = a instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of(String.valueOf(a));
                    List<String> bad = vs.stream().filter(v -> q.choices().stream().noneMatch(c -> c.name().equals(v))).toList();
                    if (!bad.isEmpty()) {
                        problems.add(new FieldProblem(field, bad + " are not among its choices"));
                    } else {
                        out.put(q.name(), vs.stream().distinct().toList());
                    }
                }
                case NUMBER -> {
                    try {
                        out.put(q.name(), new BigDecimal(String.valueOf(a).strip()).toPlainString());
                    } catch (NumberFormatException e) {
                        problems.add(new FieldProblem(field, "must be a number"));
                    }
                }
                case TEXT -> {
                    String v = String.valueOf(a).strip();
                    if (v.length() > 2000) {
                        problems.add(new FieldProblem(field, "must be at most 2000 characters"));
                    } else {
                        out.put(q.name(), v);
                    }
                }
            }
        }
        return out;
    }
}
