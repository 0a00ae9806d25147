package io.bluegreen.pipeline;

import com.hashicorp.cdktf.providers.aws.cloudwatch_log_group.CloudwatchLogGroup;
import com.hashicorp.cdktf.providers.aws.codebuild_project.CodebuildProject;
import com.hashicorp.cdktf.providers.aws.codebuild_project.CodebuildProjectArtifacts;
import com.hashicorp.cdktf.providers.aws.codebuild_project.CodebuildProjectEnvironment;
import com.hashicorp.cdktf.providers.aws.codebuild_project.CodebuildProjectEnvironmentEnvironmentVariable;
import com.hashicorp.cdktf.providers.aws.codebuild_project.CodebuildProjectLogsConfig;
import com.hashicorp.cdktf.providers.aws.codebuild_project.CodebuildProjectLogsConfigCloudwatchLogs;
import com.hashicorp.cdktf.providers.aws.codebuild_project.CodebuildProjectSource;
import com.hashicorp.cdktf.providers.aws.iam_role.IamRole;
import com.hashicorp.cdktf.providers.aws.iam_role_policy.IamRolePolicy;
import io.bluegreen.aws.AwsContext;
import io.bluegreen.iam.PolicyDocument;
import io.bluegreen.iam.PolicyStatement;
import io.bluegreen.naming.NameLimit;
import io.bluegreen.naming.Names;
import io.bluegreen.validation.Check;
import software.constructs.Construct;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The pipeline's CodeBuild project: its own role (write its log group, use the artifact store, plus what the
 * platform's build needs, e.g. pushing to the image repository), a log group encrypted with the store's key, and the
 * project running a buildspec with the platform's environment variables. The project is created after its role
 * holds its policy (CodeBuild checks the role when the project is created).
 */
public class BuildProject extends Construct {
    /** CodeBuild image: Ubuntu standard 7.0 (docker, AWS CLI v2). */
    public static final String BUILD_IMAGE = "aws/codebuild/standard:7.0";

