package io.bluegreen.benchmark;

import io.bluegreen.environments.ProjectFiles;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Synth and test speed benchmark. Every case runs in a fresh plain `java` process (no Maven start-up), several
 * times; the table shows the median wall time, the spread (min..max) and the peak memory of the JVM and of its jsii
 * Node child. Run from the project root with:
 *
 * <pre>mvn -q -B -Dbluegreen.app compile exec:exec -pl benchmark -am -Dbench.args="--runs 5"</pre>
 *
 * Options: --runs N (default 5), --services 1,10,50, --verify-runs N (default 1; 0 skips the mvn verify case).
 */
public final class Benchmark {
    private static final String PRELOAD = "tools/lazy-aws-provider.cjs";
    /**
     * JVM options of the measured JVMs: the -XX options this runner was started with, which are the cdktf app
     * command's (synth.jvm.options in pom.xml).
     */
    static final List<String> JVM_OPTIONS = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
            .filter(a -> a.startsWith("-XX:"))
            .toList();

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

    private Benchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = parse(args);
        int runs = Integer.parseInt(options.getOrDefault("runs", "5"));
        int verifyRuns = Integer.parseInt(options.getOrDefault("verify-runs", "1"));
        List<Integer> services = Arrays.stream(options.getOrDefault("services", "1,10,50").split(","))
                .map(String::trim).map(Integer::parseInt).toList();
        Path root = ProjectFiles.root();

        List<Result> results = new ArrayList<>();
        results.add(measure(root, "(a) floor: empty stack, eager provider", false, runs, "empty"));
        results.add(measure(root, "(a) empty stack, lazy provider", true, runs, "empty"));
        results.add(measure(root, "(b) all environments, eager provider", false, runs, "app"));
        results.add(measure(root, "(b) all environments, lazy provider (default)", true, runs, "app"));
        for (int n : services) {
            results.add(measure(root, "(c) " + n + " services x 3 environments", true, runs, "services", String.valueOf(n)));
        }
        Result verify = null;
        if (verifyRuns > 0) {
            verify = measureVerify(root, verifyRuns);
        }
        print(results, verify, services, runs);
    }

    private static Result measure(Path root, String name, boolean lazy, int runs, String... caseArgs)
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
            pb.environment().put("NODE_OPTIONS", "--require \"" + root.resolve(PRELOAD) + "\"");
            pb.environment().put("BLUEGREEN_LAZY_PROVIDER", lazy ? "1" : "0");
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
        return new Result("(d) mvn -q -B verify (whole test suite, Maven included)", 0, seconds, 0, 0);
    }

    private static String tail(String output) {
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

    private static void print(List<Result> results, Result verify, List<Integer> services, int runs) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%nMachine: %d cores, %s %s, Java %s, %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name"), System.getProperty("os.arch"), System.getProperty("java.version"), nodeVersion()));
        out.append(String.format(Locale.ROOT, "Runs per case: %d (median, min..max); JVM options %s%n%n", runs, JVM_OPTIONS));
        out.append("| case | stacks | median s | min..max s | JVM peak MB | Node peak MB |\n");
        out.append("| --- | ---: | ---: | ---: | ---: | ---: |\n");
        for (Result r : results) {
            out.append(String.format(Locale.ROOT, "| %s | %d | %.2f | %.2f..%.2f | %d | %d |%n", r.name(), r.stacks(), r.median(),
                    r.min(), r.max(), r.jvmKb() / 1024, r.nodeKb() / 1024));
        }
        if (verify != null) {
            out.append(String.format(Locale.ROOT, "| %s | | %.2f | %.2f..%.2f | | |%n", verify.name(), verify.median(), verify.min(), verify.max()));
        }
        Result eagerFloor = results.get(0);
        Result allLazy = results.get(3);
        Result first = results.get(4);
        Result last = results.get(results.size() - 1);
        double marginal = services.size() > 1
                ? (last.median() - first.median()) / (last.stacks() - first.stacks()) * 1000 : Double.NaN;
        out.append(String.format(Locale.ROOT, "%nall environments (lazy) / eager floor: %.0f%% (target <= 60%%)%n",
                100 * allLazy.median() / eagerFloor.median()));
        out.append(String.format(Locale.ROOT, "marginal cost of one more full stack: %.0f ms (target <= 100 ms), from %s and %s%n",
                marginal, first.name(), last.name()));
        out.append(String.format(Locale.ROOT, "largest case: %.2f s for %d stacks (target: 50 x 3 under 20 s)%n", last.median(), last.stacks()));
        long nodePeak = results.stream().skip(1).filter(r -> !r.name().contains("eager")).mapToLong(Result::nodeKb).max().orElse(0);
        out.append(String.format(Locale.ROOT, "peak Node child memory with the lazy provider: %d MB (target < 200 MB)%n", nodePeak / 1024));
        if (verify != null) {
            out.append(String.format(Locale.ROOT, "mvn verify: %.1f s (target: test suite under 90 s)%n", verify.median()));
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
