package io.bluegreen.environments;

import com.hashicorp.cdktf.App;
import com.hashicorp.cdktf.AppConfig;
import com.hashicorp.cdktf.TerraformStack;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds the app and synthesizes it all-or-nothing. */
public final class AppSynth {
    /**
     * Context every synthesizing App gets. cdktf 0.19.2's {@code Testing.app()} enables its FUTURE_FLAGS, which
     * are empty in this version; cdktf.json's "context" must stay equal to this map (a test checks both), so
     * resource addresses in tests equal those of real deploys.
     */
    public static final Map<String, Object> CONTEXT = Map.of();

    private AppSynth() {
    }

    /** One or more stacks failed their validations; nothing was written. */
    public static final class ValidationFailedException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        ValidationFailedException(List<String> errors) {
            super("validation failed:\n  " + String.join("\n  ", errors));
        }
    }

    /**
     * The App for real synths: output directory from CDKTF_OUTDIR (set by cdktf-cli) or cdktf.out. Its own
     * per-stack validation is off because {@link #synth} validates every construct of every stack first.
     */
    public static App newApp() {
        return new App(AppConfig.builder().context(CONTEXT).skipValidation(true).build());
    }

    /** Per environment, its {@link SharedStack} and one {@link ServiceStack} per service, in that order. */
    public static List<EnvironmentStack> addStacks(App app, List<EnvironmentConfig> environments) {
        List<EnvironmentStack> stacks = new ArrayList<>();
        for (EnvironmentConfig environment : Environments.unique(environments)) {
            SharedStack shared = new SharedStack(app, environment);
            stacks.add(shared);
            for (ServiceConfig service : environment.services()) {
                stacks.add(new ServiceStack(app, environment, service, shared));
            }
        }
        return stacks;
    }

    private static String firstLine(String message) {
        String text = String.valueOf(message).strip();
        int jsiiTrace = text.indexOf("\n@jsii/kernel");
        return jsiiTrace > 0 ? text.substring(0, jsiiTrace).strip() : text;
    }

    /**
     * Runs every construct's validations in every stack first and only then writes anything, so a failed synth leaves no partial
     * output behind.
     */
    public static void synth(App app, List<? extends TerraformStack> stacks) {
        List<String> errors = new ArrayList<>();
        for (TerraformStack stack : stacks) {
            try {
                stack.runAllValidations();
            } catch (RuntimeException e) {
                errors.add("stack '" + stack.getNode().getId() + "': " + firstLine(e.getMessage()));
            }
        }
        if (!errors.isEmpty()) {
            throw new ValidationFailedException(errors);
        }
        app.synth();
    }
}
