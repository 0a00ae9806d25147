package io.bluegreen.main;

import com.hashicorp.cdktf.App;
import com.hashicorp.cdktf.AppConfig;
import io.bluegreen.environments.AppSynth;
import io.bluegreen.environments.Defaults;
import io.bluegreen.environments.EnvironmentConfig;
import io.bluegreen.environments.EnvironmentStack;
import io.bluegreen.environments.ServiceConfig;
import io.bluegreen.network.VpcSource;
import io.bluegreen.pipeline.DeploymentWindow;
import io.bluegreen.pipeline.PipelineSource;
import io.bluegreen.pipeline.PipelineVariable;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Environments that exist only for tests, synthesized the way {@code cdktf synth} does (real App, assets written). */
final class TestEnvironments {
    private TestEnvironments() {
    }

    /**
     * qa: one environment (a created VPC) with every platform started from every kind of pipeline source it accepts
     * beyond the CodeStar connections the shipped environments use (dev creates its connections, staging and prod
     * reference existing ones): ECS from an ECR image push, an S3 object and CodeCommit; EC2 in place, EC2 blue/green
     * and Lambda from an S3 object and CodeCommit. Nine services in one environment, sharing one network. The V2 pipeline
     * settings vary across them: variables on the ECR image service, a deployment window and an alarm gate on the EC2
     * in-place CodeCommit service (no approval: the window waits before the build), an alarm gate on a Lambda service.
     */
    static EnvironmentConfig everyPlatformOnEverySource() {
        return Defaults.environment("qa").network(VpcSource.Create.of("10.0.0.0/16"))
                .service("ecs-image", () -> Defaults.checkout()
                        .pipeline(p -> p.withSource(new PipelineSource.EcrImagePush("release"))
                                .withVariables(List.of(new PipelineVariable("RELEASE_NOTE", "none", "Printed by the build"))))
                        .build())
                .service("ecs-upload", () -> Defaults.checkout()
                        .pipeline(p -> p.withSource(new PipelineSource.S3Object("ecs/release.zip"))).build())
                .service("ecs-commit", () -> Defaults.checkout()
                        .pipeline(p -> p.withSource(new PipelineSource.CodeCommit("checkout", "main"))).build())
                .service("inplace-upload", () -> Defaults.catalog()
                        .pipeline(p -> p.withSource(new PipelineSource.S3Object("catalog/release.zip"))).build())
                .service("inplace-commit", () -> Defaults.catalog()
                        .pipeline(p -> p.withSource(new PipelineSource.CodeCommit("catalog", "main"))
                                .withDeployWindow(new DeploymentWindow("* * 8-17 ? * MON-FRI", "UTC")).withAlarmGate(true))
                        .build())
                .service("bluegreen-upload", () -> Defaults.orders()
                        .pipeline(p -> p.withSource(new PipelineSource.S3Object("orders/release.zip"))).build())
                .service("bluegreen-commit", () -> Defaults.orders()
                        .pipeline(p -> p.withSource(new PipelineSource.CodeCommit("orders", "release"))).build())
                .service("lambda-upload", () -> Defaults.pricing()
                        .pipeline(p -> p.withSource(new PipelineSource.S3Object("pricing.zip")).withAlarmGate(true)).build())
                .service("lambda-commit", () -> Defaults.pricing()
                        .pipeline(p -> p.withSource(new PipelineSource.CodeCommit("pricing", "main"))).build())
                .build();
    }

    private static final java.util.Map<String, List<Path>> SYNTHESIZED = new java.util.HashMap<>();

    /**
     * The stack folders of {@code environment}, synthesized once per JVM into a scratch folder: shared first, then its
     * services. Environments are told apart by name.
     */
    static synchronized List<Path> synth(EnvironmentConfig environment) {
        return SYNTHESIZED.computeIfAbsent(environment.name(), name -> synthesize(environment));
    }

    private static List<Path> synthesize(EnvironmentConfig environment) {
        Path out = io.bluegreen.testing.Scratch.dir("env-" + environment.name());
        App app = new App(AppConfig.builder().context(AppSynth.CONTEXT).outdir(out.toString()).skipValidation(true).build());
        AppSynth.synth(app, AppSynth.addStacks(app, List.of(environment)));
        return Stream.concat(Stream.of(ServiceConfig.SHARED), environment.services().stream().map(ServiceConfig::name))
                .map(unit -> out.resolve("stacks").resolve(EnvironmentStack.stackId(environment.name(), unit)))
                .toList();
    }
}
