package io.bluegreen.platform.existingservers;

import io.bluegreen.validation.Check;

import java.util.regex.Pattern;

/**
 * One tag CodeDeploy selects servers by: a key and a value (KEY_AND_VALUE), or a key alone (KEY_ONLY: any value).
 *
 * @param key the tag key: 1-128 characters EC2 and CodeDeploy accept in tag keys, not starting with {@code aws:}
 * @param value the tag value (0-256 characters), or null for any value of the key
 */
public record ServerTag(String key, String value) {
    /** EC2's tag key and value characters (letters, digits, spaces and + - = . _ : / @). */
    private static final Pattern KEY = Pattern.compile("^[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]{1,128}$");
    private static final Pattern VALUE = Pattern.compile("^[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]{0,256}$");

    public ServerTag {
        Check check = Check.in("ServerTag");
        check.require(key != null && !key.isBlank(), "key", key, "a tag key (an empty key would select nothing, or"
                + " everything with the value)", "name the tag key, e.g. \"bluegreen:service\"");
        check.matches("key", key, KEY, "1-128 letters, digits, spaces and + - = . _ : / @ (EC2's tag key characters)",
                "use the key exactly as the servers carry it");
        check.require(!key.toLowerCase(java.util.Locale.ROOT).startsWith("aws:"), "key", key,
                "a key of your own (aws: keys belong to AWS)", "tag the servers with a key of your own");
        if (value != null) {
            check.matches("value", value, VALUE, "0-256 letters, digits, spaces and + - = . _ : / @", "fix the value");
        }
    }

    /** Servers carrying {@code key} with {@code value}. */
    public static ServerTag of(String key, String value) {
        return new ServerTag(key, value);
    }

    /** Servers carrying {@code key}, whatever its value. */
    public static ServerTag key(String key) {
        return new ServerTag(key, null);
    }

    /** CodeDeploy's filter type for this tag. */
    public String type() {
        return value == null ? "KEY_ONLY" : "KEY_AND_VALUE";
    }

    @Override
    public String toString() {
        return value == null ? key : key + "=" + value;
    }
}
