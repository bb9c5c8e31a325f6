package io.zhian.community;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The GB 11643 check character, on published examples and on mistakes a clerk makes. */
class IdCardNumberTests {

    @Test
    void acceptsNumbersWithTheRightCheckCharacter() {
        assertThat(IdCardNumber.isValid("11010519491231002X")).isTrue();
        assertThat(IdCardNumber.isValid("11010519491231002x")).isTrue();
        assertThat(IdCardNumber.isValid("440524188001010014")).isTrue();
        assertThat(IdCardNumber.checkCharacter("99010119900101123")).isEqualTo(IdCardNumber.checkCharacter("99010119900101123"));
    }

    @Test
    void refusesWrongCheckDigitsShapesAndTransposedDigits() {
        assertThat(IdCardNumber.problem("110105194912310021")).contains("check digit");
        assertThat(IdCardNumber.problem("11010519491231002")).contains("18 characters");
        assertThat(IdCardNumber.problem("1101051949123100AX")).contains("18 characters");
        assertThat(IdCardNumber.problem("")).isEqualTo("is required");
        assertThat(IdCardNumber.isValid("10110519491231002X")).isFalse(); // first two digits swapped
    }
}
