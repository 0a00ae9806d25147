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

    /** The App for real synths: output directory from CDKTF_OUTDIR (set by cdktf-cli) or cdktf.out. */
    public static App newApp() {
        return new App(AppConfig.builder().context(CONTEXT).build());
    }

    /** One {@link ServiceStack} per environment. */
    public static List<ServiceStack> addStacks(App app, List<EnvironmentConfig> environments) {
        List<ServiceStack> stacks = new ArrayList<>();
        for (EnvironmentConfig environment : Environments.unique(environments)) {
            stacks.add(new ServiceStack(app, environment));
        }
        return stacks;
    }

    /**
     * Runs every stack's validations first and only then writes anything, so a failed synth leaves no partial
     * output behind.
     */
    public static void synth(App app, List<? extends TerraformStack> stacks) {
        List<String> errors = new ArrayList<>();
        for (TerraformStack stack : stacks) {
            for (String error : stack.getNode().validate()) {
                errors.add("stack '" + stack.getNode().getId() + "': " + error);
            }
        }
        if (!errors.isEmpty()) {
            throw new ValidationFailedException(errors);
        }
        app.synth();
    }
}
