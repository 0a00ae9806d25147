package io.bluegreen.benchmark;

import io.bluegreen.environments.ProjectFiles;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Synth and test speed benchmark, side by side in one run. Run from the project root with:
 *
 * <pre>mvn -q -B -Dbluegreen.app compile exec:exec -pl benchmark -am -Dbench.args="--runs 5"</pre>
 *
 * <ul>
 *   <li>(r) the round trip a user runs, {@code npx cdktf-cli@0.19.2 synth} of all environments, for this app and for
 *   the TypeScript peer of the same design (benchmark/ts-peer: installed with its pinned npm dependencies, compiled,
 *   regenerated when the app changed, and proven to synthesize the same Terraform JSON), run alternately; plus the
 *   round trip after a source change (the Maven path).</li>
 *   <li>(a)-(c) app synthesis alone in a fresh plain {@code java} process: the eager floor (an empty stack with
 *   none of the optimisations: bundled jsii runtime, no preload), an empty stack and all environments as the app
 *   runs them, and N generated services x 3 environments.</li>
 *   <li>(d) {@code mvn -B verify}.</li>
 * </ul>
 * The table shows the median, the spread (min..max) and the peak memory of the JVM and of its jsii Node child; the
 * lines under it compare the figures with the targets. Options: --runs N (default 5), --services 1,10,50,
 * --verify-runs N (default 1; 0 skips), --change-runs N (default 1; 0 skips), --roundtrip-runs N (default: --runs).
 */
public final class Benchmark {
    private static final String PRELOAD = "tools/synth-preload.cjs";
    static final String CDKTF_CLI = "cdktf-cli@0.19.2";
    /** A source the round trip after a change touches (its modification time only: the output stays the same). */
    private static final String CHANGED_SOURCE = "environments/src/main/java/io/bluegreen/environments/dev/Dev.java";
    /**
     * JVM options of the measured JVMs: the -XX options this runner was started with, which are the cdktf app
     * command's (synth.jvm.options in pom.xml).
     */
    static final List<String> JVM_OPTIONS = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
            .filter(a -> a.startsWith("-XX:"))
            .toList();
    /** What the build sets for synthesizing JVMs; a user's shell has none of it, so the round trips run without. */
    private static final List<String> BUILD_ENV = List.of("NODE_OPTIONS", "JSII_RUNTIME", "BLUEGREEN_JSII_KERNEL",
            "BLUEGREEN_LAZY_PROVIDER", "BLUEGREEN_CODE_CACHE", "BLUEGREEN_TOKEN_STACK_TRACES");

    private record Result(String name, int stacks, List<Double> seconds, long jvmKb, long nodeKb) {
        double median() {
            List<Double> sorted = seconds.stream().sorted().toList();
            int n = sorted.size();
            return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        }

        double min() {
            return seconds.stream().mapToDouble(Double::doubleValue).min().orElse(0);
        }

        double max() {
            return seconds.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        }
    }

    /** How a synth JVM is set up: as the app command runs it, or with none of the optimisations. */
    private enum Setup { OPTIMISED, NAIVE }

    private Benchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = parse(args);
        int runs = Integer.parseInt(options.getOrDefault("runs", "5"));
        int roundTripRuns = Integer.parseInt(options.getOrDefault("roundtrip-runs", String.valueOf(runs)));
        int verifyRuns = Integer.parseInt(options.getOrDefault("verify-runs", "1"));
        int changeRuns = Integer.parseInt(options.getOrDefault("change-runs", "1"));
        List<Integer> services = Arrays.stream(options.getOrDefault("services", "1,10,50").split(","))
                .map(String::trim).map(Integer::parseInt).toList();
        Path root = ProjectFiles.root();

