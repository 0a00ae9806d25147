package io.bluegreen.benchmark;

import com.hashicorp.cdktf.App;
import com.hashicorp.cdktf.AppConfig;
import com.hashicorp.cdktf.TerraformStack;
import com.hashicorp.cdktf.providers.aws.provider.AwsProvider;
import io.bluegreen.environments.AppSynth;
import io.bluegreen.environments.EnvironmentConfig;
import io.bluegreen.environments.Environments;
import io.bluegreen.environments.Defaults;
import io.bluegreen.environments.ServiceConfig;
import io.bluegreen.terraform.JsiiRuntimeFolder;

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
                // N copies of the checkout service in every environment: one shared stack and N service stacks each.
                int services = Integer.parseInt(args[1]);
                List<EnvironmentConfig> environments = new ArrayList<>();
                for (EnvironmentConfig env : Environments.all()) {
                    List<ServiceConfig> copies = new ArrayList<>();
                    for (int i = 1; i <= services; i++) {
                        copies.add(new ServiceConfig("svc" + i, env.service(Defaults.CHECKOUT).platform()));
                    }
                    environments.add(env.toBuilder().services(copies).build());
                }
                stacks.addAll(AppSynth.addStacks(app, environments));
            }
            default -> throw new IllegalArgumentException("mode must be empty, app or services N: " + mode);
        }
        AppSynth.synth(app, stacks);
        JsiiRuntimeFolder.removeAtExit();
        deleteTree(out);
        System.out.println("BENCH stacks=" + stacks.size() + " jvm_kb=" + peakKb(ProcessHandle.current().pid())
                + " node_kb=" + ProcessHandle.current().descendants().mapToLong(p -> peakKb(p.pid())).max().orElse(0));
        System.exit(0);
    }

    private static void deleteTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
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
