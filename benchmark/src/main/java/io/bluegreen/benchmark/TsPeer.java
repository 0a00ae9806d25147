package io.bluegreen.benchmark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The TypeScript peer of the benchmark (benchmark/ts-peer): a CDKTF app in TypeScript with the same stacks, construct
 * tree, provider classes and references as this app, generated from this app's synth (generate.cjs). Before it is
 * timed it is installed with its pinned npm dependencies (npm ci, from package-lock.json), regenerated from the
 * app's current output (so it never measures a stale design), compiled, synthesized once and compared with the
 * app's output stack by stack (compare.cjs): the benchmark stops when the two differ.
 */
final class TsPeer {
    private TsPeer() {
    }

    static void prepare(Path root, Path peer) throws IOException, InterruptedException {
        Path installed = peer.resolve("node_modules/.package-lock.json");
        if (!Files.exists(installed)
                || Files.getLastModifiedTime(peer.resolve("package-lock.json")).compareTo(Files.getLastModifiedTime(installed)) > 0) {
            Benchmark.run(peer, "npm ci of the TypeScript peer", List.of("npm", "ci", "--no-audit", "--no-fund"));
        }
        Map<String, String> before = sources(peer.resolve("src"));
        Benchmark.run(peer, "generating the TypeScript peer", List.of("node", "generate.cjs", root.resolve("cdktf.out").toString()));
        if (!before.equals(sources(peer.resolve("src")))) {
            System.err.println("  the TypeScript peer was regenerated from the app's current output:"
                    + " commit benchmark/ts-peer/src with the change that caused it");
        }
        Benchmark.run(peer, "compiling the TypeScript peer", List.of("node", "node_modules/typescript/bin/tsc", "-p", "."));
        Benchmark.run(peer, "the TypeScript peer's synth", Benchmark.cli("synth"));
        Benchmark.run(peer, "comparing the peer's output with the app's (compare.cjs)",
                List.of("node", "compare.cjs", root.resolve("cdktf.out").toString(), peer.resolve("cdktf.out").toString()));
        System.err.println("  TypeScript peer: same Terraform JSON as the app in every stack");
    }

    private static Map<String, String> sources(Path dir) throws IOException {
        Map<String, String> files = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return files;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                files.put(dir.relativize(file).toString(), Files.readString(file, StandardCharsets.UTF_8));
            }
        }
        return files;
    }
}
