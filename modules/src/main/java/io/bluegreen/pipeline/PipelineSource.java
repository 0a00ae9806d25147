package io.bluegreen.pipeline;

import io.bluegreen.validation.Check;

import java.util.regex.Pattern;

/**
 * Where the pipeline gets the application's source. Closed on purpose: other sources (S3, ECR) are added as new
 * record types here, not as free strings. No OAuth tokens anywhere: GitHub/Bitbucket/GitLab go through a
 * CodeStar (CodeConnections) connection.
 */
public sealed interface PipelineSource {

    /** The app repository, e.g. "acme/checkout". */
    String repositoryId();

    /** The branch whose pushes start the pipeline. */
    String branch();

    /**
     * A CodeStar connection to GitHub, Bitbucket or GitLab.
     *
     * @param connection an existing connection (ARN) or one this stack creates (needs a one-time console handshake)
     * @param repositoryId owner/name
     * @param branch branch name
     */
    record CodeStarConnection(Connection connection, String repositoryId, String branch) implements PipelineSource {
        private static final Pattern REPOSITORY = Pattern.compile("^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$");
        private static final Pattern BRANCH = Pattern.compile("^(?!/|-|.*\\.\\.|.*//|.*\\.lock$|.*/$|.*@\\{)[^\\s~^:?*\\[\\\\\\x00-\\x1f\\x7f]{1,255}$");

        public CodeStarConnection {
            Check check = Check.in("PipelineSource.CodeStarConnection");
            check.notNull("connection", connection,
                    "use new Connection.Existing(\"arn:aws:codestar-connections:...\") or new Connection.Create(ProviderType.GITHUB)");
            check.matches("repositoryId", repositoryId, REPOSITORY, "owner/name, e.g. acme/checkout",
                    "write the repository as it appears in its URL: <owner>/<name>");
            check.matches("branch", branch, BRANCH, "a git branch name such as main or release/2026",
                    "name the branch whose pushes deploy this environment");
        }
    }

    /** A CodeStar connection: referenced or created. */
    sealed interface Connection {
    }

    /** An existing connection (CodeStar or CodeConnections ARN). */
    record Existing(String arn) implements Connection {
        private static final Pattern ARN = Pattern.compile(
                "^arn:aws(?:-cn|-us-gov)?:(?:codestar-connections|codeconnections):[a-z]{2}(?:-gov)?-[a-z]+-\\d:\\d{12}:connection/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");

        public Existing {
            Check.in("PipelineSource.Existing").matches("arn", arn, ARN,
                    "a CodeStar/CodeConnections connection ARN (arn:aws:codestar-connections:<region>:<account>:connection/<uuid>)",
                    "copy the ARN from Developer Tools > Settings > Connections");
        }
    }

    /**
     * A connection created by this stack. It starts PENDING: complete the handshake once in the console
     * (Developer Tools > Settings > Connections > Update pending connection) before the first pipeline run.
     */
    record Create(ProviderType provider) implements Connection {
        public Create {
            provider = Check.orDefault(provider, ProviderType.GITHUB);
        }
    }

    /** Hosts a created connection can point at. */
    enum ProviderType {
        GITHUB("GitHub"),
        BITBUCKET("Bitbucket"),
        GITLAB("GitLab");

        private final String awsName;

        ProviderType(String awsName) {
            this.awsName = awsName;
        }

        public String awsName() {
            return awsName;
        }
    }
}
