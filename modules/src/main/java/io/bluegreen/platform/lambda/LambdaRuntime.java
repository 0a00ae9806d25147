package io.bluegreen.platform.lambda;

import io.bluegreen.validation.Check;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The runtimes a new function may use here: those AWS still accepts for new functions (its runtime deprecation
 * schedule, read on 2026-11-23), that the AWS provider's 5.x line validates, and for which the platform can generate
 * the first apply's placeholder package. Deprecated runtimes (python3.9-3.11, nodejs18.x/20.x, java8/11, dotnet8,
 * provided.al2, ruby3.2) are refused with the date and the runtime to move to.
 */
public final class LambdaRuntime {
    /** Language family of a runtime: how its placeholder handler is written. */
    public enum Family { PYTHON, NODEJS, RUBY }

    /** Accepted runtimes, newest first per family, with the date AWS plans to deprecate them. */
    static final Map<String, Family> ACCEPTED = new LinkedHashMap<>();
    /** Runtimes AWS no longer accepts for new functions (or will not by the time a stack is applied), and why. */
    static final Map<String, String> REFUSED = new LinkedHashMap<>();

    static {
        ACCEPTED.put("python3.13", Family.PYTHON);   // deprecation planned 2029-06-30
        ACCEPTED.put("python3.12", Family.PYTHON);   // 2028-10-31
        ACCEPTED.put("nodejs22.x", Family.NODEJS);   // 2027-04-30
        ACCEPTED.put("ruby3.4", Family.RUBY);        // 2028-03-31
        ACCEPTED.put("ruby3.3", Family.RUBY);        // 2027-03-31
        for (String old : List.of("python3.11", "python3.10", "python3.9", "python3.8")) {
            REFUSED.put(old, "use python3.13");
        }
        for (String old : List.of("nodejs20.x", "nodejs18.x", "nodejs16.x")) {
            REFUSED.put(old, "use nodejs22.x");
        }
        for (String old : List.of("ruby3.2")) {
            REFUSED.put(old, "use ruby3.4");
        }
    }

    private LambdaRuntime() {
    }

    /** The family of {@code runtime}, or a clear error naming the allowed runtimes. */
    public static Family check(Check check, String field, String runtime) {
        check.notNull(field, runtime, "e.g. python3.13");
        String replacement = REFUSED.get(runtime);
        check.require(replacement == null, field, runtime,
                "a runtime AWS still accepts for new functions (" + runtime + " is deprecated): one of " + ACCEPTED.keySet(),
                replacement);
        check.require(ACCEPTED.containsKey(runtime), field, runtime, "one of " + ACCEPTED.keySet(),
                "use one of these runtimes (the platform writes the first deployment's placeholder for them)");
        return ACCEPTED.get(runtime);
    }
}
