package io.bluegreen.aws;

import com.hashicorp.cdktf.providers.aws.kms_alias.KmsAlias;
import com.hashicorp.cdktf.providers.aws.kms_key.KmsKey;
import io.bluegreen.iam.PolicyDocument;
import io.bluegreen.iam.PolicyStatement;
import io.bluegreen.naming.NameLimit;
import io.bluegreen.naming.Names;
import software.constructs.Construct;

import java.util.ArrayList;
import java.util.List;

/**
 * Customer-managed KMS keys the way every construct here needs them: rotation on, a 30-day deletion window, a key
 * policy in which the account administers the key (so IAM policies can grant its use) plus the service statements
 * the caller adds, and an alias {@code alias/<service>-<env>-<role>}. Created as "Key" and "KeyAlias" in the
 * caller's scope, so Terraform addresses stay those of the caller.
 */
public final class EncryptionKeys {
    private EncryptionKeys() {
    }

    public static KmsKey create(Construct scope, Names names, String role, String description,
                                List<PolicyStatement> serviceStatements) {
        AwsContext aws = AwsContext.of(scope);
        List<PolicyStatement> statements = new ArrayList<>();
        statements.add(PolicyStatement.allow("AccountAdministers", List.of("kms:*"), List.of("*"))
                .forAws("arn:" + aws.partition() + ":iam::" + aws.accountId() + ":root"));
        statements.addAll(serviceStatements);
        KmsKey key = KmsKey.Builder.create(scope, "Key")
                .description(description)
                .enableKeyRotation(true)
                .deletionWindowInDays(30)
                .policy(PolicyDocument.of(statements))
                .build();
        KmsAlias.Builder.create(scope, "KeyAlias")
                .name("alias/" + names.physical(role, NameLimit.TAG))
                .targetKeyId(key.getKeyId())
                .build();
        return key;
    }
}
