package io.bluegreen.platform;

import io.bluegreen.platform.lambda.LambdaCanaryService;
import io.bluegreen.platform.lambda.LambdaDeploymentConfig;
import io.bluegreen.pipeline.PipelineSettings;
import io.bluegreen.platform.lambda.FunctionAlarms;
import io.bluegreen.platform.lambda.FunctionSettings;
import io.bluegreen.platform.lambda.HookSettings;
import io.bluegreen.traffic.TrafficSettings;
import io.bluegreen.validation.Check;
import software.constructs.Construct;

import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Lambda canary/linear: the service is a function that callers reach through an alias; each push is packaged and
 * published as a new version, and CodeDeploy shifts the alias from the current version to it (a canary share first,
 * linear steps, or all at once), with validation hooks before and after traffic moves and rollback on failure or
 * alarm. CodePipeline has no CodeDeploy action for Lambda, so the deploy stage is a build step that creates the
 * deployment and waits for its outcome.
 *
 * @param function runtime, handler, memory, timeout, environment, VPC, permissions
 * @param aliasName the alias callers use (default live)
 * @param functionUrl whether the alias gets an IAM-authenticated function URL
 * @param deploymentConfig how the alias shifts (default LambdaCanary10Percent5Minutes)
 * @param hooks test event and expected answer of the BeforeAllowTraffic / AfterAllowTraffic hooks, their names
 * @param alarms errors, throttles, p99 duration of the alias that roll back
 * @param pipeline source, approval stage, build size, retention
 * @param buildspec the build stage's spec, escaped for Terraform (the project's buildspec-lambda.yml)
 * @param deployBuildspec the deploy step's spec, escaped for Terraform (the project's buildspec-lambda-deploy.yml)
 */
