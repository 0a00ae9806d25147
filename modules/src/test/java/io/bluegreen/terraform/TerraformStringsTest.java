package io.bluegreen.terraform;

import com.hashicorp.cdktf.TerraformStack;
import com.hashicorp.cdktf.providers.aws.iam_role.IamRole;
import io.bluegreen.testing.Synth;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class TerraformStringsTest {
    @Test
    void escapesInterpolationsAndDirectives() {
        assertEquals("echo $${HOME:-/root} %%{if x}", TerraformStrings.literal("echo ${HOME:-/root} %{if x}"));
    }

    @Test
    void escapesAnAlreadyEscapedLookingSequenceSoItStaysLiteralToo() {
        // "$${" in a document is text; Terraform must deliver "$${", so it becomes "$$${".
        assertEquals("$$${x}", TerraformStrings.literal("$${x}"));
    }

    @Test
    void leavesTextWithoutTemplateSequencesUnchanged() {
        String text = "plain $ and % and {braces}";
        assertSame(text, TerraformStrings.literal(text));
    }

    @Test
    void keepsCdktfReferencesAsReferences() {
        TerraformStack stack = Synth.newStack();
        IamRole role = IamRole.Builder.create(stack, "Role").name("r").assumeRolePolicy("{}").build();
        String text = TerraformStrings.literal("arn=" + role.getArn() + " user=${aws:username}");
        IamRole.Builder.create(stack, "Other").name("o").assumeRolePolicy(text).build();
        String synthesized = Synth.resources(Synth.json(stack), "aws_iam_role").get("Other").path("assume_role_policy").asText();
        assertEquals("arn=${aws_iam_role.Role.arn} user=$${aws:username}", synthesized);
    }
}
