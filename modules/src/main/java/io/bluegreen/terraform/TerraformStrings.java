package io.bluegreen.terraform;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every string in a {@code .tf.json} file is a Terraform template: {@code ${...}} is an interpolation and
 * {@code %{...}} a directive. Text that must reach AWS as written (a buildspec's shell expansions, an IAM policy
 * variable such as {@code ${aws:username}}, a user-data script) has to be escaped ({@code $${}, {@code %%{}), or
 * Terraform refuses to load the whole stack. This is the one place that escaping is done; the project's document
 * renderers ({@code PolicyDocument.json}) and file readers call it, so no call site escapes by hand.
 */
public final class TerraformStrings {
    /**
     * A template sequence that is literal text: {@code ${} or {@code %{} not starting one of cdktf's own token
     * markers ({@code ${TfToken[...]}}), which resolve to real references at synth.
     */
    private static final Pattern TEMPLATE_START = Pattern.compile("\\$\\{(?!TfToken\\[)|%\\{");

    private TerraformStrings() {
    }

    /**
     * {@code text} escaped so that Terraform hands it to the provider unchanged. cdktf tokens inside it (references
     * to other resources) stay references. Apply exactly once: escaping is not idempotent by design, since
     * {@code $${} itself is text a document may contain.
     */
    public static String literal(String text) {
        if (text == null || (text.indexOf("${") < 0 && text.indexOf("%{") < 0)) {
            return text;
        }
        Matcher m = TEMPLATE_START.matcher(text);
        StringBuilder out = new StringBuilder(text.length() + 16);
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(m.group().charAt(0) + m.group()));
        }
        m.appendTail(out);
        return out.toString();
    }
}
