package io.bluegreen.pipeline;

import io.bluegreen.validation.Check;

import java.util.regex.Pattern;

/**
 * Where the pipeline gets what it delivers, and what starts it. Closed on purpose: each source is a record here, not
 * a free string, and each names exactly what the pipeline role may read. No OAuth tokens anywhere:
 * GitHub/Bitbucket/GitLab go through a CodeStar (CodeConnections) connection.
 * <ul>
 *   <li>{@link CodeStarConnection}: a GitHub, Bitbucket or GitLab branch; the connection starts the pipeline.</li>
 *   <li>{@link EcrImagePush}: ECS only. The team's own CI pushes the image to the service's ECR repository; a push
 *       of the tag starts the pipeline (EventBridge), and the build only writes the task definition and appspec.</li>
 *   <li>{@link S3Object}: a zip in a versioned bucket the stack creates; a new version starts the pipeline
 *       (S3 EventBridge notifications, no polling, no CloudTrail trail).</li>
 *   <li>{@link CodeCommit}: an existing repository and branch; a push starts the pipeline (EventBridge).</li>
 * </ul>
 */
public sealed interface PipelineSource {

    /** How messages and docs call this kind of source, e.g. "ECR image push". */
    String kind();

    /** What the source's value is, for messages, e.g. "acme/checkout@main". */
    String describe();

    /** True for sources that deliver an image instead of files (only a platform that runs images can use them). */
    default boolean deliversImage() {
        return false;
    }

    /**
     * A CodeStar connection to GitHub, Bitbucket or GitLab.
     *
     * @param connection an existing connection (ARN) or one this stack creates (needs a one-time console handshake)
     * @param repositoryId owner/name
     * @param branch branch name
     */
    record CodeStarConnection(Connection connection, String repositoryId, String branch) implements PipelineSource {
        private static final Pattern REPOSITORY = Pattern.compile("^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$");

        public CodeStarConnection {
            Check check = Check.in("PipelineSource.CodeStarConnection");
            check.notNull("connection", connection,
                    "use new Connection.Existing(\"arn:aws:codestar-connections:...\") or new Connection.Create(ProviderType.GITHUB)");
            check.matches("repositoryId", repositoryId, REPOSITORY, "owner/name, e.g. acme/checkout",
                    "write the repository as it appears in its URL: <owner>/<name>");
            checkBranch(check, branch);
        }

        public String kind() {
            return "CodeStar connection";
        }

        public String describe() {
            return repositoryId + "@" + branch;
        }
    }

    /**
     * ECS only: the image the team's own CI pushed to the service's ECR repository with {@code imageTag}. Each push
     * of that tag starts the pipeline (an EventBridge rule on the repository's successful pushes of the tag); no image
     * is built in CodeBuild, whose light build (no Docker, not privileged) writes the task definition and appspec
     * from the Java model, and the deployment runs the pushed image by its digest. The repository's tags are mutable
     * for such a service (the tag moves with each release; what runs is pinned by digest).
     *
     * @param imageTag the one tag that releases, e.g. "release" (ECR's source action follows one exact tag)
     */
    record EcrImagePush(String imageTag) implements PipelineSource {
        /** What ECR (and Docker) accept as a tag: a pattern outside it can never be pushed, so never matches. */
        private static final Pattern TAG = Pattern.compile("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$");

        public EcrImagePush {
            Check.in("PipelineSource.EcrImagePush").matches("imageTag", imageTag, TAG,
                    "one exact image tag of 1-128 letters, digits, '_', '.' and '-', not starting with '.' or '-'"
                            + " (ECR holds no other tags, and the ECR source follows one exact tag: a wildcard never matches)",
                    "choose the tag your CI moves to the image it releases, e.g. release");
        }

        public String kind() {
            return "ECR image push";
        }

        public String describe() {
            return "tag " + imageTag;
        }

        @Override
        public boolean deliversImage() {
            return true;
        }
    }

    /**
     * A zip uploaded to {@code key} in a versioned bucket the service's stack creates (hardened like the artifact
     * store: the pipeline key, versioning, public access blocked, TLS only). Each new version of the object starts the
     * pipeline: the bucket sends its events to EventBridge and a rule on this key starts it (no polling, and no
     * CloudTrail trail, which the older S3 detection needed).
     *
     * @param key the object key, e.g. "releases/app.zip": a zip of what the build expects at the repository's root
     */
    record S3Object(String key) implements PipelineSource {
        private static final Pattern KEY = Pattern.compile("^(?!/)(?!.*//)[A-Za-z0-9_./-]{1,1020}\\.zip$");

        public S3Object {
            Check check = Check.in("PipelineSource.S3Object");
            check.require(key == null || !key.endsWith("/"), "key", key,
                    "the key of one object; a key ending in '/' is a folder, which never holds the source",
                    "name the zip your CI uploads, e.g. releases/app.zip");
            check.matches("key", key, KEY, "an object key ending in .zip, of letters, digits, '_', '.', '-' and single '/', not starting"
                            + " with '/' (CodePipeline hands the object on as a zip archive; these characters reach the"
                            + " EventBridge rule unchanged)",
                    "name the zip your CI uploads, e.g. releases/app.zip");
        }

        public String kind() {
            return "S3 object";
        }

        public String describe() {
            return key;
        }
    }

    /**
     * An existing CodeCommit repository of the environment's account and region, by name, and the branch whose
     * pushes deploy. An EventBridge rule on the branch starts the pipeline (no polling). CodeCommit takes no new
     * customers since July 2024: this is for accounts that already use it.
     *
     * @param repositoryName the repository's name, e.g. checkout
     * @param branch the branch, e.g. main
     */
    record CodeCommit(String repositoryName, String branch) implements PipelineSource {
        private static final Pattern NAME = Pattern.compile("^(?!.*\\.git$)[A-Za-z0-9_.-]{1,100}$");

        public CodeCommit {
            Check check = Check.in("PipelineSource.CodeCommit");
            check.matches("repositoryName", repositoryName, NAME,
                    "a CodeCommit repository name: 1-100 letters, digits, '_', '.' and '-', not ending in .git",
                    "copy the name from `aws codecommit list-repositories`");
            checkBranch(check, branch);
        }

        public String kind() {
            return "CodeCommit";
        }

        public String describe() {
            return repositoryName + "@" + branch;
        }
    }

    /** Git's rules for a branch name (git check-ref-format): no spaces or control characters, no ~ ^ : ? * [ \. */
    Pattern BRANCH = Pattern.compile("^(?!/|-|.*\\.\\.|.*//|.*\\.lock$|.*/$|.*@\\{)[^\\s~^:?*\\[\\\\\\x00-\\x1f\\x7f]{1,255}$");

    private static void checkBranch(Check check, String branch) {
        check.matches("branch", branch, BRANCH, "a git branch name such as main or release/2026 (no spaces, none of"
                        + " ~ ^ : ? * [ \\, not starting with '-' or '/', no '..')",
                "name the branch whose pushes deploy this environment");
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
