package io.bluegreen.traffic;

import io.bluegreen.settings.Settings;
import io.bluegreen.aws.AwsValues;
import io.bluegreen.network.Cidr;
import io.bluegreen.validation.Check;

import java.util.List;
import java.util.regex.Pattern;

/**
 * What an environment can tune about its traffic layer. All fields have defaults ({@link Builder}); {@link #with}
 * and the {@code with*} methods return changed copies.
 *
 * @param certificateArn ACM certificate for HTTPS; null = plain HTTP (dev quick start only)
 * @param tlsPolicy TLS 1.2+ security policy for the HTTPS listeners
 * @param prodPort production listener port; 0 = 443 with a certificate, 80 without
 * @param testPort test listener port (green is tested here before it takes production traffic)
 * @param prodIngressCidrs who may reach the production ports (default: anywhere)
 * @param testIngressCidrs who may reach the test port; empty = the VPC's own block
 * @param allowTestPortFromInternet the explicit opt-in needed to list 0.0.0.0/0 or ::/0 in testIngressCidrs
 * @param internal an internal ALB in the private subnets instead of an internet-facing one
 * @param deletionProtection refuse to delete the ALB (turn on for prod)
 * @param deregistrationDelaySeconds draining time of old targets, 0..3600 (AWS default 300 slows every shift)
 * @param healthCheck the target groups' health check
 * @param accessLogs ALB access logs to an existing bucket; null = off (or the environment's log bucket, when its
 *                   baseline has access logs)
 * @param egress what the tasks or instances may reach beyond HTTPS (always allowed, to any address: the AWS APIs,
 *               ECR, package repositories), e.g. a database port in the VPC
 */
