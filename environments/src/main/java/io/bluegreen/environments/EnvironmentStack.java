package io.bluegreen.environments;

import com.hashicorp.cdktf.LocalBackend;
import com.hashicorp.cdktf.LocalBackendConfig;
import com.hashicorp.cdktf.S3Backend;
import com.hashicorp.cdktf.S3BackendConfig;
import com.hashicorp.cdktf.DataTerraformRemoteStateS3;
import com.hashicorp.cdktf.DataTerraformRemoteStateS3Config;
import com.hashicorp.cdktf.TerraformRemoteState;
import com.hashicorp.cdktf.TerraformStack;
import com.hashicorp.cdktf.providers.aws.provider.AwsProvider;
import com.hashicorp.cdktf.providers.aws.provider.AwsProviderDefaultTags;
import software.constructs.Construct;

import java.util.List;

/**
 * What every stack of an environment has: the AWS provider (region, default tags, allowed account, the 5.x
 * constraint) and the state backend with a key of its own. Provider, backend and default tags live here, never in a
 * reusable construct.
 */
public abstract class EnvironmentStack extends TerraformStack {
    /**
     * The AWS provider versions the stacks accept: the 5.x line, never 6.x (a major version with breaking changes).
     * The prebuilt Java bindings were generated for 5.23.1; what they lack is written as overrides (PipelineV2). The
     * floor follows the newest attribute used: python3.13 for the smoke-test hook needs 5.77.0
     * (hashicorp/terraform-provider-aws#40107), the pipelines' {@code pipeline_type} and {@code variable} 5.32.0,
     * {@code execution_mode} 5.38.0, {@code trigger} 5.39.0, and the stages' {@code before_entry} / {@code on_failure}
     * came with provider PR #41663 (a 2025 5.9x release). The floor is 5.100.0, the release the real-provider checks
     * validate every stack with: the changelog stored here does not name #41663's release, and a floor below what was
     * validated would be a guess. docs/operations.md: Terraform and provider versions.
     */
    public static final String AWS_PROVIDER_CONSTRAINT = ">= 5.100.0, < 6.0.0";

    /**
     * The Terraform versions the stacks accept: 1.11 and newer. The S3 backend locks with the state bucket itself
     * ({@code use_lockfile}), generally available since 1.11, which also deprecates the DynamoDB lock table. An
     * older Terraform stops at once with "Unsupported Terraform Core version". docs/operations.md: Terraform and provider versions.
     */
    public static final String TERRAFORM_VERSION_CONSTRAINT = ">= 1.11.0";

    private final EnvironmentConfig environment;

    /**
     * @param unit what the stack holds: a service's name, or {@link ServiceConfig#SHARED}; it names the stack
     *             ({@code <env>-<unit>}), the state ({@code <unit>/<env>/terraform.tfstate}) and the "service" tag
     */
    protected EnvironmentStack(Construct scope, EnvironmentConfig environment, String unit) {
        super(scope, stackId(environment.name(), unit));
        this.environment = environment;
        AwsProvider.Builder aws = AwsProvider.Builder.create(this, "Aws")
                .region(environment.region())
                .defaultTags(List.of(AwsProviderDefaultTags.builder().tags(environment.defaultTags(unit)).build()));
        if (environment.account() != null) {
            // Terraform refuses to plan or apply with credentials of any other account.
            aws.allowedAccountIds(List.of(environment.account()));
        }
        aws.build();
        // The bindings pin the exact version they were generated for; widen it to the 5.x line.
        addOverride("terraform.required_providers.aws.version", AWS_PROVIDER_CONSTRAINT);
        addOverride("terraform.required_version", TERRAFORM_VERSION_CONSTRAINT);
        if (environment.stateBackend() instanceof StateBackend.S3 s3) {
            S3BackendConfig.Builder backend = S3BackendConfig.builder()
                    .bucket(s3.bucket())
                    .key(stateKey(environment.name(), unit))
                    .region(s3.region() != null ? s3.region() : environment.region())
                    .encrypt(true);
            S3BackendConfig read = backend.build();
            if (s3.transitionLockTable() != null) {
                backend.dynamodbTable(s3.transitionLockTable());
            }
            new StateBackendS3(this, backend.build(), read);
            // The bindings of cdktf 0.19.2 predate use_lockfile: the lock is a <key>.tflock object in the state bucket.
            addOverride("terraform.backend.s3.use_lockfile", true);
        } else {
            // Terraform runs in cdktf.out/stacks/<id>; the state file lives in the project root as
            // terraform.<id>.tfstate (git-ignored). A relative path keeps the synthesized JSON machine-independent, and
            // a service stack reads its shared stack's state through the same relative path.
            new LocalBackend(this, LocalBackendConfig.builder()
                    .path("../../../terraform." + stackId(environment.name(), unit) + ".tfstate")
                    .build());
        }
    }

    /**
     * The S3 backend, whose state reads elsewhere (the service stacks' terraform_remote_state of this stack) take
     * only what reading needs: no lock settings. cdktf would copy the backend's, and a transition lock table there
     * draws Terraform's deprecation warning in every reading stack although a read never locks.
     */
    static final class StateBackendS3 extends S3Backend {
        private final S3BackendConfig read;

        StateBackendS3(Construct scope, S3BackendConfig config, S3BackendConfig read) {
            super(scope, config);
            this.read = read;
        }

        @Override
        public TerraformRemoteState getRemoteStateDataSource(Construct scope, String name, String fromStack) {
            return new DataTerraformRemoteStateS3(scope, name, DataTerraformRemoteStateS3Config.builder()
                    .bucket(read.getBucket())
                    .key(read.getKey())
                    .region(read.getRegion())
                    .encrypt(read.getEncrypt())
                    .workspace("${terraform.workspace}")
                    .build());
        }
    }

    /** The stack id: {@code <env>-<unit>}, e.g. {@code prod-checkout} or {@code prod-shared}. */
    public static String stackId(String environment, String unit) {
        return environment + "-" + unit;
    }

    /**
     * The S3 state key: {@code <unit>/<env>/terraform.tfstate}, one per stack, so environments share a bucket. A
     * service keeps the key it had when each environment was one stack ({@code checkout/prod/...}).
     */
    public static String stateKey(String environment, String unit) {
        return unit + "/" + environment + "/terraform.tfstate";
    }
}
