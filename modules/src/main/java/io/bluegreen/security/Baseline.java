package io.bluegreen.security;

import io.bluegreen.settings.Settings;
import io.bluegreen.validation.Check;

/**
 * The security baseline of an environment: what every service stack of it gets, whichever platform composed it.
 * On by default in prod ({@link #PRODUCTION}), each part an option elsewhere ({@link #OFF} and the {@code with...}
 * methods). What each part adds, and the scanner rules it closes, is in docs/security.md ("The baseline").
 *
 * @param accessLogs an access-log bucket per environment: every ALB's access logs and every bucket's server access
 *                   logs go there
 * @param accessLogDays access logs expire after this many days (1..3650)
 * @param waf a WAFv2 web ACL per environment (AWS common rule set, known bad inputs, a rate limit per client IP)
 *            associated with every internet-facing ALB
 * @param wafRequestsPer5Minutes the rate limit: requests per client IP in any 5 minutes before WAF blocks it
 *                               (100..2000000000)
 * @param customerManagedKeys the environment's KMS key encrypts every log group and every image repository that has
 *                            no key of its own
 * @param minLogRetentionDays every log group keeps its logs at least this long (1 = no minimum); a log group with a
 *                            shorter retention fails synth
 */
public record Baseline(boolean accessLogs, int accessLogDays, boolean waf, int wafRequestsPer5Minutes,
                       boolean customerManagedKeys, int minLogRetentionDays)
        implements Settings<Baseline, Baseline.Builder> {
    /**
     * Every field at its default ({@link Builder}): nothing beyond what every stack has anyway (dev, staging); each
     * part can be switched on.
     */
    public static final Baseline OFF = Settings.defaults(Baseline.class);

    /** Production: access logs kept a year, WAF at 2000 requests per IP per 5 minutes, customer keys, 365-day logs. */
    public static final Baseline PRODUCTION = OFF.with(b -> {
        b.accessLogs = true;
        b.accessLogDays = 365;
        b.waf = true;
        b.customerManagedKeys = true;
        b.minLogRetentionDays = 365;
    });

    /** The settings and their defaults; change the ones you need with {@link #with}. */
    public static final class Builder {
        /** @default false: outside production the load balancers' own metrics are enough, and logs cost storage. */
        public boolean accessLogs = false;
        /** @default 90: a quarter of access logs when they are switched on. */
        public int accessLogDays = 90;
        /** @default false: a web ACL costs per month and per rule; production switches it on. */
        public boolean waf = false;
        /** @default 2000: requests per client IP in 5 minutes before WAF blocks it; well above one user's traffic. */
        public int wafRequestsPer5Minutes = 2000;
        /** @default false: AWS-managed encryption; a customer key costs per month and is production's choice. */
        public boolean customerManagedKeys = false;
        /** @default 1: no minimum log retention. */
        public int minLogRetentionDays = 1;
    }

    public Baseline {
        Check check = Check.in("Baseline");
        check.between("accessLogDays", accessLogDays, 1, 3650, "use e.g. 365");
        check.between("wafRequestsPer5Minutes", wafRequestsPer5Minutes, 100, 2_000_000_000,
                "use e.g. 2000 (WAF's rate-based rules accept 100 and more)");
        check.between("minLogRetentionDays", minLogRetentionDays, 1, 3653, "use 365 for production, 1 for no minimum");
    }

    public Baseline withAccessLogs(boolean value, int days) {
        return with(b -> {
            b.accessLogs = value;
            b.accessLogDays = days;
        });
    }

    public Baseline withWaf(boolean value, int requestsPer5Minutes) {
        return with(b -> {
            b.waf = value;
            b.wafRequestsPer5Minutes = requestsPer5Minutes;
        });
    }

    public Baseline withCustomerManagedKeys(boolean value) {
        return with(b -> b.customerManagedKeys = value);
    }

    public Baseline withMinLogRetentionDays(int value) {
        return with(b -> b.minLogRetentionDays = value);
    }

    /** True when the baseline adds anything to the shared stack. */
    public boolean sharesAnything() {
        return accessLogs || waf || customerManagedKeys;
    }
}
