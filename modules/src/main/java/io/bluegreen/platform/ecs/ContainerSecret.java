package io.bluegreen.platform.ecs;

import io.bluegreen.validation.Check;

import java.util.regex.Pattern;

/**
 * A secret injected as an environment variable. Only a reference (SSM parameter or Secrets Manager ARN) is
 * accepted; the value itself never appears in the synthesized JSON.
 *
 * @param name environment variable name
 * @param valueFrom ARN of an SSM parameter or a Secrets Manager secret (optionally with :json-key:: suffix)
 */
public record ContainerSecret(String name, String valueFrom) {
    /** An environment variable name, as ECS accepts it (for secrets and plain variables alike). */
    static final Pattern ENV_NAME = Pattern.compile("^[A-Za-z_][A-Za-z0-9_]{0,254}$");

    static final Pattern SSM = Pattern.compile("^arn:aws(?:-cn|-us-gov)?:ssm:[a-z0-9-]+:\\d{12}:parameter/[\\w./-]+$");
    static final Pattern SECRETS_MANAGER = Pattern.compile(
            "^arn:aws(?:-cn|-us-gov)?:secretsmanager:[a-z0-9-]+:\\d{12}:secret:[\\w/+=.@-]+(?::[^:]*:[^:]*:[^:]*)?$");

    public ContainerSecret {
        Check check = Check.in("ContainerSecret " + name);
        check.matches("name", name, ENV_NAME, "an environment variable name (letters, digits, _)",
                "e.g. DATABASE_PASSWORD");
        check.notNull("valueFrom", valueFrom, "give the ARN of an SSM parameter or Secrets Manager secret");
        if (!SSM.matcher(valueFrom).matches() && !SECRETS_MANAGER.matcher(valueFrom).matches()) {
            // Never echo what might be a secret value back into logs.
            throw check.invalid("valueFrom", "<hidden, " + valueFrom.length() + " characters>",
                    "an ARN: arn:aws:ssm:<region>:<account>:parameter/<name> or "
                            + "arn:aws:secretsmanager:<region>:<account>:secret:<name>, never the secret value itself",
                    "store the value in SSM Parameter Store (SecureString) or Secrets Manager and pass its ARN");
        }
    }

    /** True for SSM parameters, false for Secrets Manager secrets. */
    public boolean isSsmParameter() {
        return SSM.matcher(valueFrom).matches();
    }

    /**
     * The ARN to grant read access on: the parameter ARN, or the secret ARN without a JSON-key suffix. A secret
     * ARN given without AWS's random 6-character suffix gets the "-??????" wildcard that matches exactly it.
     */
    public String resourceArn() {
        if (isSsmParameter()) {
            return valueFrom;
        }
        String secretArn = String.join(":", java.util.Arrays.copyOfRange(valueFrom.split(":"), 0, 7));
        return secretArn.matches(".*-[A-Za-z0-9]{6}$") ? secretArn : secretArn + "-??????";
    }
}
