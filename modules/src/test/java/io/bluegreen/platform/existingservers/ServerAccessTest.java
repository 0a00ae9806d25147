package io.bluegreen.platform.existingservers;

import com.fasterxml.jackson.databind.JsonNode;
import com.hashicorp.cdktf.TerraformStack;
import io.bluegreen.testing.Synth;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The on-premises role's trust as IAM reads it, for an IAM Roles Anywhere trust anchor. */
class ServerAccessTest {
    private static final String ANCHOR = "arn:aws:rolesanywhere:eu-west-1:111122223333:trust-anchor/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";

    @Test
    void rolesAnywhereSessionsAreNamedAfterTheCertificateAndComeFromTheAnchor() {
        TerraformStack stack = Synth.newStack();
        new ServerAccess(stack, "Access", new ServerAccess.Props(Synth.NAMES, "arn:aws:s3:::bucket", "arn:aws:kms:eu-west-1:111122223333:key/k",
                false, new OnPremisesTrust.RolesAnywhere(ANCHOR)));
        JsonNode json = Synth.json(stack);
        assertTrue(Synth.resources(json, "aws_iam_instance_profile").isEmpty(), "no EC2 instances selected, no profile");
        String trust = Synth.only(json, "aws_iam_role").path("assume_role_policy").asText();
        // Terraform reads "$${" as a literal "${": IAM receives the policy variable, not a Terraform interpolation.
        assertEquals("{\"Statement\":[{\"Action\":[\"sts:AssumeRole\",\"sts:SetSourceIdentity\",\"sts:TagSession\"],"
                + "\"Condition\":{\"ArnEquals\":{\"aws:SourceArn\":\"" + ANCHOR + "\"},\"StringEquals\":{\"sts:RoleSessionName\":"
                + "\"$${aws:PrincipalTag/x509Subject/CN}\"}},\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"rolesanywhere.amazonaws.com\"}}],"
                + "\"Version\":\"2012-10-17\"}", trust);
    }
}
