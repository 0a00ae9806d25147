package io.bluegreen.naming;

import io.bluegreen.validation.Check;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The one naming helper: every physical name in the project is {@code <service>-<env>-<role>}, lowercase.
 * When that is longer than the resource's AWS limit, the {@code <service>-<env>} part is shortened and a
 * 6-character hash of the full name is inserted before the role: {@code <prefix>-<hash>-<role>}. The result
 * is deterministic, keeps the role readable (blue/green stay distinguishable) and stays unique, because the
 * hash covers the full name.
 *
 * @param service service name: lowercase letters, digits and single hyphens, 2..{@value #MAX_SERVICE_LENGTH}
 * @param environment environment name: lowercase letters and digits, 2..{@value #MAX_ENVIRONMENT_LENGTH}
 */
public record Names(String service, String environment) {
    /** Longest service name; with the environment it must fit readably into a 32-character ALB name. */
    public static final int MAX_SERVICE_LENGTH = 20;
    /** Longest environment name (it is also a stack id and a folder name). */
    public static final int MAX_ENVIRONMENT_LENGTH = 10;

    public static final Pattern SERVICE_PATTERN = Pattern.compile("^[a-z](?:[a-z0-9]|-(?=[a-z0-9]))*$");
    public static final Pattern ENVIRONMENT_PATTERN = Pattern.compile("^[a-z][a-z0-9]*$");
    private static final Pattern ROLE_PATTERN = Pattern.compile("^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9]))*$");
    private static final int HASH_LENGTH = 6;

    public Names {
        Check check = Check.in("Names");
        checkService(check, "service", service);
        checkEnvironment(check, "environment", environment);
    }

    /** The rules for a service name, shared with every config that carries one. */
    public static void checkService(Check check, String field, String service) {
        check.matches(field, service, SERVICE_PATTERN,
                "lowercase letters, digits and single hyphens, starting with a letter",
                "use a DNS-style name such as 'checkout' or 'order-api'");
        check.require(service.length() >= 2 && service.length() <= MAX_SERVICE_LENGTH, field, service,
                "2 to " + MAX_SERVICE_LENGTH + " characters (it is part of every AWS name; ALB names allow only 32)",
                "shorten the service name");
    }

    /** The rules for an environment name, shared with every config that carries one. */
    public static void checkEnvironment(Check check, String field, String environment) {
        check.matches(field, environment, ENVIRONMENT_PATTERN,
                "lowercase letters and digits, starting with a letter (no spaces, hyphens or upper case)",
                "use a short name such as 'dev', 'staging', 'prod' or 'qa2'");
        check.require(environment.length() >= 2 && environment.length() <= MAX_ENVIRONMENT_LENGTH, field,
                environment, "2 to " + MAX_ENVIRONMENT_LENGTH + " characters", "shorten the environment name");
    }

    /** {@code <service>-<env>}: the prefix of every name (also used for tags and state keys). */
    public String base() {
        return service + "-" + environment;
    }

    /** The physical name for {@code role}, shortened deterministically to {@code limit}. */
    public String physical(String role, NameLimit limit) {
        return physical(role, limit.maxLength(), limit.name());
    }

    /** The physical name for {@code role} when a fixed prefix of the caller uses part of the limit. */
    public String physical(String role, NameLimit.Shortened limit) {
        return physical(role, limit.maxLength(), limit.base().name() + " minus prefix");
    }

    private String physical(String role, int max, String limitName) {
        Check.in("Names").matches("role", role, ROLE_PATTERN,
                "lowercase letters, digits and single hyphens", "use a short role such as 'alb' or 'blue'");
        String full = base() + "-" + role;
        if (full.length() <= max) {
            return full;
        }
        int room = max - role.length() - HASH_LENGTH - 2;
        if (room < 1) {
            throw Check.in("Names").invalid("role", role,
                    "a role short enough to fit with a hash into " + max + " characters (" + limitName + ")",
                    "use a shorter role name");
        }
        String prefix = base().substring(0, Math.min(room, base().length())).replaceAll("-+$", "");
        return prefix + "-" + hash(full) + "-" + role;
    }

    static String hash(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, HASH_LENGTH);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
