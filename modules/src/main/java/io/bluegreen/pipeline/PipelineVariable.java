package io.bluegreen.pipeline;

import io.bluegreen.validation.Check;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * A pipeline-level variable (CodePipeline V2): a value each release carries, with a default, that whoever starts a
 * release can change ({@code aws codepipeline start-pipeline-execution --variables name=NOTE,value=...}, or
 * {@code node tools/release.cjs <stack> <revision> --variable NOTE=...}). The build receives it as the environment variable of the same name,
 * for example a release note printed in the build log, or a feature switch written into the artifact.
 *
 * @param name 1-128 characters CodePipeline accepts that are also an environment variable name: letters, digits and
 *             '_', not starting with a digit, and none of the names the build already uses
 * @param defaultValue the value when the release does not set one: 1-1000 characters (CodePipeline refuses an empty
 *                     default)
 * @param description what it is for, shown in the console when a release starts: at most 200 characters
 */
public record PipelineVariable(String name, String defaultValue, String description) {
    /** CodePipeline's limit of variables per pipeline. */
    public static final int MAX_VARIABLES = 50;
    private static final Pattern NAME = Pattern.compile("^[A-Za-z_][A-Za-z0-9_]{0,127}$");
    /** Names the project's build projects set and its buildspecs read; a variable of that name would override them. */
    static final Set<String> RESERVED = Set.of("AFTER_HOOK", "ALIAS_NAME", "APPLICATION", "APPSPEC_TEMPLATE", "AWS_CLI",
            "BEFORE_HOOK", "CONTAINER_NAME", "DEPLOYMENT_GROUP", "DEPLOY_DEADLINE_MINUTES", "DOCKERFILE", "DOCKER_CONTEXT",
            "FUNCTION_NAME", "IMAGE_BUILT", "IMAGE_REPOSITORY", "IMAGE_TAG", "IMAGE_URI", "LATEST", "POLL_SECONDS",
            "REGISTRY", "REPOSITORY_NAME", "REPOSITORY_URI", "RETRY_SECONDS", "REVISION_FILES", "TASKDEF_TEMPLATE",
            "TEST_EVENT", "HOME", "PATH", "SHELL");

    public PipelineVariable {
        Check check = Check.in("PipelineVariable");
        check.matches("name", name, NAME,
                "1-128 letters, digits and '_', not starting with a digit (a CodePipeline variable that is also an"
                        + " environment variable of the build)", "e.g. RELEASE_NOTE");
        check.require(!name.startsWith("AWS_") && !name.startsWith("CODEBUILD_") && !RESERVED.contains(name), "name", name,
                "a name the build does not already use (AWS_*, CODEBUILD_* and " + String.join(", ", RESERVED.stream().sorted().toList()) + " are taken)",
                "choose another name, e.g. RELEASE_NOTE");
        check.require(defaultValue != null && !defaultValue.isEmpty() && defaultValue.length() <= 1000
                        && !defaultValue.matches("(?s).*[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f].*"), "defaultValue", defaultValue,
                "1-1000 characters without control characters (CodePipeline refuses an empty default)",
                "give a default, e.g. \"none\"");
        description = Check.orDefault(description, "");
        check.require(description.length() <= 200 && !description.matches("(?s).*[\\x00-\\x1f].*"), "description",
                description, "at most 200 characters on one line", "shorten the description");
    }
}
