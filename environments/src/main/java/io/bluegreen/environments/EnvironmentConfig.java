package io.bluegreen.environments;

import io.bluegreen.naming.Names;
import io.bluegreen.hooks.SmokeTestSettings;
import io.bluegreen.network.VpcSource;
import io.bluegreen.pipeline.PipelineSettings;
import io.bluegreen.pipeline.PipelineSource;
import io.bluegreen.alarms.AlarmSettings;
import io.bluegreen.codedeploy.DeploymentSettings;
import io.bluegreen.ecs.ContainerSpec;
import io.bluegreen.ecs.ServiceSettings;
import io.bluegreen.traffic.TrafficSettings;
import io.bluegreen.terraform.TerraformStrings;
import io.bluegreen.validation.Check;
import io.bluegreen.validation.InvalidConfigException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Everything that describes one environment of the service. Environments are data: {@link Defaults} fills the
 * shared values and each environment package (dev, staging, prod) overrides only what differs.
 * The constructor validates every field; an error names the environment, the field, the value, what is allowed
 * and how to fix it.
 *
 * @param service service name, part of every physical name ({@link Names#MAX_SERVICE_LENGTH} characters at most)
 * @param name environment name; also the stack id ({@code cdktf deploy <name>})
 * @param region AWS region, e.g. eu-west-1
 * @param account the 12-digit AWS account the environment lives in, or null. When set, Terraform refuses to run
 *                with credentials of another account (the provider's allowed_account_ids), and every ARN the
 *                environment is given must be in this account
 * @param tags extra default tags on every resource (service, environment and managed-by are always set)
 * @param network create a VPC or use an existing one
 * @param stateBackend local state (quick start) or S3 with DynamoDB locking
 * @param container the service's container (name, initial image, port, size, environment, secrets)
 * @param traffic load balancer, listeners, target groups and who may reach them
 * @param ecs ECS service tuning: capacity, auto scaling, log retention, task role permissions
 * @param deployment CodeDeploy strategy, readiness and termination waits
 * @param pipeline source repository and branch, approval, build size, retention
 * @param notificationEmails addresses subscribed to the environment's delivery notifications topic
 * @param alarms the alarms that roll a deployment back (AlarmSettings.OFF to switch them off)
 * @param smokeTest the AfterAllowTestTraffic smoke test of green (SmokeTestSettings.OFF to switch it off)
 */
public record EnvironmentConfig(
        String service,
        String name,
        String region,
        String account,
        Map<String, String> tags,
        VpcSource network,
        StateBackend stateBackend,
        ContainerSpec container,
        TrafficSettings traffic,
        ServiceSettings ecs,
        DeploymentSettings deployment,
        PipelineSettings pipeline,
        List<String> notificationEmails,
        AlarmSettings alarms,
        SmokeTestSettings smokeTest) {

    private static final Pattern REGION = Pattern.compile(
            "^(us|eu|ap|sa|ca|me|af|il|mx|cn|us-gov)-(north|south|east|west|central|northeast|southeast|northwest|southwest)-[1-9]$");
    private static final Pattern ACCOUNT = Pattern.compile("^\\d{12}$");
    /** arn:partition:service:region:account:resource */
    private static final Pattern ARN = Pattern.compile("^arn:([^:]+):([^:]+):([^:]*):(\\d{12}):(.+)$");
    private static final Pattern TAG_KEY = Pattern.compile("^[\\p{L}\\p{N}\\s_.:/=+\\-@]{1,128}$");
    /** Tag keys the stack sets itself on every resource. */
    public static final Set<String> RESERVED_TAG_KEYS = Set.of("service", "environment", "managed-by");

    public EnvironmentConfig {
        Check check = Check.in("environment '" + name + "'");
        Names.checkEnvironment(check, "name", name);
        Names.checkService(check, "service", service);
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
                    "keys other than " + RESERVED_TAG_KEYS + " (the stack sets those itself)", "remove the tag");
            check.require(tag.getValue() != null && tag.getValue().length() <= 256, "tags['" + tag.getKey() + "']",
                    tag.getValue(), "a value of at most 256 characters", "shorten the value");
        }
        check.notNull("network", network,
                "call .network(VpcSource.Create.of(\"10.0.0.0/16\")) or .network(new VpcSource.Existing(...))");
        stateBackend = Check.orDefault(stateBackend, new StateBackend.Local());
        check.notNull("container", container, "describe the container, e.g. ContainerSpec.placeholder(\"web\")");
        traffic = Check.orDefault(traffic, TrafficSettings.DEFAULT);
        ecs = Check.orDefault(ecs, ServiceSettings.DEFAULT);
        deployment = Check.orDefault(deployment, DeploymentSettings.DEFAULT);
        check.notNull("pipeline", pipeline, "call .pipeline(PipelineSettings.of(source))");
        notificationEmails = List.copyOf(Check.orDefault(notificationEmails, List.of()));
        alarms = Check.orDefault(alarms, AlarmSettings.DEFAULT);
        smokeTest = Check.orDefault(smokeTest, SmokeTestSettings.DEFAULT);
        checkArns(check, region, account, traffic, pipeline);
    }

    /**
     * Every ARN the environment is given must be usable where the environment lives: the certificate in the
     * environment's region (an ALB can only use a certificate from its own region), and all of them in one account
     * (the environment's, when given). A CodeStar connection is global: any region, but only its own account.
     */
    private static void checkArns(Check check, String region, String account, TrafficSettings traffic,
                                  PipelineSettings pipeline) {
        Map<String, String> arns = new LinkedHashMap<>();
        if (traffic.certificateArn() != null) {
            arns.put("traffic.certificateArn", traffic.certificateArn());
        }
        if (pipeline.source() instanceof PipelineSource.CodeStarConnection codestar
                && codestar.connection() instanceof PipelineSource.Existing existing) {
            arns.put("pipeline.source.connection.arn", existing.arn());
        }
        if (traffic.certificateArn() != null) {
            String certRegion = part(traffic.certificateArn(), 3);
            check.require(region.equals(certRegion), "traffic.certificateArn", traffic.certificateArn(),
                    "an ACM certificate in the environment's region " + region + " (an ALB uses certificates of its own"
                            + " region only; " + certRegion + " is not it)",
                    "request or import the certificate in " + region
                            + " (`aws acm request-certificate --region " + region + " ...`) and use its ARN");
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
        var m = ARN.matcher(arn);
        return m.matches() ? m.group(index) : "";
    }

    static void checkRegion(Check check, String field, String region) {
        check.matches(field, region, REGION, "an AWS region code such as eu-west-1, us-east-2 or ap-southeast-1",
                "use the code shown in the AWS console's region menu");
    }

    /** The naming helper for this environment. */
    public Names names() {
        return new Names(service, name);
    }

    /** Tags on every resource: service, environment, managed-by, then the extra tags. */
    public Map<String, String> defaultTags() {
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
        private String serviceName;
        private String name;
        private String region;
        private String account;
        private Map<String, String> tags = Map.of();
        private VpcSource network;
        private StateBackend stateBackend;
        private ContainerSpec container;
        private TrafficSettings traffic;
        private ServiceSettings ecs;
        private DeploymentSettings deployment;
        private PipelineSettings pipeline;
        private List<String> notificationEmails = List.of();
        private AlarmSettings alarms;
        private SmokeTestSettings smokeTest;

        private Builder() {
        }

        private Builder(EnvironmentConfig c) {
            serviceName = c.service;
            name = c.name;
            region = c.region;
            account = c.account;
            tags = c.tags;
            network = c.network;
            stateBackend = c.stateBackend;
            container = c.container;
            traffic = c.traffic;
            ecs = c.ecs;
            deployment = c.deployment;
            pipeline = c.pipeline;
            notificationEmails = c.notificationEmails;
            alarms = c.alarms;
            smokeTest = c.smokeTest;
        }

        /** The service name (part of every physical name). */
        public Builder serviceName(String value) {
            serviceName = value;
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

        public Builder container(ContainerSpec value) {
            container = value;
            return this;
        }

        /** Changes the current container, e.g. {@code .container(c -> c.withSize(new FargateSize(512, 1024)))}. */
        public Builder container(UnaryOperator<ContainerSpec> change) {
            container = change.apply(container);
            return this;
        }

        public Builder ecs(ServiceSettings value) {
            ecs = value;
            return this;
        }

        /** Changes the current ECS service settings, e.g. {@code .ecs(s -> s.withCapacity(2, Scaling.between(2, 10)))}. */
        public Builder ecs(UnaryOperator<ServiceSettings> change) {
            ecs = change.apply(ecs != null ? ecs : ServiceSettings.DEFAULT);
            return this;
        }

        public Builder deployment(DeploymentSettings value) {
            deployment = value;
            return this;
        }

        /** Changes the current deployment settings, e.g. {@code .deployment(d -> d.withTerminationWait(15))}. */
        public Builder deployment(UnaryOperator<DeploymentSettings> change) {
            deployment = change.apply(deployment != null ? deployment : DeploymentSettings.DEFAULT);
            return this;
        }

        public Builder traffic(TrafficSettings value) {
            traffic = value;
            return this;
        }

        /** Changes the current traffic settings, e.g. {@code .traffic(t -> t.withDeletionProtection(true))}. */
        public Builder traffic(UnaryOperator<TrafficSettings> change) {
            traffic = change.apply(traffic != null ? traffic : TrafficSettings.DEFAULT);
            return this;
        }

        public Builder pipeline(PipelineSettings value) {
            pipeline = value;
            return this;
        }

        /** Changes the current pipeline settings, e.g. {@code .pipeline(p -> p.withManualApproval(true))}. */
        public Builder pipeline(UnaryOperator<PipelineSettings> change) {
            pipeline = change.apply(pipeline);
            return this;
        }

        public Builder notificationEmails(List<String> value) {
            notificationEmails = value;
            return this;
        }

        public Builder alarms(AlarmSettings value) {
            alarms = value;
            return this;
        }

        /** Changes the current alarm settings, e.g. {@code .alarms(a -> a.withLatency(0.5, 1.0))}. */
        public Builder alarms(UnaryOperator<AlarmSettings> change) {
            alarms = change.apply(alarms != null ? alarms : AlarmSettings.DEFAULT);
            return this;
        }

        public Builder smokeTest(SmokeTestSettings value) {
            smokeTest = value;
            return this;
        }

        /** Changes the current smoke test, e.g. {@code .smokeTest(t -> t.withChecks(List.of(SmokeCheck.ok("/health"))))}. */
        public Builder smokeTest(UnaryOperator<SmokeTestSettings> change) {
            smokeTest = change.apply(smokeTest != null ? smokeTest : SmokeTestSettings.DEFAULT);
            return this;
        }

        public EnvironmentConfig build() {
            try {
                return new EnvironmentConfig(serviceName, name, region, account, tags, network, stateBackend, container, traffic,
                        ecs, deployment, pipeline, notificationEmails, alarms, smokeTest);
            } catch (InvalidConfigException e) {
                throw e.within("environment '" + name + "'");
            }
        }
    }
}