    /**
     * @param names naming helper
     * @param store the artifact store (bucket and key)
     * @param buildspec the buildspec, already escaped for Terraform (ProjectFiles.embed)
     * @param variables plain-text environment variables the buildspec reads, in order (never secrets)
     * @param statements what the build needs beyond its logs and the artifacts (e.g. pushing images)
     * @param privileged Docker builds need a privileged container
     * @param settings compute type, timeout and log retention
     * @param role the project's role in the pipeline, naming it and its role and logs: {@link #BUILD} (the build
     *             stage) or another, e.g. "deploy" for a deploy step that runs as a build
     */
    public record Props(Names names, ArtifactStore store, String buildspec, Map<String, String> variables,
                        List<PolicyStatement> statements, boolean privileged, PipelineSettings settings, String role) {
        /** The build stage's project. */
        public Props(Names names, ArtifactStore store, String buildspec, Map<String, String> variables,
                     List<PolicyStatement> statements, boolean privileged, PipelineSettings settings) {
            this(names, store, buildspec, variables, statements, privileged, settings, BUILD);
        }

        public Props {
            Check check = Check.in("BuildProject.Props");
            check.notNull("names", names, "pass the environment's Names");
            check.notNull("store", store, "pass the ArtifactStore construct");
            check.require(buildspec != null && buildspec.contains("version: 0.2"), "buildspec",
                    buildspec == null ? null : "<" + buildspec.length() + " characters>",
                    "the contents of a CodeBuild buildspec (version: 0.2)", "pass the project's buildspec.yml");
            // Insertion order is kept: it is the order of the project's environment variables.
            variables = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(Check.orDefault(variables, Map.of())));
            statements = List.copyOf(Check.orDefault(statements, List.of()));
            check.notNull("settings", settings, "pass the environment's PipelineSettings");
            check.require(role != null && role.matches("^[a-z]+$"), "role", role, "a lowercase word such as build or deploy",
                    "name the project's role in the pipeline");
        }
    }

    /** The role of the build stage's project. */
    public static final String BUILD = "build";

    /** The project's name, which also names its log group {@code /aws/codebuild/<name>}. */
    public static String projectName(Names names) {
        return projectName(names, BUILD);
    }

    /** The name of the project with {@code role} (see {@link Props#role()}). */
    public static String projectName(Names names, String role) {
        return names.physical(role, NameLimit.CODEBUILD);
    }

    /** The log group CodeBuild writes to: the artifact store's key must let CloudWatch Logs use it for this name. */
    public static String logGroupName(Names names) {
        return logGroupName(names, BUILD);
    }

    /** The log group of the project with {@code role}. */
    public static String logGroupName(Names names, String role) {
        return "/aws/codebuild/" + projectName(names, role);
    }

    private final CodebuildProject project;
    private final CloudwatchLogGroup logGroup;
    private final IamRole role;

    public BuildProject(Construct scope, String id, Props props) {
        super(scope, id);
        Names names = props.names();
        PipelineSettings settings = props.settings();
        AwsContext aws = AwsContext.of(this);
        String keyArn = props.store().getKeyArn();
        String bucketArn = props.store().getBucketArn();

        logGroup = CloudwatchLogGroup.Builder.create(this, "BuildLogGroup")
                .name(logGroupName(names, props.role()))
                .retentionInDays(settings.logRetentionDays())
                .kmsKeyId(keyArn)
                .build();
        String logGroupArn = logGroup.getArn();

        role = IamRole.Builder.create(this, "BuildRole")
                .name(names.physical(props.role(), NameLimit.IAM_ROLE))
                .description(!props.role().equals(BUILD) ? "CodeBuild of " + names.base() + ": the " + props.role() + " step"
                        : props.privileged() ? "CodeBuild of " + names.base() + ": builds and pushes the image"
                        : "CodeBuild of " + names.base() + ": packages the revision")
                .assumeRolePolicy(PolicyDocument.trust("codebuild.amazonaws.com", aws.accountId()))
                .build();
        List<PolicyStatement> statements = new ArrayList<>();
        statements.add(PolicyStatement.allow("WriteBuildLogs", List.of("logs:CreateLogStream", "logs:PutLogEvents"),
                List.of(logGroupArn, logGroupArn + ":*")));
        statements.addAll(props.statements());
        statements.add(PolicyStatement.allow("Artifacts", List.of("s3:GetObject", "s3:GetObjectVersion", "s3:PutObject"),
                List.of(bucketArn + "/*")));
        statements.add(PolicyStatement.allow("ArtifactBucket", List.of("s3:GetBucketLocation", "s3:GetBucketAcl"),
                List.of(bucketArn)));
        statements.add(props.store().useKeyStatement());
        IamRolePolicy rolePolicy = IamRolePolicy.Builder.create(this, "BuildRolePolicy")
                .name("build")
                .role(role.getName())
                .policy(PolicyDocument.of(statements))
                .build();

        List<CodebuildProjectEnvironmentEnvironmentVariable> variables = new ArrayList<>();
        props.variables().entrySet().forEach(v ->
                variables.add(CodebuildProjectEnvironmentEnvironmentVariable.builder()
                        .name(v.getKey()).value(v.getValue()).type("PLAINTEXT").build()));

        project = CodebuildProject.Builder.create(this, "Build")
                .name(projectName(names, props.role()))
                .description(!props.role().equals(BUILD) ? "The " + props.role() + " step of " + names.base()
                        : (props.privileged() ? "Builds the image of " : "Packages the revision of ") + names.base()
                        + " and writes the deploy artifacts")
                .serviceRole(role.getArn())
                .buildTimeout(settings.buildTimeoutMinutes())
                .queuedTimeout(60)
                .encryptionKey(keyArn)
                .artifacts(CodebuildProjectArtifacts.builder().type("CODEPIPELINE").build())
                .source(CodebuildProjectSource.builder().type("CODEPIPELINE").buildspec(props.buildspec()).build())
                .environment(CodebuildProjectEnvironment.builder()
                        .type("LINUX_CONTAINER")
                        .image(BUILD_IMAGE)
                        .computeType(settings.computeType().name())
                        .privilegedMode(props.privileged())
                        .imagePullCredentialsType("CODEBUILD")
                        .environmentVariable(variables)
                        .build())
                // CodeBuild checks at creation that it can use the role; the role must hold its policy by then.
                .dependsOn(List.of(rolePolicy))
                .logsConfig(CodebuildProjectLogsConfig.builder()
                        .cloudwatchLogs(CodebuildProjectLogsConfigCloudwatchLogs.builder()
                                .groupName(logGroup.getName())
                                .status("ENABLED")
                                .build())
                        .build())
                .build();
    }

    public CodebuildProject getProject() {
        return project;
    }

    public CloudwatchLogGroup getLogGroup() {
        return logGroup;
    }

    public IamRole getRole() {
        return role;
    }
}
