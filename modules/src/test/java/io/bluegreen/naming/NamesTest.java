package io.bluegreen.naming;

import org.junit.jupiter.api.Test;

import static io.bluegreen.testing.Synth.assertInvalid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NamesTest {
    @Test
    void keepsNameThatFitsTheLimit() {
        assertEquals("checkout-prod-blue", new Names("checkout", "prod").physical("blue", NameLimit.LOAD_BALANCER));
    }

    @Test
    void shortensToTheLimitDeterministicallyAndKeepsTheRole() {
        Names names = new Names("payments-gateway-api", "production");
        String blue = names.physical("blue", NameLimit.LOAD_BALANCER);
        String green = names.physical("green", NameLimit.LOAD_BALANCER);
        assertTrue(blue.length() <= 32, blue);
        assertTrue(green.length() <= 32, green);
        assertTrue(blue.endsWith("-blue"), blue);
        assertTrue(green.endsWith("-green"), green);
        assertEquals(blue, names.physical("blue", NameLimit.LOAD_BALANCER));
        assertTrue(blue.startsWith("payments-gateway"), blue);
        assertTrue(blue.matches("^[a-z0-9]+(-[a-z0-9]+)*$"), "no leading, trailing or double hyphens: " + blue);
    }

    @Test
    void shortenedNamesDifferAcrossEnvironments() {
        String a = new Names("payments-gateway-api", "staging").physical("green", NameLimit.LOAD_BALANCER);
        String b = new Names("payments-gateway-api", "stagingtwo").physical("green", NameLimit.LOAD_BALANCER);
        assertNotEquals(a, b);
    }

    @Test
    void failsForUpperCaseService() {
        assertInvalid(() -> new Names("Checkout", "dev"), "service", "'Checkout'", "lowercase");
    }

    @Test
    void failsForServiceLongerThanTheBound() {
        assertInvalid(() -> new Names("a-very-long-service-name", "dev"), "service", "2 to 20 characters");
    }

    @Test
    void failsForEnvironmentWithSpaces() {
        assertInvalid(() -> new Names("checkout", "my env"), "environment", "'my env'", "no spaces");
    }

    @Test
    void failsForBlankEnvironment() {
        assertInvalid(() -> new Names("checkout", ""), "environment", "''");
    }

    @Test
    void failsForEnvironmentLongerThanTheBound() {
        assertInvalid(() -> new Names("checkout", "integration1"), "environment", "2 to 10 characters");
    }

    @Test
    void failsForRoleThatCannotFitTheLimit() {
        assertInvalid(() -> new Names("checkout", "dev").physical("a-role-that-is-much-too-long-for-alb",
                NameLimit.LOAD_BALANCER), "role", "32 characters");
    }
}
