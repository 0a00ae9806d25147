package io.bluegreen.main;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bluegreen.testing.Buildspecs;
import io.bluegreen.testing.Scratch;
import io.bluegreen.testing.Synth;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A release of an ECS service played the way AWS plays it, without AWS or a Docker engine: the pipeline's CodeBuild
 * project as Terraform hands it to CodeBuild (its buildspec and environment, evaluated by Terraform), the buildspec run
 * as CodeBuild runs it with a recording {@code docker} and {@code aws}, CodeDeployToECS's substitutions on its output,
 * ECS's API model, and the pushed image started as the registered task definition says.
 */
final class EcsRelease {
    static final String ACCOUNT = "123456789012";
    static final String REGION = "eu-west-1";
    /** aws-sdk v2's published API models; its ECS model describes RegisterTaskDefinition. Pinned with its checksum. */
    static final String SDK = "aws-sdk@2.1693.0";
    static final String SDK_INTEGRITY = "sha512-cJmb8xEnVLT+R6fBS5sn/EFJiX7tUnDaPtOPZ1vFbOJtd0fnZn/Ky2XGgsvvoeliWeH7mL3TWSX5zXXGSQV6gQ==";
    static final Path RESOURCES = AppTest.projectRoot().resolve("main/src/test/resources/release");

    private final JsonNode stack;
    private final Path work;
    private final Path registry;
    private final Path bin;

    /** What one release left: the build's output, the files it wrote, and the registered task definition. */
    record Release(Buildspecs.Result build, JsonNode imageDetail, JsonNode taskDefinition, JsonNode appSpec) {
        String image() {
            return imageDetail.path("ImageURI").asText();
        }

        JsonNode container() {
            return taskDefinition.path("containerDefinitions").get(0);
        }
    }

    EcsRelease(Path stackDir) {
        try {
            this.stack = Synth.MAPPER.readTree(stackDir.resolve("cdk.tf.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.work = Scratch.dir("ecs-release");
        this.registry = mkdirs(work.resolve("registry"));
        this.bin = mkdirs(work.resolve("bin"));
        for (String tool : List.of("docker", "aws")) {
            copy(RESOURCES.resolve(tool), bin.resolve(tool)).toFile().setExecutable(true);
        }
    }

    JsonNode stack() {
        return stack;
    }

    Path registry() {
        return registry;
    }

    /** The CodeBuild project's environment variables, as Terraform sends them (references resolved to mocked ids). */
    Map<String, String> buildEnvironment() {
        Map<String, String> raw = new LinkedHashMap<>();
        for (JsonNode variable : project().path("environment").path("environment_variable")) {
            raw.put(variable.path("name").asText(), variable.path("value").asText());
        }
        raw.put("__BUILDSPEC", project().path("source").path("buildspec").asText());
        Map<String, String> evaluated = TerraformCli.evaluateAll(resolveReferences(raw));
        return evaluated;
    }

    /** The service repository's tag mutability, which the fake registry enforces as ECR does. */
    private String tagMutability() {
        return stack.path("resource").path("aws_ecr_repository").elements().next().path("image_tag_mutability").asText();
    }

    private JsonNode project() {
        return stack.path("resource").path("aws_codebuild_project").elements().next();
    }

    /**
     * One release of {@code sourceDir} (the source artifact) at source revision {@code revision}: the buildspec run
     * as CodeBuild runs it, then CodeDeployToECS's substitutions: {@code <IMAGE1_NAME>} in taskdef.json from the
     * ImageURI of imageDetail.json (the build's output, or, for an ECR source, the source artifact's, which the light
     * build leaves in place), {@code <TASK_DEFINITION>} in the appspec from the registered task definition's ARN.
     */
    Release release(Path sourceDir, String revision, int number) throws Exception {
        Map<String, String> environment = new LinkedHashMap<>(buildEnvironment());
        String buildspec = environment.remove("__BUILDSPEC");
        environment.put("PATH", bin + ":" + System.getenv("PATH"));
        environment.put("FAKE_REGISTRY", registry.toString());
        environment.put("FAKE_TAG_MUTABILITY", tagMutability());
        environment.put("AWS_REGION", REGION);
        environment.put("AWS_DEFAULT_REGION", REGION);
        environment.put("CODEBUILD_RESOLVED_SOURCE_VERSION", revision);
        environment.put("CODEBUILD_BUILD_NUMBER", String.valueOf(number));
        Buildspecs.Result build = Buildspecs.runBuild(buildspec, sourceDir, environment);
        if (build.exit() != 0) {
            return new Release(build, null, null, null);
        }
        JsonNode imageDetail = Synth.MAPPER.readTree(sourceDir.resolve("imageDetail.json").toFile());
        String taskdef = Files.readString(sourceDir.resolve("taskdef.json"));
        ObjectNode registered = (ObjectNode) Synth.MAPPER.readTree(taskdef.replace("<IMAGE1_NAME>", imageDetail.path("ImageURI").asText()));
        String family = registered.path("family").asText();
        String arn = "arn:aws:ecs:" + REGION + ":" + ACCOUNT + ":task-definition/" + family + ":" + (number + 1);
        Object appSpec = new Yaml().load(Files.readString(sourceDir.resolve("appspec.yaml")).replace("<TASK_DEFINITION>", arn));
        return new Release(build, imageDetail, registered, Synth.MAPPER.valueToTree(appSpec));
    }

    /** The image a push published: its files and Dockerfile, by repository URI and tag or digest. */
    Path pushedImage(String imageUri) throws IOException {
        Path pushed = registry.resolve("pushed");
        boolean byDigest = imageUri.contains("@sha256:");
        String repository = byDigest ? imageUri.substring(0, imageUri.indexOf('@')) : imageUri.substring(0, imageUri.lastIndexOf(':'));
        Path folder = pushed.resolve(repository.replace('/', '_').replace(':', '_'));
        if (!byDigest) {
            Path image = folder.resolve(imageUri.substring(imageUri.lastIndexOf(':') + 1));
            if (!Files.isDirectory(image)) {
                throw new AssertionError("nothing was pushed as " + imageUri);
            }
            return image;
        }
        String digest = imageUri.substring(imageUri.indexOf('@') + 1);
        try (Stream<Path> images = Files.list(folder)) {
            for (Path image : images.toList()) {
                if (Files.readString(image.resolve(".digest")).equals(digest)) {
                    return image;
                }
            }
        }
        throw new AssertionError("no image of " + repository + " has the digest " + digest);
    }

    /** What a team's CI does before an ECR source starts the pipeline: pushes {@code context} as tag {@code tag}. */
    String pushFromCi(Path context, String repositoryUri, String tag) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c",
                "docker build -t \"$1:$2\" -f Dockerfile . && docker push \"$1:$2\"", "ci", repositoryUri, tag)
                .directory(context.toFile()).redirectErrorStream(true);
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        pb.environment().put("FAKE_REGISTRY", registry.toString());
        pb.environment().put("FAKE_TAG_MUTABILITY", tagMutability());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError(out);
        }
        Matcher digest = Pattern.compile("digest: (sha256:[0-9a-f]{64})").matcher(out);
        if (!digest.find()) {
            throw new AssertionError(out);
        }
        return repositoryUri + "@" + digest.group(1);
    }

