package io.bluegreen.main;

import com.hashicorp.cdktf.App;
import com.hashicorp.cdktf.AppConfig;
import io.bluegreen.environments.AppSynth;
import io.bluegreen.environments.Environments;

import java.nio.file.Path;

/**
 * Every environment synthesized once per JVM the way {@code cdktf synth} does it (the real App, assets written),
 * into a temporary folder deleted when the JVM exits.
 */
final class RealSynth {
    private static Path outdir;

    private RealSynth() {
    }

    /** cdktf.out of a real synth of all environments. */
    static synchronized Path outdir() {
        if (outdir == null) {
            Path dir = io.bluegreen.testing.Scratch.dir("bluegreen-real-synth");
            App app = new App(AppConfig.builder().context(AppSynth.CONTEXT).outdir(dir.toString())
                    .skipValidation(true).build());
            AppSynth.synth(app, AppSynth.addStacks(app, Environments.all()));
            io.bluegreen.testing.Synth.jsiiFolderAtExit();
            outdir = dir;
        }
        return outdir;
    }

    /** Every stack id of the app, in the order they were added (per environment: shared, then its services). */
    static java.util.List<String> ids() {
        return io.bluegreen.environments.Environments.all().stream().flatMap(env -> java.util.stream.Stream.concat(
                java.util.stream.Stream.of(io.bluegreen.environments.EnvironmentStack.stackId(env.name(),
                        io.bluegreen.environments.ServiceConfig.SHARED)),
                env.services().stream().map(s -> io.bluegreen.environments.EnvironmentStack.stackId(env.name(), s.name()))))
                .toList();
    }

    /** The folder of one stack: holds cdk.tf.json and its assets. */
    static Path stack(String id) {
        return outdir().resolve("stacks").resolve(id);
    }
}
