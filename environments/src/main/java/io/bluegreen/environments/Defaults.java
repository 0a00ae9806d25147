package io.bluegreen.environments;

import io.bluegreen.platform.ecs.ContainerSpec;
import io.bluegreen.pipeline.PipelineSettings;
import io.bluegreen.pipeline.PipelineSource;
import io.bluegreen.platform.server.AppSettings;
import io.bluegreen.platform.Ec2BlueGreen;
import io.bluegreen.platform.Ec2InPlace;
import io.bluegreen.platform.EcsBlueGreen;
import io.bluegreen.platform.LambdaCanary;
import io.bluegreen.platform.lambda.FunctionSettings;
import io.bluegreen.platform.lambda.HookSettings;

import java.util.Map;

/**
 * Values shared by every environment and the definitions of the services they deliver. An environment package
 * starts from {@link #environment(String)}, declares its services (usually from a shared definition here, such as
 * {@link #checkout()}) and overrides only what differs. Defaults of the settings themselves live with each setting
 * (e.g. {@code TrafficSettings.DEFAULT}), never here.
 */
public final class Defaults {
    public static final String REGION = "eu-west-1";
    public static final Map<String, String> TAGS = Map.of("owner", "platform-team");

    /** The example service every environment delivers. Rename it here; its stack ids and AWS names follow. */
    public static final String CHECKOUT = "checkout";
    /**
     * The checkout application as examples/ecs-app builds it: container "web" on port 8080, run as uid and gid 10001
     * (the image's USER; a uid alone would run with group 0) with a read-only root file system and nothing writable (the example writes no files), the image's
     * own command, 0.25 vCPU / 512 MiB. Until the pipeline's first release the placeholder serves on 8080.
     */
    public static final ContainerSpec CHECKOUT_CONTAINER = ContainerSpec.of("web", 8080, "10001:10001");
    /**
     * The checkout application's health endpoint (examples/ecs-app serves it): the target groups' health check, and so
     * the smoke test's default check on the test listener.
     */
    public static final String CHECKOUT_HEALTH_PATH = "/health";
    /** CHANGE ME: the application repository (owner/name) whose pushes the pipeline deploys. */
    public static final String APP_REPOSITORY = "acme/checkout";
    public static final String APP_BRANCH = "main";
    /**
     * CHANGE ME: an existing CodeStar connection (Developer Tools > Settings > Connections), used by every environment
     * that does not choose its own (staging). A connection serves pipelines of its own account only: an environment
     * in another account sets its own (prod). dev creates its own connection (docs/configuration.md: source connection).
     */
    public static final String CONNECTION_ARN =
            "arn:aws:codestar-connections:eu-west-1:111122223333:connection/6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d";

    /** The example EC2 in-place service every environment delivers (examples/ec2-app). */
    public static final String CATALOG = "catalog";
    /** CHANGE ME: the catalog application's repository (owner/name). */
    public static final String CATALOG_REPOSITORY = "acme/catalog";

    /** The example EC2 blue/green service every environment delivers (the same examples/ec2-app). */
    public static final String ORDERS = "orders";
    /** CHANGE ME: the orders application's repository (owner/name). */
    public static final String ORDERS_REPOSITORY = "acme/orders";

    /**
     * The example service for servers this project does not launch (examples/ec2-app on tagged EC2 instances and
     * registered on-premises servers). Only dev delivers it: harmless while no server carries its tag.
     */
    public static final String INVENTORY = "inventory";
    /** CHANGE ME: the inventory application's repository (owner/name). */
    public static final String INVENTORY_REPOSITORY = "acme/inventory";
    /** The tag key the inventory servers carry; its value is {@code inventory-<environment>}. */
    public static final String SERVER_TAG_KEY = "bluegreen:service";

    /** The example Lambda canary service every environment delivers (examples/lambda-app). */
    public static final String PRICING = "pricing";
    /** CHANGE ME: the pricing function's repository (owner/name). */
    public static final String PRICING_REPOSITORY = "acme/pricing";

    private Defaults() {
    }

    /** The application repository's {@link #APP_BRANCH} through the existing connection {@code connectionArn}. */
    public static PipelineSource connectionSource(String connectionArn) {
        return connectionSource(connectionArn, APP_REPOSITORY);
    }

