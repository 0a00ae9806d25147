package io.bluegreen.validation;

/**
 * Thrown at synth time when a construct's props or an environment's config hold a value AWS would reject
 * (or that would break blue/green deployments). The message always names where the value came from, the
 * field, the value given, what is allowed and how to fix it, so a user can act on it without reading code.
 */
public final class InvalidConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String where;
    private final String field;
    private final String detail;

    public InvalidConfigException(String where, String field, Object value, String allowed, String fix) {
        this(where, field, describe(field, value) + " is not allowed: " + allowed + ". Fix: " + fix);
    }

    private InvalidConfigException(String where, String field, String detail) {
        super(where + ": " + detail);
        this.where = where;
        this.field = field;
        this.detail = detail;
    }

    /** The same error, seen from an enclosing scope (for example "environment 'prod'"). */
    public InvalidConfigException within(String outer) {
        if (where.startsWith(outer)) {
            return this;
        }
        InvalidConfigException wrapped = new InvalidConfigException(outer + " > " + where, field, detail);
        wrapped.setStackTrace(getStackTrace());
        return wrapped;
    }

    public String where() {
        return where;
    }

    public String field() {
        return field;
    }

    private static String describe(String field, Object value) {
        if (value == null) {
            return field + " is missing and";
        }
        if (value instanceof CharSequence s) {
            return field + " = '" + s + "'";
        }
        return field + " = " + value;
    }
}
