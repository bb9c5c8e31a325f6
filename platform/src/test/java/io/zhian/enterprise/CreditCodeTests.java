package io.zhian.enterprise;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** GB 32100-2015 check character, against codes computed here independently. */
class CreditCodeTests {

    private static final String CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static final int[] W = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

    /** Appends the check character, computed without the class under test. */
    static String withCheck(String first17) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += CHARS.indexOf(first17.charAt(i)) * W[i];
        }
        int c = 31 - sum % 31;
        return first17 + CHARS.charAt(c == 31 ? 0 : c);
    }

    @Test
    void syntheticCodesWithTheirCheckCharacterAreValid() {
        for (String body : new String[] {"91999901MA0000001", "12999900000000000", "52999900K12345678", "Y1999900ABCDEFGHJ",
                "93999900000000019", "N2999900QRTUWXY00"}) {
            String code = withCheck(body);
            assertThat(CreditCode.problem(code)).as(code).isEmpty();
            if (!code.equals(code.toLowerCase())) {
                assertThat(CreditCode.isValid(code.toLowerCase())).isFalse(); // callers normalise first
            }
            assertThat(CreditCode.isValid(CreditCode.normalise(" " + code.toLowerCase() + " "))).isTrue();
        }
        // a body whose sum is a multiple of 31 gets check character 0 (31 → 0)
        String zeroCheck = CHARS.chars().mapToObj(c -> withCheck("91999901MA000000" + (char) c))
                .filter(code -> code.endsWith("0")).findFirst().orElseThrow();
        assertThat(CreditCode.problem(zeroCheck)).as(zeroCheck).isEmpty();
        assertThat(CreditCode.checkCharacter("00000000000000000")).contains('0');
    }

    @Test
    void wrongCodesAreRefusedWithAReason() {
        String good = withCheck("91999901MA0000001");
        char wrong = good.charAt(17) == '0' ? '1' : '0';
        assertThat(CreditCode.problem(good.substring(0, 17) + wrong)).get().asString().contains("check character");
        assertThat(CreditCode.problem(good.substring(0, 17))).get().asString().contains("18 characters");
        assertThat(CreditCode.problem(null)).contains("is required");
        assertThat(CreditCode.problem("91999901MA00000O1X")).get().asString().contains("not allowed");
        assertThat(CreditCode.problem(withCheck("B1999901MA0000001"))).get().asString().contains("registration authority");
        assertThat(CreditCode.problem(withCheck("94999901MA0000001"))).get().asString().contains("organisation type");
        assertThat(CreditCode.problem(withCheck("91ABCD01MA0000001"))).get().asString().contains("division code");
        // swapping two characters is caught by the check character
        String swapped = good.charAt(9) + "" + good.charAt(8);
        assertThat(CreditCode.isValid(good.substring(0, 8) + swapped + good.substring(10))).isFalse();
    }
}
