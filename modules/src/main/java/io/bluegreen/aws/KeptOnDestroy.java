package io.bluegreen.aws;

import com.hashicorp.cdktf.DefaultTokenResolver;
import com.hashicorp.cdktf.ResolveOptions;
import com.hashicorp.cdktf.StringConcat;
import com.hashicorp.cdktf.TerraformStack;
import com.hashicorp.cdktf.Tokenization;
import com.hashicorp.cdktf.providers.aws.kms_key.KmsKey;
import com.hashicorp.cdktf.providers.aws.cloudwatch_log_group.CloudwatchLogGroup;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * What a destroy of a service's stack keeps. A disposable environment (its pipeline's
 * {@code forceDestroyArtifacts}, dev) keeps nothing: buckets are emptied, the image repository is deleted with its
 * images, log groups go. Any other environment keeps its data, readable:
 * <ul>
 *   <li>log groups encrypted with no key of the stack (the application's and the hooks' logs: AWS-owned
 *       encryption, or the environment's key from the shared stack) are left in place ({@code skip_destroy}: Terraform
 *       forgets them, CloudWatch keeps them for their retention);</li>
 *   <li>log groups encrypted with a key of the stack (the build logs) go with that key: a kept log group whose key
 *       is scheduled for deletion could not be read;</li>
 *   <li>a bucket or an image repository that still holds objects stops the destroy, and the key its objects are
 *       encrypted with is not deleted (the bucket depends on its key: {@code SecureBucket}).</li>
 * </ul>
 * docs/runbook.md: every platform, what a destroy keeps.
 */
public final class KeptOnDestroy {
    private KeptOnDestroy() {
    }

    /** Marks the log groups below {@code stack} that a destroy keeps, unless the environment is {@code disposable}. */
    public static void apply(Construct stack, boolean disposable) {
        if (disposable) {
            return;
        }
        for (IConstruct node : stack.getNode().findAll()) {
            if (node instanceof CloudwatchLogGroup logs && !encryptedWithAKeyOfThisStack(logs)) {
                logs.setSkipDestroy(true);
            }
        }
    }

    private static boolean encryptedWithAKeyOfThisStack(CloudwatchLogGroup logs) {
        String key = logs.getKmsKeyIdInput();
        if (key == null) {
            return false;
        }
        // The key as Terraform will read it (before cross-stack references become remote state reads).
        Object resolved = Tokenization.resolve(key, ResolveOptions.builder().scope(logs).preparing(false)
                .resolver(new DefaultTokenResolver(new StringConcat())).build());
        String reference = String.valueOf(resolved);
        // A reference to a key names its stack only by where the key is: keys of this stack, or the shared stack's.
        for (IConstruct node : TerraformStack.of(logs).getNode().findAll()) {
            if (node instanceof KmsKey own && reference.startsWith("${aws_kms_key." + own.getFriendlyUniqueId() + ".")) {
                return true;
            }
        }
        return false;
    }
}
