package io.bluegreen.environments;

import io.bluegreen.settings.Settings;
import io.bluegreen.alarms.AlarmSettings;
import io.bluegreen.pipeline.DeploymentWindow;
import io.bluegreen.pipeline.PipelineSource;
import io.bluegreen.platform.lambda.FunctionAlarms;
import io.bluegreen.validation.Check;

/**
 * What is the same for every service of an environment, stated once in the environment's file and applied to each
 * service by {@link Defaults#checkout(ServiceDefaults)} and its siblings; a service that says otherwise changes it after
 * (e.g. {@code .pipeline(p -> p.withApprovalStage(false))}). Start from {@link #NONE} and set what differs, with
 * {@link #with} or the {@code with...} methods; each field's default and its reason are on {@link Builder}.
 *
 * @param certificateArn the ACM certificate of the services' load balancers (HTTPS on 443, 80 redirecting, HTTPS test
 *                       port)
 * @param deletionProtection the load balancers' deletion protection
 * @param logRetentionDays how long every log group of the services keeps its logs (application, build, function)
 * @param connection the CodeStar connection every service's pipeline starts from (each with its own repository and
 *                   the application branch)
 * @param approvalStage a manual approval before every deploy stage
 * @param forceDestroyArtifacts a destroy deletes the artifacts, images and logs (a disposable environment); off, a
 *                              destroy keeps them (docs/runbook.md: what a destroy keeps)
 * @param alarms the rollback alarms of every load-balanced service (ECS, EC2 in place, EC2 blue/green), e.g. stricter
 *               thresholds in prod or {@link AlarmSettings#OFF} in a scratch environment
 * @param functionAlarms the rollback alarms of every Lambda service
 * @param deployWindow when every service's releases may start deploying (CodePipeline's DeploymentWindow rule)
 * @param alarmGate every service's pipeline holds a release while the service's rollback alarms fire
 */
public record ServiceDefaults(String certificateArn, boolean deletionProtection, Integer logRetentionDays,
                              PipelineSource.Connection connection, boolean approvalStage, boolean forceDestroyArtifacts,
                              AlarmSettings alarms, FunctionAlarms.Settings functionAlarms,
                              DeploymentWindow deployWindow, boolean alarmGate)
        implements Settings<ServiceDefaults, ServiceDefaults.Builder> {
    /** Every field at its default ({@link Builder}): nothing environment-wide; every service keeps its platform's defaults. */
    public static final ServiceDefaults NONE = Settings.defaults(ServiceDefaults.class);

    /** The settings and their defaults; change the ones you need with {@link #with}. */
    public static final class Builder {
        /** @default null: the load balancers serve plain HTTP (the dev quick start only). */
        public String certificateArn = null;
        /** @default false: an environment can be destroyed; production turns it on. */
        public boolean deletionProtection = false;
        /** @default null: each platform's own default (30 days). */
        public Integer logRetentionDays = null;
        /** @default null: the project's shared existing connection ({@link Defaults#CONNECTION_ARN}). */
        public PipelineSource.Connection connection = null;
        /** @default false: no manual approval; production adds one. */
        public boolean approvalStage = false;
        /** @default false: a destroy keeps artifacts, images and logs, which may be all that is left of a release. */
        public boolean forceDestroyArtifacts = false;
        /** @default null: each service's own ({@link AlarmSettings#DEFAULT}). */
        public AlarmSettings alarms = null;
        /** @default null: each service's own ({@link FunctionAlarms.Settings#DEFAULT}). */
        public FunctionAlarms.Settings functionAlarms = null;
        /** @default null: releases deploy whenever they are ready; production names its window. */
        public DeploymentWindow deployWindow = null;
        /** @default false: outside production a release deploys whatever the alarms say. */
        public boolean alarmGate = false;
    }

    public ServiceDefaults {
        Check check = Check.in("ServiceDefaults");
        if (logRetentionDays != null) {
            check.between("logRetentionDays", logRetentionDays, 1, 3653, "use e.g. 365");
        }
    }

    public ServiceDefaults withCertificate(String arn) {
        return with(d -> d.certificateArn = arn);
    }

    public ServiceDefaults withDeletionProtection(boolean value) {
        return with(d -> d.deletionProtection = value);
    }

    public ServiceDefaults withLogRetentionDays(int days) {
        return with(d -> d.logRetentionDays = days);
    }

    public ServiceDefaults withConnection(PipelineSource.Connection value) {
        return with(d -> d.connection = value);
    }

    public ServiceDefaults withApprovalStage(boolean value) {
        return with(d -> d.approvalStage = value);
    }

    public ServiceDefaults withForceDestroyArtifacts(boolean value) {
        return with(d -> d.forceDestroyArtifacts = value);
    }

    public ServiceDefaults withAlarms(AlarmSettings value) {
        return with(d -> d.alarms = value);
    }

    public ServiceDefaults withFunctionAlarms(FunctionAlarms.Settings value) {
        return with(d -> d.functionAlarms = value);
    }

    /** Every service's releases start deploying only in {@code window}. */
    public ServiceDefaults withDeployWindow(DeploymentWindow window) {
        return with(d -> d.deployWindow = window);
    }

    /** Every service's pipeline holds a release while the service's rollback alarms fire (or not). */
    public ServiceDefaults withAlarmGate(boolean value) {
        return with(d -> d.alarmGate = value);
    }
}
