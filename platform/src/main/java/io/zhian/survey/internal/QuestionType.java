package io.zhian.survey.internal;

/** Kinds of question. A five-level scale lists its levels best first; a sixth choice (不了解) is not a valid level. */
public enum QuestionType {
    SINGLE, MULTIPLE, SCALE5, TEXT, NUMBER;

    public boolean hasChoices() {
        return this == SINGLE || this == MULTIPLE || this == SCALE5;
    }

    public String messageKey() {
        return "sv.qtype." + name();
    }
}