    /** {@code repository}'s {@link #APP_BRANCH} through the existing connection {@code connectionArn}. */
    public static PipelineSource connectionSource(String connectionArn, String repository) {
        return new PipelineSource.CodeStarConnection(new PipelineSource.Existing(connectionArn), repository, APP_BRANCH);
    }

    /** A builder holding the shared defaults for the environment {@code name}; add its services. */
    public static EnvironmentConfig.Builder environment(String name) {
        return EnvironmentConfig.builder()
                .name(name)
                .region(REGION)
                .tags(TAGS);
    }

    /**
     * The catalog service as every environment delivers it: EC2 in place, the example application of examples/ec2-app
     * (python3 app.py on 8080), a t3.small fleet of 2 (1..3), one instance at a time, the project's buildspec-ec2.yml.
     */
    public static Ec2InPlace.Builder catalog() {
        return catalog(ServiceDefaults.NONE);
    }

    /** {@link #catalog()} with the environment's {@code defaults}. */
    public static Ec2InPlace.Builder catalog(ServiceDefaults defaults) {
        Ec2InPlace.Builder catalog = Ec2InPlace.builder()
                .app(AppSettings.of(8080, "python3 app.py"))
                .traffic(t -> traffic(t, defaults))
                .pipeline(pipeline(defaults, CATALOG_REPOSITORY))
                .buildspec(ProjectFiles.embed(ProjectFiles.BUILDSPEC_EC2));
        return defaults.alarms() == null ? catalog : catalog.alarms(defaults.alarms());
    }

    /**
     * The orders service as every environment delivers it: EC2 blue/green (a copied fleet per deployment), the example
     * application of examples/ec2-app (python3 app.py on 8080), a t3.small fleet of 2 (1..3) to start from, green
     * installed one instance at a time and taking traffic once validated, blue terminated 5 minutes later, a failed
     * green deleted after 60 minutes, the project's buildspec-ec2.yml.
     */
    public static Ec2BlueGreen.Builder orders() {
        return orders(ServiceDefaults.NONE);
    }

    /** {@link #orders()} with the environment's {@code defaults}. */
    public static Ec2BlueGreen.Builder orders(ServiceDefaults defaults) {
        Ec2BlueGreen.Builder orders = Ec2BlueGreen.builder()
                .app(AppSettings.of(8080, "python3 app.py"))
                .traffic(t -> traffic(t, defaults))
                .pipeline(pipeline(defaults, ORDERS_REPOSITORY))
                .buildspec(ProjectFiles.embed(ProjectFiles.BUILDSPEC_EC2));
        return defaults.alarms() == null ? orders : orders.alarms(defaults.alarms());
    }

    /**
     * The pricing service as every environment delivers it: a Lambda function (python3.13, app.handler of
     * examples/lambda-app) behind the alias live, released by CodeDeploy 10% first and the rest 5 minutes later
     * (LambdaCanary10Percent5Minutes), validated before and after with {"path": "/health"} expecting "ok", the
     * project's buildspec-lambda.yml and buildspec-lambda-deploy.yml.
     */
    public static LambdaCanary.Builder pricing() {
        return pricing(ServiceDefaults.NONE);
    }

    /** {@link #pricing()} with the environment's {@code defaults}. */
    public static LambdaCanary.Builder pricing(ServiceDefaults defaults) {
        FunctionSettings function = FunctionSettings.of("python3.13", "app.handler");
        LambdaCanary.Builder pricing = LambdaCanary.builder()
                .function(defaults.logRetentionDays() == null ? function : function.withLogRetentionDays(defaults.logRetentionDays()))
                .hooks(HookSettings.DEFAULT.withTestEvent("{\"path\": \"/health\"}", "ok"))
                .pipeline(pipeline(defaults, PRICING_REPOSITORY))
                .buildspecs(ProjectFiles.embed(ProjectFiles.BUILDSPEC_LAMBDA), ProjectFiles.embed(ProjectFiles.BUILDSPEC_LAMBDA_DEPLOY));
        return defaults.functionAlarms() == null ? pricing : pricing.alarms(defaults.functionAlarms());
    }