        List<Result> roundTrips = roundTrips(root, roundTripRuns, changeRuns);
        List<Result> results = new ArrayList<>();
        results.add(measure(root, "(a) eager floor: empty stack, no optimisation", Setup.NAIVE, runs, "empty"));
        results.add(measure(root, "(a) empty stack, as the app runs", Setup.OPTIMISED, runs, "empty"));
        results.add(measure(root, "(b) all environments, no optimisation", Setup.NAIVE, runs, "app"));
        results.add(measure(root, "(b) all environments, as the app runs", Setup.OPTIMISED, runs, "app"));
        for (int n : services) {
            results.add(measure(root, "(c) " + n + " services x 3 environments", Setup.OPTIMISED, runs, "services", String.valueOf(n)));
        }
        Result verify = null;
        if (verifyRuns > 0) {
            verify = measureVerify(root, verifyRuns);
        }
        print(roundTrips, results, verify, services, runs, roundTripRuns);
    }

    // ---- (r) round trips through cdktf-cli --------------------------------------------------------------------

    private static List<Result> roundTrips(Path root, int runs, int changeRuns) throws IOException, InterruptedException {
        Path peer = root.resolve("benchmark/ts-peer");
        // The app's own synth first: it writes the launch files (so the timed runs start directly, as a user's second
        // synth does) and the output the peer must equal.
        run(root, "the app's synth", cli("synth"));
        TsPeer.prepare(root, peer);
        List<Double> app = new ArrayList<>();
        List<Double> ts = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            app.add(run(root, "round trip, this app", cli("synth")));
            ts.add(run(peer, "round trip, TypeScript peer", cli("synth")));
            System.err.printf(Locale.ROOT, "  round trip %d/%d: app %.2f s, TypeScript peer %.2f s%n", i + 1, runs,
                    app.get(i), ts.get(i));
        }
        List<Result> results = new ArrayList<>();
        results.add(new Result("(r) `cdktf synth` round trip, this app, nothing changed", 15, app, 0, 0));
        results.add(new Result("(r) `cdktf synth` round trip, TypeScript peer (benchmark/ts-peer)", 15, ts, 0, 0));
        if (changeRuns > 0) {
            List<Double> changed = new ArrayList<>();
            Path source = root.resolve(CHANGED_SOURCE);
            for (int i = 0; i < changeRuns; i++) {
                Files.setLastModifiedTime(source, FileTime.from(Instant.now()));
                changed.add(run(root, "round trip after a source change", cli("synth")));
                System.err.printf(Locale.ROOT, "  round trip after a source change %d/%d: %.2f s%n", i + 1, changeRuns, changed.get(i));
            }
            results.add(new Result("(r) `cdktf synth` round trip, this app, after a source change (Maven)", 15, changed, 0, 0));
        }
        return results;
    }

    static List<String> cli(String... args) {
        List<String> command = new ArrayList<>(List.of("npx", "--yes", CDKTF_CLI));
        command.addAll(List.of(args));
        return command;
    }

    /** Runs a command as a user's shell would (none of the build's synth settings), returns its wall time in seconds. */
    static double run(Path dir, String what, List<String> command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        BUILD_ENV.forEach(pb.environment()::remove);
        pb.environment().put("CHECKPOINT_DISABLE", "1");
        pb.environment().put("CI", "1");
        long start = System.nanoTime();
        Process process = pb.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = process.waitFor();
        double elapsed = (System.nanoTime() - start) / 1e9;
        if (exit != 0) {
            throw new IllegalStateException(what + " failed (exit " + exit + ", " + String.join(" ", command) + " in " + dir
                    + "):\n" + tail(output));
        }
        return elapsed;
    }

    // ---- (a)-(c) app synthesis alone ---------------------------------------------------------------------------

    private static Result measure(Path root, String name, Setup setup, int runs, String... caseArgs)
            throws IOException, InterruptedException {
        List<Double> seconds = new ArrayList<>();
        long jvm = 0;
        long node = 0;
        int stacks = 0;
        for (int i = 0; i < runs; i++) {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(JVM_OPTIONS);
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add(BenchmarkCase.class.getName());
            command.addAll(List.of(caseArgs));
            ProcessBuilder pb = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true);
            BUILD_ENV.forEach(pb.environment()::remove);
            if (setup == Setup.OPTIMISED) {
                pb.environment().put("NODE_OPTIONS", "--require \"" + root.resolve(PRELOAD) + "\"");
                // As the build and the app command set them (profile jsii-direct-kernel), where this runner got them.
                for (String variable : List.of("JSII_RUNTIME", "BLUEGREEN_JSII_KERNEL")) {
                    String value = System.getenv(variable);
                    if (value != null) {
                        pb.environment().put(variable, value);
                    }
                }
            }
            pb.environment().putIfAbsent("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20");
            long start = System.nanoTime();
            Process process = pb.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int exit = process.waitFor();
            double elapsed = (System.nanoTime() - start) / 1e9;
            if (exit != 0 || !output.contains("BENCH ")) {
                throw new IllegalStateException(name + " failed (exit " + exit + "):\n" + tail(output));
            }
            String line = output.substring(output.indexOf("BENCH "));
            stacks = Integer.parseInt(value(line, "stacks"));
            jvm = Math.max(jvm, Long.parseLong(value(line, "jvm_kb")));
            node = Math.max(node, Long.parseLong(value(line, "node_kb")));
            seconds.add(elapsed);
            System.err.printf(Locale.ROOT, "  %-48s run %d/%d: %.2f s%n", name, i + 1, runs, elapsed);
        }
        return new Result(name, stacks, seconds, jvm, node);
    }

    private static Result measureVerify(Path root, int runs) throws IOException, InterruptedException {
        List<Double> seconds = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            ProcessBuilder pb = new ProcessBuilder("mvn", "-q", "-B", "verify").directory(root.toFile()).redirectErrorStream(true);
            BUILD_ENV.forEach(pb.environment()::remove);
            long start = System.nanoTime();
            Process process = pb.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IllegalStateException("mvn verify failed:\n" + tail(output));
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            seconds.add(elapsed);
            System.err.printf(Locale.ROOT, "  %-48s run %d/%d: %.2f s%n", "(d) mvn -B verify", i + 1, runs, elapsed);
        }
        return new Result("(d) `mvn -q -B verify` (whole test suite, Maven included)", 0, seconds, 0, 0);
    }

    static String tail(String output) {
        return output.length() > 4000 ? "..." + output.substring(output.length() - 4000) : output;
    }

    private static String value(String line, String key) {
        for (String part : line.trim().split("\\s+")) {
            if (part.startsWith(key + "=")) {
                return part.substring(key.length() + 1);
            }
        }
        throw new IllegalStateException("no " + key + " in " + line);
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        List<String> all = new ArrayList<>(Arrays.asList(args));
        String extra = System.getProperty("bench.args", System.getenv().getOrDefault("BENCH_ARGS", ""));
        if (!extra.isBlank()) {
            all.addAll(Arrays.asList(extra.trim().split("\\s+")));
        }
        for (int i = 0; i + 1 < all.size(); i += 2) {
            options.put(all.get(i).replaceFirst("^--", ""), all.get(i + 1));
        }
        return options;
    }

    private static String verdict(boolean met) {
        return met ? "met" : "NOT met";
    }

    private static void print(List<Result> roundTrips, List<Result> results, Result verify, List<Integer> services, int runs,
            int roundTripRuns) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%nMachine: %d cores, %s %s, Java %s, %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name"), System.getProperty("os.arch"), System.getProperty("java.version"), nodeVersion()));
        out.append(String.format(Locale.ROOT, "Runs per case: %d (round trips %d, alternating app and peer); median, min..max;"
                + " JVM options %s%n%n", runs, roundTripRuns, JVM_OPTIONS));
        out.append("| case | stacks | median s | min..max s | JVM peak MB | Node peak MB |\n");
        out.append("| --- | ---: | ---: | ---: | ---: | ---: |\n");
        List<Result> all = new ArrayList<>(roundTrips);
        all.addAll(results);
        for (Result r : all) {
            out.append(String.format(Locale.ROOT, "| %s | %d | %.2f | %.2f..%.2f | %s | %s |%n", r.name(), r.stacks(), r.median(),
                    r.min(), r.max(), r.jvmKb() == 0 ? "" : String.valueOf(r.jvmKb() / 1024),
                    r.nodeKb() == 0 ? "" : String.valueOf(r.nodeKb() / 1024)));
        }
        if (verify != null) {
            out.append(String.format(Locale.ROOT, "| %s | | %.2f | %.2f..%.2f | | |%n", verify.name(), verify.median(), verify.min(), verify.max()));
        }
        double ratio = roundTrips.get(0).median() / roundTrips.get(1).median();
        out.append(String.format(Locale.ROOT, "%nround trip, this app / TypeScript peer: %.2fx (%.2f s / %.2f s; target <= 1.5x): %s%n",
                ratio, roundTrips.get(0).median(), roundTrips.get(1).median(), verdict(ratio <= 1.5)));
        Result eagerFloor = results.get(0);
        Result app = results.get(3);
        double share = app.median() / eagerFloor.median();
        out.append(String.format(Locale.ROOT, "app synthesis alone, all environments / eager floor: %.0f%% (%.2f s / %.2f s; target <= 55%%): %s%n",
                100 * share, app.median(), eagerFloor.median(), verdict(share <= 0.55)));
        Result first = results.get(4);
        Result last = results.get(results.size() - 1);
        if (services.size() > 1) {
            double marginal = (last.median() - first.median()) / (last.stacks() - first.stacks()) * 1000;
            out.append(String.format(Locale.ROOT, "marginal cost of one more full service stack: %.0f ms (from %s and %s; target <= 60 ms): %s%n",
                    marginal, first.name(), last.name(), verdict(marginal <= 60)));
        }
        out.append(String.format(Locale.ROOT, "largest case: %.2f s for %d stacks (target for 50 x 3: under 15 s): %s%n",
                last.median(), last.stacks(), verdict(last.median() < 15)));
        out.append(String.format(Locale.ROOT, "jsii Node child in the largest case: %d MB (target under 200 MB): %s%n",
                last.nodeKb() / 1024, verdict(last.nodeKb() / 1024 < 200)));
        if (verify != null) {
            out.append(String.format(Locale.ROOT, "mvn verify: %.1f s (target under 60 s): %s%n", verify.median(), verdict(verify.median() < 60)));
        }
        System.out.println(out);
    }

    private static String nodeVersion() {
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            return "Node " + new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return "Node ?";
        }
    }
}