    /**
     * Runs {@code image} as the registered {@code container} says, as far as this machine can: the image's files in a
     * folder of their own, read-only; its ENTRYPOINT and CMD (or the container's command); the Dockerfile's and the
     * container's environment; the container's user (when this runs as root); a network namespace of its own. Then
     * asks {@code paths} on the container port. Returns "path status body" per path, and the application's output.
     */
    String run(Path image, JsonNode container, List<String> paths) throws Exception {
        Dockerfile dockerfile = Dockerfile.read(image.resolve(".Dockerfile"));
        // The image's files as an image has them: folders anyone may enter, files anyone may read (the temporary work
        // area is private to this user otherwise, which the application's user could not enter).
        work.toFile().setExecutable(true, false);
        work.toFile().setReadable(true, false);
        Path root = Files.createDirectories(work.resolve("rootfs-" + image.getFileName()));
        for (String[] copy : dockerfile.copies) {
            Path target = root.resolve(copy[1].replaceFirst("^/", ""));
            Files.createDirectories(target.getParent());
            Files.copy(image.resolve(copy[0]), copy[1].endsWith("/") ? target.resolve(Path.of(copy[0]).getFileName()) : target,
                    StandardCopyOption.REPLACE_EXISTING);
        }
        List<String> command = new ArrayList<>();
        if (container.has("entryPoint")) {
            container.path("entryPoint").forEach(n -> command.add(n.asText()));
        } else {
            command.addAll(dockerfile.entrypoint);
        }
        if (container.has("command")) {
            container.path("command").forEach(n -> command.add(n.asText()));
        } else if (!container.has("entryPoint")) {
            command.addAll(dockerfile.cmd);
        }
        List<String> mapped = command.stream().map(arg -> arg.startsWith("/") && Files.exists(root.resolve(arg.substring(1)))
                ? root.resolve(arg.substring(1)).toString() : arg).toList();
        Map<String, String> env = new LinkedHashMap<>(dockerfile.env);
        container.path("environment").forEach(e -> env.put(e.path("name").asText(), e.path("value").asText()));
        boolean asRoot = io.bluegreen.testing.Sandbox.runningAsRoot();
        String user = container.path("user").asText("");
        String[] ids = user.split(":");
        String setpriv = asRoot && !user.isEmpty()
                ? "setpriv --reuid=" + ids[0] + " --regid=" + (ids.length > 1 ? ids[1] : ids[0]) + " --clear-groups " : "";
        // Read-only: the files belong to root and nobody may write them (the application runs as its own user).
        new ProcessBuilder("chmod", "-R", "a-w", root.toString()).start().waitFor();
        StringBuilder script = new StringBuilder("ip link set lo up 2>/dev/null\n");
        script.append("cd ").append(quote(root.resolve(dockerfile.workdir.replaceFirst("^/", "")).toString())).append('\n');
        script.append(setpriv).append("env -i PATH=/usr/local/bin:/usr/bin:/bin");
        for (Map.Entry<String, String> e : env.entrySet()) {
            script.append(' ').append(quote(e.getKey() + "=" + e.getValue()));
        }
        for (String arg : mapped) {
            script.append(' ').append(quote(arg));
        }
        int port = container.path("portMappings").get(0).path("containerPort").asInt();
        script.append(" > ").append(quote(work.resolve("app.log").toString())).append(" 2>&1 &\napp=$!\n");
        script.append("python3 - ").append(port);
        for (String path : paths) {
            script.append(' ').append(quote(path));
        }
        script.append(" <<'PY'\n").append("""
                import sys, time, urllib.request, urllib.error
                port, paths = sys.argv[1], sys.argv[2:]
                deadline = time.time() + 15
                for path in paths:
                    while True:
                        try:
                            with urllib.request.urlopen("http://127.0.0.1:%s%s" % (port, path), timeout=2) as r:
                                print(path, r.status, r.read().decode().strip()); break
                        except urllib.error.HTTPError as e:
                            print(path, e.code, e.read().decode().strip()); break
                        except Exception as e:
                            if time.time() > deadline:
                                print(path, "unreachable", e); break
                            time.sleep(0.1)
                PY
                """).append("status=$?\nkill $app 2>/dev/null; wait $app 2>/dev/null\nexit $status\n");
        Path file = work.resolve("run.sh");
        Files.writeString(file, script);
        List<String> launcher = new ArrayList<>(List.of("unshare", asRoot ? "--net" : "-rn", "--fork", "bash", file.toString()));
        Process p = new ProcessBuilder(launcher).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the application did not stop: " + out);
        }
        String appLog = Files.exists(work.resolve("app.log")) ? Files.readString(work.resolve("app.log")) : "";
        new ProcessBuilder("chmod", "-R", "u+w", root.toString()).start().waitFor();
        return out + "--- application output ---\n" + appLog;
    }

    /** ECS's RegisterTaskDefinition model's verdict on {@code taskDefinition}: one line per problem, empty when none. */
    String checkAgainstTheEcsModel(JsonNode taskDefinition) throws Exception {
        Path document = work.resolve("registered-taskdef.json");
        Synth.MAPPER.writeValue(document.toFile(), taskDefinition);
        TerraformCli.Result result = TerraformCli.run(List.of(TerraformCli.nodeExecutable(),
                RESOURCES.resolve("ecs-model-check.cjs").toString(), ecsModel().toString(), document.toString()), work, Map.of());
        return result.exitCode() == 0 ? "" : result.output();
    }

    /**
     * ECS's published API model (aws-sdk v2, pinned by version and checksum), fetched from the npm registry once into
     * main/target (a build output; mvn clean removes it).
     */
    static synchronized Path ecsModel() throws Exception {
        Path dir = AppTest.projectRoot().resolve("main/target/aws-api-models");
        Path model = dir.resolve("ecs-2014-11-13.min.json");
        if (Files.exists(model)) {
            return model;
        }
        Files.createDirectories(dir);
        Path download = Scratch.dir("aws-sdk");
        TerraformCli.Result pack = TerraformCli.run(List.of("npm", "pack", SDK, "--pack-destination", download.toString(),
                "--silent"), download, Map.of());
        if (pack.exitCode() != 0) {
            throw new AssertionError("cannot fetch " + SDK + " from the npm registry: " + pack.output());
        }
        Path tarball;
        try (Stream<Path> files = Files.list(download)) {
            tarball = files.filter(f -> f.toString().endsWith(".tgz")).findFirst().orElseThrow();
        }
        String integrity = "sha512-" + Base64.getEncoder().encodeToString(
                MessageDigest.getInstance("SHA-512").digest(Files.readAllBytes(tarball)));
        if (!integrity.equals(SDK_INTEGRITY)) {
            throw new AssertionError(SDK + " does not have the pinned checksum: " + integrity);
        }
        TerraformCli.Result untar = TerraformCli.run(List.of("tar", "xzf", tarball.toString(), "-C", download.toString(),
                "package/apis/ecs-2014-11-13.min.json"), download, Map.of());
        if (untar.exitCode() != 0) {
            throw new AssertionError(untar.output());
        }
        Files.copy(download.resolve("package/apis/ecs-2014-11-13.min.json"), model, StandardCopyOption.REPLACE_EXISTING);
        Scratch.delete(download);
        return model;
    }

    /** A copy of {@code from} in a new folder of the work area (a source artifact). */
    Path sourceArtifact(Path from, String name) throws IOException {
        Path dir = mkdirs(work.resolve(name));
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = dir.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return dir;
    }

    /**
     * {@code values} with every Terraform reference to a resource or data source of the stack replaced by the value
     * AWS would give it (mocked ids of the real shape), so that Terraform itself can evaluate the rest (escapes).
     */
    private Map<String, String> resolveReferences(Map<String, String> values) {
        Pattern reference = Pattern.compile("(?<!\\$)\\$\\{(data\\.)?([a-z0-9_]+)\\.([A-Za-z0-9_-]+)\\.([a-z_]+)(\\.[A-Za-z0-9_-]+)?}");
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> entry : values.entrySet()) {
            Matcher m = reference.matcher(entry.getValue());
            StringBuilder resolved = new StringBuilder();
            while (m.find()) {
                m.appendReplacement(resolved, Matcher.quoteReplacement(mocked(m.group(1) != null, m.group(2), m.group(3), m.group(4))));
            }
            m.appendTail(resolved);
            out.put(entry.getKey(), resolved.toString());
        }
        return out;
    }

    private String mocked(boolean data, String type, String name, String attribute) {
        JsonNode body = stack.path(data ? "data" : "resource").path(type).path(name);
        String configuredName = body.path("name").asText(body.path("function_name").asText(name));
        return switch (type + "." + attribute) {
            case "aws_iam_role.arn" -> "arn:aws:iam::" + ACCOUNT + ":role/" + configuredName;
            case "aws_ecr_repository.repository_url" -> ACCOUNT + ".dkr.ecr." + REGION + ".amazonaws.com/" + configuredName;
            case "aws_ecr_repository.name", "aws_cloudwatch_log_group.name", "aws_ecs_cluster.name",
                 "aws_ecs_service.name" -> configuredName;
            case "aws_lambda_function.arn" -> "arn:aws:lambda:" + REGION + ":" + ACCOUNT + ":function:" + configuredName;
            case "aws_security_group.id" -> "sg-0a1b2c3d4e5f60001";
            case "aws_region.name" -> REGION;
            case "aws_caller_identity.account_id" -> ACCOUNT;
            case "aws_partition.partition" -> "aws";
            case "terraform_remote_state.outputs" -> "subnet-0a1b2c3d4e5f60001";
            default -> throw new AssertionError("the release test has no AWS value for " + (data ? "data." : "") + type + "."
                    + name + "." + attribute + "; add one to EcsRelease.mocked");
        };
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private static Path mkdirs(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path copy(Path from, Path to) {
        try {
            return Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The parts of a Dockerfile that decide how its image runs: ENV, WORKDIR, COPY, ENTRYPOINT and CMD (exec form). */
    static final class Dockerfile {
        final Map<String, String> env = new LinkedHashMap<>();
        final List<String[]> copies = new ArrayList<>();
        List<String> entrypoint = List.of();
        List<String> cmd = List.of();
        String workdir = "/";
        String user = "";

        static Dockerfile read(Path file) throws IOException {
            Dockerfile d = new Dockerfile();
            for (String line : Files.readAllLines(file)) {
                String l = line.strip();
                if (l.isEmpty() || l.startsWith("#")) {
                    continue;
                }
                String[] parts = l.split("\\s+", 2);
                String arg = parts.length > 1 ? parts[1] : "";
                switch (parts[0].toUpperCase()) {
                    case "ENV" -> {
                        Matcher m = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"[^\"]*\"|\\S+)").matcher(arg);
                        while (m.find()) {
                            d.env.put(m.group(1), m.group(2).replaceAll("^\"|\"$", ""));
                        }
                    }
                    case "WORKDIR" -> d.workdir = arg;
                    case "COPY" -> {
                        String[] paths = arg.split("\\s+");
                        d.copies.add(new String[] {paths[0], paths[paths.length - 1]});
                    }
                    case "USER" -> d.user = arg;
                    case "ENTRYPOINT" -> d.entrypoint = execForm(arg);
                    case "CMD" -> d.cmd = execForm(arg);
                    default -> {
                    }
                }
            }
            return d;
        }

        private static List<String> execForm(String arg) throws IOException {
            List<String> out = new ArrayList<>();
            Synth.MAPPER.readTree(arg).forEach(n -> out.add(n.asText()));
            return out;
        }
    }
}
