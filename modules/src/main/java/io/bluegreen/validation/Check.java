package io.bluegreen.validation;

import java.util.Collection;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Validation helpers for props records. Each helper fails with an {@link InvalidConfigException} that names
 * the owner, the field, the bad value, what is allowed and how to fix it.
 */
public final class Check {
    private final String where;

    private Check(String where) {
        this.where = where;
    }

    /** Checks for the props or config called {@code where} (for example "TrafficLayerProps"). */
    public static Check in(String where) {
        return new Check(where);
    }

    public String where() {
        return where;
    }

    public InvalidConfigException invalid(String field, Object value, String allowed, String fix) {
        return new InvalidConfigException(where, field, value, allowed, fix);
    }

    public <T> T notNull(String field, T value, String fix) {
        if (value == null) {
            throw invalid(field, null, "a value is required", fix);
        }
        return value;
    }

    public String matches(String field, String value, Pattern pattern, String allowed, String fix) {
        notNull(field, value, fix);
        if (!pattern.matcher(value).matches()) {
            throw invalid(field, value, allowed, fix);
        }
        return value;
    }

    public int between(String field, int value, int min, int max, String fix) {
        if (value < min || value > max) {
            throw invalid(field, value, "a whole number from " + min + " to " + max, fix);
        }
        return value;
    }

    public <T extends Collection<?>> T atLeast(String field, T values, int min, String what, String fix) {
        notNull(field, values, fix);
        if (values.size() < min) {
            throw invalid(field, values, "at least " + min + " " + what, fix);
        }
        return values;
    }

    public <T extends Collection<?>> T distinct(String field, T values, String fix) {
        notNull(field, values, fix);
        if (values.stream().distinct().count() != values.size()) {
            throw invalid(field, values, "no value listed twice", fix);
        }
        return values;
    }

    public void require(boolean condition, String field, Object value, String allowed, String fix) {
        if (!condition) {
            throw invalid(field, value, allowed, fix);
        }
    }

    public static <T> T orDefault(T value, T fallback) {
        return Objects.requireNonNullElse(value, fallback);
    }
}
