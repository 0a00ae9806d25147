package io.bluegreen.environments;

import io.bluegreen.alarms.AlarmSettings;
import io.bluegreen.pipeline.PipelineSource;
import io.bluegreen.platform.lambda.FunctionAlarms;
import io.bluegreen.validation.Check;

/**
 * What is the same for every service of an environment, stated once in the environment's file and applied to each
 * service by {@link Defaults#checkout(ServiceDefaults)} and its siblings; a service that says otherwise changes it after
 * (e.g. {@code .pipeline(p -> p.withApprovalStage(false))}). Start from {@link #NONE} and set what differs.
 *
 * @param certificateArn the ACM certificate of the services' load balancers (HTTPS on 443, 80 redirecting, HTTPS test
 *                       port). Default: none, the load balancers serve plain HTTP (the dev quick start only)
 * @param deletionProtection the load balancers' deletion protection. Default: off
 * @param logRetentionDays how long every log group of the services keeps its logs (application, build, function).
 *                         Default: null, each platform's own default (30 days)
 * @param connection the CodeStar connection every service's pipeline starts from (each with its own repository and
 *                   the application branch). Default: null, the project's shared existing connection
 *                   ({@link Defaults#CONNECTION_ARN})
 * @param approvalStage a manual approval before every deploy stage. Default: off
 * @param forceDestroyArtifacts a destroy deletes the artifacts, images and logs (a disposable environment).
 *                              Default: off, a destroy keeps them (docs/runbook.md: what a destroy keeps)
 * @param alarms the rollback alarms of every load-balanced service (ECS, EC2 in place, EC2 blue/green), e.g. stricter
 *               thresholds in prod or {@link AlarmSettings#OFF} in a scratch environment. Default: null, each service's
 *               own ({@link AlarmSettings#DEFAULT})
 * @param functionAlarms the rollback alarms of every Lambda service. Default: null, each service's own
 *                       ({@link FunctionAlarms.Settings#DEFAULT})
 */
public record ServiceDefaults(String certificateArn, boolean deletionProtection, Integer logRetentionDays,
                              PipelineSource.Connection connection, boolean approvalStage, boolean forceDestroyArtifacts,
                              AlarmSettings alarms, FunctionAlarms.Settings functionAlarms) {
    /** Nothing environment-wide: every service keeps its platform's defaults. */
    public static final ServiceDefaults NONE = new ServiceDefaults(null, false, null, null, false, false, null, null);

    public ServiceDefaults {
        Check check = Check.in("ServiceDefaults");
        if (logRetentionDays != null) {
            check.between("logRetentionDays", logRetentionDays, 1, 3653, "use e.g. 365");
        }
    }

    public ServiceDefaults withCertificate(String arn) {
        return new ServiceDefaults(arn, deletionProtection, logRetentionDays, connection, approvalStage,
                forceDestroyArtifacts, alarms, functionAlarms);
    }

    public ServiceDefaults withDeletionProtection(boolean value) {
        return new ServiceDefaults(certificateArn, value, logRetentionDays, connection, approvalStage,
                forceDestroyArtifacts, alarms, functionAlarms);
    }

    public ServiceDefaults withLogRetentionDays(int days) {
        return new ServiceDefaults(certificateArn, deletionProtection, days, connection, approvalStage,
                forceDestroyArtifacts, alarms, functionAlarms);
    }

    public ServiceDefaults withConnection(PipelineSource.Connection value) {
        return new ServiceDefaults(certificateArn, deletionProtection, logRetentionDays, value, approvalStage,
                forceDestroyArtifacts, alarms, functionAlarms);
    }

    public ServiceDefaults withApprovalStage(boolean value) {
        return new ServiceDefaults(certificateArn, deletionProtection, logRetentionDays, connection, value,
                forceDestroyArtifacts, alarms, functionAlarms);
    }

    public ServiceDefaults withForceDestroyArtifacts(boolean value) {
        return new ServiceDefaults(certificateArn, deletionProtection, logRetentionDays, connection, approvalStage,
                value, alarms, functionAlarms);
    }

    public ServiceDefaults withAlarms(AlarmSettings value) {
        return new ServiceDefaults(certificateArn, deletionProtection, logRetentionDays, connection, approvalStage,
                forceDestroyArtifacts, value, functionAlarms);
    }

    public ServiceDefaults withFunctionAlarms(FunctionAlarms.Settings value) {
        return new ServiceDefaults(certificateArn, deletionProtection, logRetentionDays, connection, approvalStage,
                forceDestroyArtifacts, alarms, value);
    }
}
