package io.bluegreen.platform.existingservers;

import io.bluegreen.validation.Check;

import java.util.regex.Pattern;

/**
 * Who may take the on-premises servers' role, to hand its short-lived credentials to the CodeDeploy agent (AWS's
 * recommended registration for production: an IAM session ARN, {@code register-on-premises-instance
 * --iam-session-arn}; an IAM user with long-lived keys is not recommended). The credentials are refreshed periodically
 * into the agent's credentials file (docs/platforms/existing-servers.md).
 */
public sealed interface OnPremisesTrust {
    /** For messages. */
    String describe();

    /**
     * IAM Roles Anywhere: the servers hold X.509 certificates from a trust anchor; its credential helper
     * ({@code aws_signing_helper}) takes the role, with the session named after the certificate's common name (the
     * server's name; a Roles Anywhere profile with acceptRoleSessionName lets the helper set it).
     *
     * @param trustAnchorArn the Roles Anywhere trust anchor whose certificates may take the role
     */
    record RolesAnywhere(String trustAnchorArn) implements OnPremisesTrust {
        private static final Pattern ARN = Pattern.compile(
                "^arn:aws(?:-cn|-us-gov)?:rolesanywhere:[a-z]{2}(?:-gov)?-[a-z]+-\\d:\\d{12}:trust-anchor/[0-9a-f-]{36}$");

        public RolesAnywhere {
            Check.in("OnPremisesTrust.RolesAnywhere").matches("trustAnchorArn", trustAnchorArn, ARN,
                    "a Roles Anywhere trust anchor ARN (arn:aws:rolesanywhere:<region>:<account>:trust-anchor/<uuid>)",
                    "copy it from the Roles Anywhere console or `aws rolesanywhere list-trust-anchors`");
        }

        public String describe() {
            return "IAM Roles Anywhere trust anchor " + trustAnchorArn;
        }
    }

    /**
     * An IAM role of the organisation's own credential job (for example one that runs on a management host and writes
     * each server's credentials file): that role may take the servers' role.
     *
     * @param roleArn the IAM role allowed to assume the on-premises role
     */
    record AssumedBy(String roleArn) implements OnPremisesTrust {
        private static final Pattern ARN = Pattern.compile("^arn:(aws(?:-cn|-us-gov)?):iam::(\\d{12}):role/[\\w+=,.@/-]{1,512}$");

        public AssumedBy {
            Check.in("OnPremisesTrust.AssumedBy").matches("roleArn", roleArn, ARN, "an IAM role ARN (arn:aws:iam::<account>:role/<name>)",
                    "name the role of the job that refreshes the servers' credentials");
        }

        public String describe() {
            return "the role " + roleArn;
        }

        /** The role's partition, e.g. aws. */
        public String partition() {
            java.util.regex.Matcher m = ARN.matcher(roleArn);
            return m.matches() ? m.group(1) : "aws";
        }

        /** The role's account. */
        public String accountId() {
            java.util.regex.Matcher m = ARN.matcher(roleArn);
            if (!m.matches()) {
                throw new IllegalStateException(roleArn);
            }
            return m.group(2);
        }
    }
}
