package io.bluegreen.main.bench;

import com.hashicorp.cdktf.App;
import com.hashicorp.cdktf.AppConfig;
import com.hashicorp.cdktf.TerraformStack;
import com.hashicorp.cdktf.providers.aws.provider.AwsProvider;
import io.bluegreen.environments.AppSynth;
import io.bluegreen.environments.EnvironmentConfig;
import io.bluegreen.environments.Environments;
import io.bluegreen.environments.ServiceStack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One measured synth, run in its own JVM by {@link Benchmark}:
 * {@code empty} (cdktf + AWS provider + one empty stack), {@code app} (every environment of the app) or
 * {@code services N} (N generated services x every environment). Prints one line with the stack count and the peak
 * memory (VmHWM) of this JVM and of its jsii Node child.
 */
public final class BenchmarkCase {
    private BenchmarkCase() {
    }

    public static void main(String[] args) throws IOException {
        String mode = args.length > 0 ? args[0] : "app";
        Path out = Files.createTempDirectory("bench-cdktf.out");
        App app = new App(AppConfig.builder().context(AppSynth.CONTEXT).outdir(out.toString()).skipValidation(true).build());
        List<TerraformStack> stacks = new ArrayList<>();
        switch (mode) {
            case "empty" -> {
                TerraformStack stack = new TerraformStack(app, "empty");
                AwsProvider.Builder.create(stack, "Aws").region("eu-west-1").build();
                stacks.add(stack);
            }
            case "app" -> stacks.addAll(AppSynth.addStacks(app, Environments.all()));
            case "services" -> {
                int services = Integer.parseInt(args[1]);
                for (int i = 1; i <= services; i++) {
                    for (EnvironmentConfig env : Environments.all()) {
                        EnvironmentConfig config = env.toBuilder().serviceName("svc" + i).build();
                        stacks.add(new ServiceStack(app, config, config.service() + "-" + config.name()));
                    }
                }
            }
            default -> throw new IllegalArgumentException("mode must be empty, app or services N: " + mode);
        }
        AppSynth.synth(app, stacks);
        System.out.println("BENCH stacks=" + stacks.size() + " jvm_kb=" + peakKb(ProcessHandle.current().pid())
                + " node_kb=" + ProcessHandle.current().descendants().mapToLong(p -> peakKb(p.pid())).max().orElse(0));
        System.exit(0);
    }

    /** Peak resident set size (VmHWM) of a process, from /proc; 0 where /proc is not available. */
    static long peakKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }
}
