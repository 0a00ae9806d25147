package io.bluegreen.environments;

import io.bluegreen.aws.AwsValues;
import io.bluegreen.validation.Check;

import java.util.regex.Pattern;

/** Where an environment keeps its Terraform state. */
public sealed interface StateBackend {

    /**
     * Local state file {@code terraform.<env>.tfstate} in the project root. Works with nothing set up;
     * for a quick start only (no locking, nothing shared).
     */
    record Local() implements StateBackend {
    }

    /**
     * S3 state, locked with a lock file in the same bucket ({@code use_lockfile}: {@code <key>.tflock}, Terraform
     * 1.11+). The key is derived per stack ({@code <unit>/<env>/terraform.tfstate}), so environments share one bucket.
     *
     * @param bucket existing, versioned S3 bucket for state
     * @param region the bucket's region; null (the default) means the environment's region
     * @param transitionLockTable null (the default): no DynamoDB lock. Set it only while moving an existing
     *                            installation off its DynamoDB lock table: Terraform then takes both locks, so runs
     *                            from an older checkout (which lock the table only) and runs from this one exclude
     *                            each other. Terraform warns that {@code dynamodb_table} is deprecated on every
     *                            command while it is set. Remove it, then the table, once no older checkout runs
     *                            (docs/migrations.md: S3 backend, from a DynamoDB lock table).
     */
    record S3(String bucket, String region, String transitionLockTable) implements StateBackend {
        private static final Pattern TABLE = Pattern.compile("^[A-Za-z0-9_.-]{3,255}$");

        public S3 {
            Check check = Check.in("StateBackend.S3");
            check.matches("bucket", bucket, AwsValues.S3_BUCKET_NAME, "an S3 bucket name: 3-63 lowercase letters, digits, dots, hyphens",
                    "name the state bucket created during bootstrap (docs/operations.md: one-time bootstrap)");
            if (region != null) {
                EnvironmentConfig.checkRegion(check, "region", region);
            }
            if (transitionLockTable != null) {
                check.matches("transitionLockTable", transitionLockTable, TABLE, "a DynamoDB table name: 3-255 of A-Z a-z 0-9 _ . -",
                        "name the existing lock table (partition key LockID), or leave it out: the state bucket locks itself");
            }
        }

        /** State in {@code bucket}, in the environment's region, locked by the bucket alone. */
        public S3(String bucket) {
            this(bucket, null, null);
        }

        /** The same state in a bucket of another region than the environment's. */
        public S3 inRegion(String bucketRegion) {
            return new S3(bucket, bucketRegion, transitionLockTable);
        }

        /** The same state, also locked with an existing DynamoDB table while an installation moves off it. */
        public S3 withTransitionLockTable(String table) {
            return new S3(bucket, region, table);
        }
    }
}
