package io.bluegreen.traffic;

import io.bluegreen.aws.AwsValues;
import io.bluegreen.network.Cidr;
import io.bluegreen.validation.Check;

import java.util.List;
import java.util.regex.Pattern;

/**
 * What an environment can tune about its traffic layer. All fields have defaults ({@link #DEFAULT}); the
 * {@code with*} methods return changed copies.
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
        List<Egress> egress) {

    private static final Pattern ACM_ARN = Pattern.compile(
            "^arn:aws(?:-cn|-us-gov)?:acm:[a-z]{2}(?:-gov)?-[a-z]+-\\d:\\d{12}:certificate/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");
    /** Port of the HTTP listener that redirects to HTTPS when there is a certificate. */
    public static final int HTTP_REDIRECT_PORT = 80;

    public static final TrafficSettings DEFAULT = new TrafficSettings(null, TlsPolicy.TLS13_1_2_2021_06, 0, 8080,
            List.of(Cidr.ANY_IPV4), List.of(), false, false, false, 30, HealthCheck.DEFAULT, null, List.of());

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
        return new TrafficSettings(value, tlsPolicy, value != null && prodPort == 80 ? 0 : prodPort, testPort,
                prodIngressCidrs, testIngressCidrs, allowTestPortFromInternet, internal, deletionProtection,
                deregistrationDelaySeconds, healthCheck, accessLogs, egress);
    }

    public TrafficSettings withTlsPolicy(TlsPolicy value) {
        return new TrafficSettings(certificateArn, value, prodPort, testPort, prodIngressCidrs, testIngressCidrs,
                allowTestPortFromInternet, internal, deletionProtection, deregistrationDelaySeconds, healthCheck, accessLogs, egress);
    }

    public TrafficSettings withPorts(int prod, int test) {
        return new TrafficSettings(certificateArn, tlsPolicy, prod, test, prodIngressCidrs, testIngressCidrs,
                allowTestPortFromInternet, internal, deletionProtection, deregistrationDelaySeconds, healthCheck, accessLogs, egress);
    }

    public TrafficSettings withProdIngress(List<Cidr> value) {
        return new TrafficSettings(certificateArn, tlsPolicy, prodPort, testPort, value, testIngressCidrs,
                allowTestPortFromInternet, internal, deletionProtection, deregistrationDelaySeconds, healthCheck, accessLogs, egress);
    }

    public TrafficSettings withTestIngress(List<Cidr> value) {
        return new TrafficSettings(certificateArn, tlsPolicy, prodPort, testPort, prodIngressCidrs, value,
                allowTestPortFromInternet, internal, deletionProtection, deregistrationDelaySeconds, healthCheck, accessLogs, egress);
    }

    /** The explicit opt-in to open the test listener to the internet (0.0.0.0/0, ::/0). */
    public TrafficSettings withTestPortOpenToInternet(List<Cidr> value) {
        return new TrafficSettings(certificateArn, tlsPolicy, prodPort, testPort, prodIngressCidrs, value,
                true, internal, deletionProtection, deregistrationDelaySeconds, healthCheck, accessLogs, egress);
    }

    public TrafficSettings withInternal(boolean value) {
        return new TrafficSettings(certificateArn, tlsPolicy, prodPort, testPort, prodIngressCidrs, testIngressCidrs,
                allowTestPortFromInternet, value, deletionProtection, deregistrationDelaySeconds, healthCheck, accessLogs, egress);
    }

    public TrafficSettings withDeletionProtection(boolean value) {
        return new TrafficSettings(certificateArn, tlsPolicy, prodPort, testPort, prodIngressCidrs, testIngressCidrs,
                allowTestPortFromInternet, internal, value, deregistrationDelaySeconds, healthCheck, accessLogs, egress);
    }

    public TrafficSettings withHealthCheck(HealthCheck value) {
        return new TrafficSettings(certificateArn, tlsPolicy, prodPort, testPort, prodIngressCidrs, testIngressCidrs,
                allowTestPortFromInternet, internal, deletionProtection, deregistrationDelaySeconds, value, accessLogs, egress);
    }

    public TrafficSettings withAccessLogs(AccessLogs value) {
        return new TrafficSettings(certificateArn, tlsPolicy, prodPort, testPort, prodIngressCidrs, testIngressCidrs,
                allowTestPortFromInternet, internal, deletionProtection, deregistrationDelaySeconds, healthCheck, value, egress);
    }

    /** Egress beyond HTTPS, e.g. {@code List.of(Egress.tcp("PostgreSQL in the VPC", "10.0.0.0/16", 5432))}. */
    public TrafficSettings withEgress(List<Egress> value) {
        return new TrafficSettings(certificateArn, tlsPolicy, prodPort, testPort, prodIngressCidrs, testIngressCidrs,
                allowTestPortFromInternet, internal, deletionProtection, deregistrationDelaySeconds, healthCheck, accessLogs,
                value);
    }
}
