package io.bluegreen.environments;

import io.bluegreen.naming.Names;
import io.bluegreen.network.VpcSource;
import io.bluegreen.pipeline.PipelineSource;
import io.bluegreen.security.Baseline;
import io.bluegreen.terraform.TerraformStrings;
import io.bluegreen.validation.Check;
import io.bluegreen.validation.InvalidConfigException;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An environment: the settings its services share, declared once, and its services. Environments are data:
 * {@link Defaults} fills the shared values and each environment package (dev, staging, prod) overrides only what
 * differs. The constructor validates every field; an error names the environment (and the service), the field, the
 * value, what is allowed and how to fix it.
 *
 * @param name environment name: part of every stack id ({@code <env>-shared}, {@code <env>-<service>})
 * @param region AWS region, e.g. eu-west-1
 * @param account the 12-digit AWS account the environment lives in, or null. When set, Terraform refuses to run
 *                with credentials of another account (the provider's allowed_account_ids), and every ARN the
 *                environment's services are given must be in this account
 * @param tags extra default tags on every resource (service, environment and managed-by are always set)
 * @param network create a VPC or use an existing one (the shared stack)
 * @param stateBackend local state (quick start) or S3 (locked by the state bucket), for every stack of the environment
 * @param notificationEmails addresses subscribed to every service's delivery notifications
 * @param services the services, each delivered by its own stack (at least one; names unique)
 * @param baseline the security baseline every service stack gets (access logs, WAF, customer-managed keys, a
 *                 minimum log retention): {@code Baseline.PRODUCTION} in prod, {@code Baseline.OFF} elsewhere
 * @param deploymentsIgnoreAlarms false (the default): the rollback alarms gate every deployment. true: the emergency
 *                                switch, for shipping a fix while production alarms fire; CodeDeploy stops polling
 *                                the alarms of every service of the environment (they still notify, and a failed
 *                                deployment still rolls back). Deploy with it on, release the fix, then turn it off
 *                                and deploy again (docs/runbook.md: every platform, the emergency switch)
 */
public record EnvironmentConfig(
        String name,
        String region,
        String account,
        Map<String, String> tags,
        VpcSource network,
        StateBackend stateBackend,
        List<String> notificationEmails,
        List<ServiceConfig> services,
        Baseline baseline,
        boolean deploymentsIgnoreAlarms) {

    private static final Pattern REGION = Pattern.compile(
            "^(us|eu|ap|sa|ca|me|af|il|mx|cn|us-gov)-(north|south|east|west|central|northeast|southeast|northwest|southwest)-[1-9]$");
    private static final Pattern ACCOUNT = Pattern.compile("^\\d{12}$");
    /** arn:partition:service:region:account:resource */
    private static final Pattern ARN = Pattern.compile("^arn:([^:]+):([^:]+):([^:]*):(\\d{12}):(.+)$");
    private static final Pattern TAG_KEY = Pattern.compile("^[\\p{L}\\p{N}\\s_.:/=+\\-@]{1,128}$");
    /** Tag keys the stacks set themselves on every resource. */
    public static final Set<String> RESERVED_TAG_KEYS = Set.of("service", "environment", "managed-by");

    public EnvironmentConfig {
        Check check = Check.in("environment '" + name + "'");
        Names.checkEnvironment(check, "name", name);
        checkRegion(check, "region", region);
        if (account != null) {
            check.matches("account", account, ACCOUNT, "a 12-digit AWS account id such as 111122223333",
                    "copy it from `aws sts get-caller-identity --query Account` with the environment's credentials");
        }
        tags = Map.copyOf(Check.orDefault(tags, Map.of()));
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            check.matches("tags key", tag.getKey(), TAG_KEY, "1-128 letters, digits, spaces and _ . : / = + - @",
                    "rename the tag");
            check.require(!tag.getKey().toLowerCase().startsWith("aws:"), "tags key", tag.getKey(),
                    "keys that do not start with 'aws:' (reserved by AWS)", "rename the tag");
            check.require(!RESERVED_TAG_KEYS.contains(tag.getKey()), "tags key", tag.getKey(),
                    "keys other than " + RESERVED_TAG_KEYS + " (the stacks set those themselves)", "remove the tag");
            check.require(tag.getValue() != null && tag.getValue().length() <= 256, "tags['" + tag.getKey() + "']",
                    tag.getValue(), "a value of at most 256 characters", "shorten the value");
        }
        check.notNull("network", network,
                "call .network(VpcSource.Create.of(\"10.0.0.0/16\")) or .network(new VpcSource.Existing(...))");
        check.notNull("stateBackend", stateBackend, "e.g. new StateBackend.Local() or new StateBackend.S3(bucket)");
        notificationEmails = List.copyOf(Check.orDefault(notificationEmails, List.of()));
        services = List.copyOf(Check.orDefault(services, List.of()));
        check.atLeast("services", services, 1, "service", "declare the environment's services with .service(...)");
        check.notNull("baseline", baseline, "e.g. .baseline(Baseline.PRODUCTION) or .baseline(Baseline.OFF)");
        Set<String> seen = new HashSet<>();
        for (ServiceConfig service : services) {
            check.require(seen.add(service.name()), "services", service.name(),
                    "service names used once per environment (each is a stack id, a state key and part of AWS names)",
                    "rename one of the two services called '" + service.name() + "'");
            checkArns(Check.in("environment '" + name + "', service '" + service.name() + "'"), region, account, service);
        }
    }

    static void checkRegion(Check check, String field, String region) {
        check.matches(field, region, REGION, "an AWS region code such as eu-west-1, us-east-2 or ap-southeast-1",
                "use the code shown in the AWS console's region menu");
    }

    /**
     * Every ARN a service is given must be usable where the environment lives: the certificate in the environment's
     * region (an ALB can only use a certificate from its own region), and all of them in one account (the
     * environment's, when given). A CodeStar connection is global: any region, but only its own account.
     */
    private static void checkArns(Check check, String region, String account, ServiceConfig service) {
        io.bluegreen.traffic.TrafficSettings traffic = service.platform().traffic();
        io.bluegreen.pipeline.PipelineSettings pipeline = service.platform().pipeline();
        Map<String, String> arns = new LinkedHashMap<>();
        String certificate = traffic == null ? null : traffic.certificateArn();
        if (certificate != null) {
            arns.put("traffic.certificateArn", certificate);
            String certRegion = part(certificate, 3);
            check.require(region.equals(certRegion), "traffic.certificateArn", certificate,
                    "an ACM certificate in the environment's region " + region + " (an ALB uses certificates of its own"
                            + " region only; " + certRegion + " is not it)",
                    "request or import the certificate in " + region
                            + " (`aws acm request-certificate --region " + region + " ...`) and use its ARN");
        }
        if (pipeline.source() instanceof PipelineSource.CodeStarConnection codestar
                && codestar.connection() instanceof PipelineSource.Existing existing) {
            arns.put("pipeline.source.connection.arn", existing.arn());
        }
        String firstField = null;
        String firstAccount = account;
        for (Map.Entry<String, String> arn : arns.entrySet()) {
            String arnAccount = part(arn.getValue(), 4);
            if (firstAccount == null) {
                firstAccount = arnAccount;
                firstField = arn.getKey();
                continue;
            }
            String expected = firstField == null ? "the environment's account " + firstAccount
                    : "the account of " + firstField + " (" + firstAccount + ")";
            check.require(firstAccount.equals(arnAccount), arn.getKey(), arn.getValue(),
                    "an ARN in " + expected + "; resources of another account cannot be used here",
                    "create the resource in account " + firstAccount + " (a CodeStar connection is used only by"
                            + " pipelines of its own account) or correct the environment's account");
        }
    }

    /** The colon-separated part {@code index} of an ARN (3 region, 4 account); "" when it is not an ARN. */
    private static String part(String arn, int index) {
        Matcher m = ARN.matcher(arn);
        return m.matches() ? m.group(index) : "";
    }

    /** The service called {@code service}. */
    public ServiceConfig service(String service) {
        return services.stream().filter(s -> s.name().equals(service)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("environment '" + name + "' has no service '" + service
                        + "'; its services are " + services.stream().map(ServiceConfig::name).toList()));
    }

    /** The naming helper of {@code service} in this environment. */
    public Names names(String service) {
        return new Names(service, name);
    }

    /** Tags on every resource of a stack: service (or "shared"), environment, managed-by, then the extra tags. */
    public Map<String, String> defaultTags(String service) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("service", service);
        all.put("environment", name);
        all.put("managed-by", "cdktf");
        // A tag value is free text; Terraform must not read "${" or "%{" in it as a template.
        new java.util.TreeMap<>(tags).forEach((key, value) -> all.put(key, TerraformStrings.literal(value)));
        return all;
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Fluent builder: environments start from {@link Defaults#environment(String)} and override a few values. */
    public static final class Builder {
        private String name;
        private String region;
        private String account;
        private Map<String, String> tags = Map.of();
        private VpcSource network;
        /** Default state: a local file (quick start; no locking). */
        private StateBackend stateBackend = new StateBackend.Local();
        private List<String> notificationEmails = List.of();
        private final List<ServiceConfig> services = new ArrayList<>();
        private Baseline baseline = Baseline.OFF;
        /** The rollback alarms gate deployments (the emergency switch is off). */
        private boolean deploymentsIgnoreAlarms = false;

        private Builder() {
        }

        private Builder(EnvironmentConfig c) {
            name = c.name;
            region = c.region;
            account = c.account;
            tags = c.tags;
            network = c.network;
            stateBackend = c.stateBackend;
            notificationEmails = c.notificationEmails;
            services.addAll(c.services);
            baseline = c.baseline;
            deploymentsIgnoreAlarms = c.deploymentsIgnoreAlarms;
        }

        /**
         * The emergency switch: true lets deployments proceed while the rollback alarms fire (to ship a fix). Turn it
         * off again once the fix is out.
         */
        public Builder deploymentsIgnoreAlarms(boolean value) {
            deploymentsIgnoreAlarms = value;
            return this;
        }

        public Builder name(String value) {
            name = value;
            return this;
        }

        public Builder region(String value) {
            region = value;
            return this;
        }

        /** The AWS account id of the environment (see {@link EnvironmentConfig#account()}). */
        public Builder account(String value) {
            account = value;
            return this;
        }

        public Builder tags(Map<String, String> value) {
            tags = value;
            return this;
        }

        public Builder network(VpcSource value) {
            network = value;
            return this;
        }

        public Builder stateBackend(StateBackend value) {
            stateBackend = value;
            return this;
        }

        public Builder notificationEmails(List<String> value) {
            notificationEmails = value;
            return this;
        }

        /** Adds a service; an error in its settings names the service and the environment. */
        public Builder service(String serviceName, java.util.function.Supplier<io.bluegreen.platform.Platform> platform) {
            try {
                services.add(new ServiceConfig(serviceName, platform.get()));
            } catch (InvalidConfigException e) {
                throw e.within("service '" + serviceName + "'").within("environment '" + name + "'");
            }
            return this;
        }

        /** The security baseline of every service stack (default {@link Baseline#OFF}). */
        public Builder baseline(Baseline value) {
            baseline = value;
            return this;
        }

        /** Changes the baseline, e.g. {@code .baseline(b -> b.withWaf(true, 1000))}. */
        public Builder baseline(java.util.function.UnaryOperator<Baseline> change) {
            baseline = change.apply(baseline);
            return this;
        }

        /** Adds a service. */
        public Builder service(ServiceConfig value) {
            services.add(value);
            return this;
        }

        /** Replaces every service with {@code value}. */
        public Builder services(List<ServiceConfig> value) {
            services.clear();
            services.addAll(value);
            return this;
        }

        public EnvironmentConfig build() {
            try {
                return new EnvironmentConfig(name, region, account, tags, network, stateBackend, notificationEmails,
                        services, baseline, deploymentsIgnoreAlarms);
            } catch (InvalidConfigException e) {
                throw e.within("environment '" + name + "'");
            }
        }
    }
}