public record TrafficSettings(
        String certificateArn,
        TlsPolicy tlsPolicy,
        int prodPort,
        int testPort,
        List<Cidr> prodIngressCidrs,
        List<Cidr> testIngressCidrs,
        boolean allowTestPortFromInternet,
        boolean internal,
        boolean deletionProtection,
        int deregistrationDelaySeconds,
        HealthCheck healthCheck,
        AccessLogs accessLogs,
        List<Egress> egress) implements Settings<TrafficSettings, TrafficSettings.Builder> {

    private static final Pattern ACM_ARN = Pattern.compile(
            "^arn:aws(?:-cn|-us-gov)?:acm:[a-z]{2}(?:-gov)?-[a-z]+-\\d:\\d{12}:certificate/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");
    /** Port of the HTTP listener that redirects to HTTPS when there is a certificate. */
    public static final int HTTP_REDIRECT_PORT = 80;

    /** Every field at its default ({@link Builder}): plain HTTP on 80, test listener on 8080 from inside the VPC. */
    public static final TrafficSettings DEFAULT = Settings.defaults(TrafficSettings.class);

    /** The settings and their defaults; change the ones you need with {@link #with}. */
    public static final class Builder {
        /** @default null: plain HTTP, for a dev quick start without a domain; production sets a certificate. */
        public String certificateArn = null;
        /** @default {@link TlsPolicy#TLS13_1_2_2021_06}: TLS 1.3 and 1.2, the policy AWS recommends for new listeners. */
        public TlsPolicy tlsPolicy = TlsPolicy.TLS13_1_2_2021_06;
        /** @default 0: 443 with a certificate, 80 without. */
        public int prodPort = 0;
        /** @default 8080: the test listener that CodeDeploy points at green first; the hooks test green there. */
        public int testPort = 8080;
        /** @default 0.0.0.0/0: a public service is reachable from anywhere (the WAF and TLS guard it). */
        public List<Cidr> prodIngressCidrs = List.of(Cidr.ANY_IPV4);
        /** @default none, which means the VPC's own block: green is not for the internet before it is approved. */
        public List<Cidr> testIngressCidrs = List.of();
        /** @default false: opening the test port to the internet must be said on purpose. */
        public boolean allowTestPortFromInternet = false;
        /** @default false: an internet-facing load balancer in the public subnets. */
        public boolean internal = false;
        /** @default false: dev and staging can be destroyed; production turns it on (ServiceDefaults). */
        public boolean deletionProtection = false;
        /**
         * @default 30: in-flight requests get 30 s to finish on the old targets; AWS's 300 s would add five minutes
         * to every traffic shift.
         */
        public int deregistrationDelaySeconds = 30;
        /** @default {@link HealthCheck#DEFAULT}. */
        public HealthCheck healthCheck = HealthCheck.DEFAULT;
        /** @default null: no access logs of its own (the environment's log bucket when its baseline has access logs). */
        public AccessLogs accessLogs = null;
        /** @default none: HTTPS to anywhere only. */
        public List<Egress> egress = List.of();
    }

    /**
     * Egress the workload needs beyond HTTPS: TCP {@code fromPort..toPort} to {@code cidr}.
     *
     * @param description what it is for, e.g. "PostgreSQL in the VPC"
     */
    public record Egress(String description, Cidr cidr, int fromPort, int toPort) {
        public Egress {
            Check check = Check.in("TrafficSettings.Egress");
            check.require(description != null && !description.isBlank() && description.length() <= 200
                    && description.matches("[A-Za-z0-9 ._:/()#,@\\[\\]+=&;{}!$*-]*"), "description", description,
                    "1-200 characters of what security group rule descriptions accept", "say what it is for");
            check.notNull("cidr", cidr, "e.g. Cidr.of(\"10.0.0.0/16\")");
            check.between("fromPort", fromPort, 1, 65535, "e.g. 5432");
            check.between("toPort", toPort, fromPort, 65535, "e.g. the same as fromPort");
        }

        public static Egress tcp(String description, String cidr, int port) {
            return new Egress(description, Cidr.of(cidr), port, port);
        }
    }

    /**
     * ALB access logs.
     *
     * @param bucket existing S3 bucket whose policy lets the region's ELB account write
     * @param prefix key prefix, may be empty
     */
    public record AccessLogs(String bucket, String prefix) {
        public AccessLogs {
            Check check = Check.in("TrafficSettings.AccessLogs");
            check.matches("bucket", bucket, AwsValues.S3_BUCKET_NAME,
                    "an S3 bucket name", "name an existing bucket that allows ELB log delivery");
            prefix = Check.orDefault(prefix, "");
            check.require(!prefix.startsWith("/") && !prefix.endsWith("/") && !prefix.contains("AWSLogs"), "prefix",
                    prefix, "a prefix without leading/trailing '/' and without 'AWSLogs'", "e.g. 'alb/checkout'");
        }
    }

    public TrafficSettings {
        Check check = Check.in("TrafficSettings");
        if (certificateArn != null) {
            check.matches("certificateArn", certificateArn, ACM_ARN,
                    "an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<uuid>)",
                    "copy the ARN from the ACM console in the ALB's region, or leave it null for plain HTTP");
        }
        check.notNull("tlsPolicy", tlsPolicy, "e.g. TlsPolicy.TLS13_1_2_2021_06 (DEFAULT's)");
        if (prodPort == 0) {
            prodPort = certificateArn != null ? 443 : 80;
        }
        check.between("prodPort", prodPort, 1, 65535, "use 443 (HTTPS) or 80 (HTTP)");
        check.between("testPort", testPort, 1, 65535, "use e.g. 8080");
        check.require(testPort != prodPort, "testPort", testPort, "a port different from prodPort (" + prodPort + ")",
                "CodeDeploy needs two listeners; use e.g. 8080 for the test listener");
        if (certificateArn != null) {
            check.require(prodPort != HTTP_REDIRECT_PORT, "prodPort", prodPort,
                    "a port other than 80 when a certificate is set (80 redirects to HTTPS)", "use 443");
            check.require(testPort != HTTP_REDIRECT_PORT, "testPort", testPort,
                    "a port other than 80 when a certificate is set (80 redirects to HTTPS)", "use e.g. 8080");
        }
        prodIngressCidrs = List.copyOf(check.atLeast("prodIngressCidrs", Check.orDefault(prodIngressCidrs, List.of()), 1,
                "CIDR block", "list who may reach the service, e.g. List.of(Cidr.ANY_IPV4)"));
        testIngressCidrs = List.copyOf(Check.orDefault(testIngressCidrs, List.of()));
        for (Cidr cidr : testIngressCidrs) {
            check.require(!cidr.isWholeInternet() || allowTestPortFromInternet, "testIngressCidrs", cidr.value(),
                    "private ranges only: the test listener serves the not-yet-approved green version",
                    "list your office/VPN ranges, or set allowTestPortFromInternet(true) to open it on purpose");
        }
        check.between("deregistrationDelaySeconds", deregistrationDelaySeconds, 0, 3600, "use e.g. 30");
        check.notNull("healthCheck", healthCheck, "e.g. HealthCheck.DEFAULT");
        egress = List.copyOf(Check.orDefault(egress, List.of()));
    }

    public boolean https() {
        return certificateArn != null;
    }

    public TrafficSettings withCertificateArn(String value) {
        return with(t -> {
            t.certificateArn = value;
            t.prodPort = value != null && prodPort == 80 ? 0 : prodPort;
        });
    }

    public TrafficSettings withTlsPolicy(TlsPolicy value) {
        return with(t -> t.tlsPolicy = value);
    }

    public TrafficSettings withPorts(int prod, int test) {
        return with(t -> {
            t.prodPort = prod;
            t.testPort = test;
        });
    }

    public TrafficSettings withProdIngress(List<Cidr> value) {
        return with(t -> t.prodIngressCidrs = value);
    }

    public TrafficSettings withTestIngress(List<Cidr> value) {
        return with(t -> t.testIngressCidrs = value);
    }

    /** The explicit opt-in to open the test listener to the internet (0.0.0.0/0, ::/0). */
    public TrafficSettings withTestPortOpenToInternet(List<Cidr> value) {
        return with(t -> {
            t.testIngressCidrs = value;
            t.allowTestPortFromInternet = true;
        });
    }

    public TrafficSettings withInternal(boolean value) {
        return with(t -> t.internal = value);
    }

    public TrafficSettings withDeletionProtection(boolean value) {
        return with(t -> t.deletionProtection = value);
    }

    public TrafficSettings withHealthCheck(HealthCheck value) {
        return with(t -> t.healthCheck = value);
    }

    public TrafficSettings withAccessLogs(AccessLogs value) {
        return with(t -> t.accessLogs = value);
    }

    /** Egress beyond HTTPS, e.g. {@code List.of(Egress.tcp("PostgreSQL in the VPC", "10.0.0.0/16", 5432))}. */
    public TrafficSettings withEgress(List<Egress> value) {
        return with(t -> t.egress = value);
    }
}
