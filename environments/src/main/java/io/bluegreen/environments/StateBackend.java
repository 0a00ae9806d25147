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
     * S3 state with DynamoDB locking. The key is derived per environment by the stack
     * ({@code <service>/<env>/terraform.tfstate}), so environments can share one bucket and one table.
     *
     * @param bucket existing, versioned S3 bucket for state
     * @param lockTable existing DynamoDB table with partition key {@code LockID} (string)
     * @param region the bucket's region; null means the environment's region
     */
    record S3(String bucket, String lockTable, String region) implements StateBackend {
        private static final Pattern TABLE = Pattern.compile("^[A-Za-z0-9_.-]{3,255}$");

        public S3 {
            Check check = Check.in("StateBackend.S3");
            check.matches("bucket", bucket, AwsValues.S3_BUCKET_NAME, "an S3 bucket name: 3-63 lowercase letters, digits, dots, hyphens",
                    "name the state bucket created during bootstrap (README: one-time bootstrap)");
            check.matches("lockTable", lockTable, TABLE, "a DynamoDB table name: 3-255 of A-Z a-z 0-9 _ . -",
                    "name the lock table created during bootstrap (partition key LockID)");
            if (region != null) {
                EnvironmentConfig.checkRegion(check, "region", region);
            }
        }

        public S3(String bucket, String lockTable) {
            this(bucket, lockTable, null);
        }
    }
}