    /**
     * The checkout service as every environment delivers it (ECS blue/green of examples/ecs-app, its target groups
     * checking {@link #CHECKOUT_HEALTH_PATH}, the project's buildspec.yml, the shared connection); environments change
     * what differs with {@code .toBuilder()}.
     */
    public static EcsBlueGreen.Builder checkout() {
        return checkout(ServiceDefaults.NONE);
    }

    /** {@link #checkout()} with the environment's {@code defaults}. */
    public static EcsBlueGreen.Builder checkout(ServiceDefaults defaults) {
        EcsBlueGreen.Builder checkout = EcsBlueGreen.builder()
                .container(CHECKOUT_CONTAINER)
                .traffic(t -> traffic(t.withHealthCheck(t.healthCheck().withPath(CHECKOUT_HEALTH_PATH)), defaults))
                .ecs(e -> defaults.logRetentionDays() == null ? e : e.withLogRetentionDays(defaults.logRetentionDays()))
                .pipeline(pipeline(defaults, APP_REPOSITORY))
                .buildspec(ProjectFiles.embed(ProjectFiles.BUILDSPEC));
        return defaults.alarms() == null ? checkout : checkout.alarms(defaults.alarms());
    }

    /**
     * The inventory service of the environment {@code environment}: examples/ec2-app (python3 app.py on 8080, run as
     * the system user {@code app}, which the hook scripts create where a server has none) installed in place, one server at a time, on the EC2
     * instances tagged {@code bluegreen:service=inventory-<env>} and the registered on-premises servers tagged the same,
     * at least one server; the on-premises servers' credentials come from the organisation's credential job
     * ({@code onPremisesTrust}), the project's buildspec-ec2.yml. No alarm gate: the servers have no alarms of ours.
     */
    public static io.bluegreen.platform.ExistingServers inventory(String environment, ServiceDefaults defaults,
                                                                  io.bluegreen.platform.existingservers.OnPremisesTrust onPremisesTrust) {
        io.bluegreen.platform.existingservers.ServerTag tag =
                io.bluegreen.platform.existingservers.ServerTag.of(SERVER_TAG_KEY, INVENTORY + "-" + environment);
        return io.bluegreen.platform.ExistingServers.of(s -> {
            s.app = AppSettings.of(8080, "python3 app.py").with(a -> a.runAs = "app");
            s.servers = io.bluegreen.platform.existingservers.ServerSelection.ec2(tag).andOnPremises(tag);
            s.expectedMinFleetSize = 1;
            s.healthPath = "/health";
            s.pipeline = pipeline(defaults, INVENTORY_REPOSITORY).withAlarmGate(false);
            s.onPremises = onPremisesTrust;
            s.buildspec = ProjectFiles.embed(ProjectFiles.BUILDSPEC_EC2);
        });
    }

    /** The load balancer settings {@code defaults} give every service: certificate and deletion protection. */
    static io.bluegreen.traffic.TrafficSettings traffic(io.bluegreen.traffic.TrafficSettings traffic, ServiceDefaults defaults) {
        io.bluegreen.traffic.TrafficSettings t = traffic;
        if (defaults.certificateArn() != null) {
            t = t.withCertificateArn(defaults.certificateArn());
        }
        return defaults.deletionProtection() ? t.withDeletionProtection(true) : t;
    }

    /** The pipeline {@code defaults} give a service whose code is in {@code repository}. */
    static PipelineSettings pipeline(ServiceDefaults defaults, String repository) {
        PipelineSource.Connection connection = defaults.connection() != null ? defaults.connection()
                : new PipelineSource.Existing(CONNECTION_ARN);
        PipelineSettings p = PipelineSettings.of(new PipelineSource.CodeStarConnection(connection, repository, APP_BRANCH));
        if (defaults.approvalStage()) {
            p = p.withApprovalStage(true);
        }
        if (defaults.logRetentionDays() != null) {
            p = p.withLogRetentionDays(defaults.logRetentionDays());
        }
        if (defaults.deployWindow() != null) {
            p = p.withDeployWindow(defaults.deployWindow());
        }
        if (defaults.alarmGate()) {
            p = p.withAlarmGate(true);
        }
        return defaults.forceDestroyArtifacts() ? p.withForceDestroyArtifacts(true) : p;
    }
}