public record LambdaCanary(FunctionSettings function, String aliasName, boolean functionUrl,
                           LambdaDeploymentConfig deploymentConfig, HookSettings hooks, FunctionAlarms.Settings alarms,
                           PipelineSettings pipeline, String buildspec, String deployBuildspec) implements Platform {
    private static final Pattern BUILDSPEC = Pattern.compile("(?s).*version: 0\\.2.*");

    /** What the deploy step needs beyond the shifting itself: publishing, both hooks (up to 15 minutes each), margin. */
    public static final int DEPLOY_MARGIN_MINUTES = 40;
    /**
     * How long before its own timeout the deploy step stops a deployment still running (with rollback): time to
     * stop it and report, so that no deployment goes on after the pipeline gave up.
     */
    public static final int DEPLOY_STOP_MARGIN_MINUTES = 5;
    /** The longest build CodeBuild runs here (the deploy step is one). */
    public static final int MAX_DEPLOY_MINUTES = 480;

    public LambdaCanary {
        Check check = Check.in("Lambda canary");
        check.notNull("function", function, "e.g. FunctionSettings.of(\"python3.13\", \"app.handler\")");
        check.notNull("aliasName", aliasName, "e.g. live");
        check.notNull("deploymentConfig", deploymentConfig, "e.g. new LambdaDeploymentConfig.BuiltIn(\"LambdaCanary10Percent5Minutes\")");
        check.require(deploymentConfig.shiftMinutes() + DEPLOY_MARGIN_MINUTES <= MAX_DEPLOY_MINUTES, "deploymentConfig",
                deploymentConfig.role(), "a config that shifts within " + (MAX_DEPLOY_MINUTES - DEPLOY_MARGIN_MINUTES)
                        + " minutes (this one takes " + deploymentConfig.shiftMinutes() + "): the deploy step, a CodeBuild"
                        + " build of at most " + MAX_DEPLOY_MINUTES + " minutes, watches the whole deployment",
                "use a shorter interval or a larger percentage");
        check.notNull("hooks", hooks, "e.g. HookSettings.DEFAULT");
        check.notNull("alarms", alarms, "e.g. FunctionAlarms.Settings.DEFAULT");
        check.notNull("pipeline", pipeline, "call .pipeline(PipelineSettings.of(source))");
        Platform.checkFileSource(check, pipeline, "Lambda canary", "a function package zipped from files");
        for (String[] spec : new String[][] {{"buildspec", buildspec, "buildspec-lambda.yml"},
                {"deployBuildspec", deployBuildspec, "buildspec-lambda-deploy.yml"}}) {
            check.require(spec[1] != null && BUILDSPEC.matcher(spec[1]).matches(), spec[0],
                    spec[1] == null ? null : "<" + spec[1].length() + " characters>",
                    "the contents of a CodeBuild buildspec (version: 0.2)", "pass the project's " + spec[2] + " (ProjectFiles.embed)");
        }
    }

    /** The deploy step's timeout: the config's shifting plus publishing, both hooks and margin. */
    public int deployTimeoutMinutes() {
        return deploymentConfig.shiftMinutes() + DEPLOY_MARGIN_MINUTES;
    }

    @Override
    public String displayName() {
        return "Lambda canary";
    }

    /** A Lambda service has no load balancer of its own. */
    @Override
    public TrafficSettings traffic() {
        return null;
    }

    @Override
    public LambdaCanaryService build(Construct stack, ServiceContext context) {
        return LambdaCanaryService.compose(stack, context, this);
    }

    /**
     * A builder holding this platform's defaults: alias live, no function URL, LambdaCanary10Percent5Minutes,
     * {@link HookSettings#DEFAULT}, {@link FunctionAlarms.Settings#DEFAULT}. The function, the pipeline and the
     * buildspecs have no default.
     */
    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.function = function;
        b.aliasName = aliasName;
        b.functionUrl = functionUrl;
        b.deploymentConfig = deploymentConfig;
        b.hooks = hooks;
        b.alarms = alarms;
        b.pipeline = pipeline;
        b.buildspec = buildspec;
        b.deployBuildspec = deployBuildspec;
        return b;
    }

    /** Fluent builder; each setting can be given or changed from its current value. */
    public static final class Builder {
        /** No default: the function ({@link FunctionSettings#of}). */
        private FunctionSettings function;
        /** @default "live": the alias callers invoke and CodeDeploy shifts. */
        private String aliasName = "live";
        /** @default false: callers invoke the alias through the Lambda API; a URL is an opt-in. */
        private boolean functionUrl;
        /** @default LambdaCanary10Percent5Minutes: a tenth of the calls for five minutes, long enough for the one-minute alarms to fire twice. */
        private LambdaDeploymentConfig deploymentConfig = new LambdaDeploymentConfig.BuiltIn("LambdaCanary10Percent5Minutes");
        /** @default {@link HookSettings#DEFAULT}. */
        private HookSettings hooks = HookSettings.DEFAULT;
        /** @default {@link FunctionAlarms.Settings#DEFAULT}. */
        private FunctionAlarms.Settings alarms = FunctionAlarms.Settings.DEFAULT;
        /** No default: where releases come from ({@link PipelineSettings#of}). */
        private PipelineSettings pipeline;
        /** No default: the environments pass the project's buildspec-lambda.yml (environments' Defaults). */
        private String buildspec;
        /** No default: the environments pass the project's buildspec-lambda-deploy.yml (environments' Defaults). */
        private String deployBuildspec;

        private Builder() {
        }

        public Builder function(FunctionSettings value) {
            function = value;
            return this;
        }

        /** Changes the function, e.g. {@code .function(f -> f.withMemory(512))}. */
        public Builder function(UnaryOperator<FunctionSettings> change) {
            function = change.apply(function);
            return this;
        }

        public Builder aliasName(String value) {
            aliasName = value;
            return this;
        }

        public Builder functionUrl(boolean value) {
            functionUrl = value;
            return this;
        }

        public Builder deploymentConfig(LambdaDeploymentConfig value) {
            deploymentConfig = value;
            return this;
        }

        public Builder hooks(HookSettings value) {
            hooks = value;
            return this;
        }

        public Builder alarms(FunctionAlarms.Settings value) {
            alarms = value;
            return this;
        }

        public Builder pipeline(PipelineSettings value) {
            pipeline = value;
            return this;
        }

        /** Changes the pipeline settings, e.g. {@code .pipeline(p -> p.withApprovalStage(true))}. */
        public Builder pipeline(UnaryOperator<PipelineSettings> change) {
            pipeline = change.apply(pipeline);
            return this;
        }

        public Builder buildspecs(String build, String deploy) {
            buildspec = build;
            deployBuildspec = deploy;
            return this;
        }

        public LambdaCanary build() {
            return new LambdaCanary(function, aliasName, functionUrl, deploymentConfig, hooks, alarms, pipeline, buildspec,
                    deployBuildspec);
        }
    }
}
