package io.zhian.survey.internal;

import java.util.List;

/**
 * One question of a form version.
 *
 * @param relevant empty, or a condition on an earlier answer: {@code ${name} = 'choice'},
 *                 {@code ${name} != 'choice'} or {@code selected(${name}, 'choice')} (XLSForm syntax)
 */
public record Question(String name, QuestionType type, String label, boolean required, String relevant, List<Choice> choices) {

    public record Choice(String name, String label) {}

    public Question {
        relevant = relevant == null ? "" : relevant.strip();
        choices = choices == null ? List.of() : List.copyOf(choices);
    }

    /** The scale level (1..5) of a choice, 0 when the choice is not one of the five levels. */
    public int level(String choiceName) {
        for (int i = 0; i < choices.size() && i < 5; i++) {
            if (choices.get(i).name().equals(choiceName)) {
                return i + 1;
            }
        }
        return 0;
    }

    public String choiceLabel(String choiceName) {
        return choices.stream().filter(c -> c.name().equals(choiceName)).map(Choice::label).findFirst().orElse(choiceName);
    }
}
