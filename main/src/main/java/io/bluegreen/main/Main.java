package io.bluegreen.main;

import com.hashicorp.cdktf.App;
import io.bluegreen.environments.AppSynth;
import io.bluegreen.environments.Environments;
import io.bluegreen.environments.EnvironmentStack;
import io.bluegreen.terraform.JsiiRuntimeFolder;
import io.bluegreen.validation.InvalidConfigException;

import java.util.List;

/**
 * Composition root: per environment (all, or those named in BLUEGREEN_ENVIRONMENTS, e.g. "dev,prod") its shared
 * stack and one stack per service, then synth. A configuration error prints one clear line and exits 1 before anything is written.
 * Either way the jsii runtime's folder leaves the system's temporary directory with the JVM.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        try {
            App app = AppSynth.newApp();
            List<EnvironmentStack> stacks = AppSynth.addStacks(app,
                    Environments.select(Environments.all(), System.getenv("BLUEGREEN_ENVIRONMENTS")));
            AppSynth.synth(app, stacks);
            JsiiRuntimeFolder.removeAtExit();
        } catch (InvalidConfigException | AppSynth.ValidationFailedException e) {
            JsiiRuntimeFolder.removeAtExit();
            System.err.println("Synth failed, nothing was written: " + e.getMessage());
            System.exit(1);
        }
    }
}
