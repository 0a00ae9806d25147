package io.bluegreen.ecs;

import io.bluegreen.validation.Check;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The service's container, as a Java model. The task definition (and the pipeline's taskdef.json and appspec)
 * are generated from it, so the container name and port are the same everywhere CodeDeploy looks.
 *
 * @param name container name (also the appspec's ContainerName and the pipeline's IMAGE1 container)
 * @param image image for the first deployment; the pipeline replaces it with each build's image
 * @param port container port, 1..65535
 * @param size Fargate cpu/memory pair
 * @param environment plain environment variables (not secrets)
 * @param secrets secrets as SSM / Secrets Manager ARNs
 * @param healthCheck optional container health check (null = none)
 * @param readOnlyRootFilesystem mount the root file system read-only (the default; {@link #withWritableRootFilesystem()}
 *                               is the explicit opt-out)
 * @param user the user the container runs as ({@code uid}, {@code uid:gid} or a name), never root unless
 *             {@link #runAsRoot()} says so explicitly
 * @param writablePaths the paths the container writes to while the root file system is read-only: each an empty
 *                      task-scoped volume mounted there (e.g. /tmp)
 * @param rootAccepted the container may run as root: only through {@link #runAsRoot()}
 * @param command the command the container runs instead of the image's, or empty for the image's own
 */
public record ContainerSpec(String name, String image, int port, FargateSize size, Map<String, String> environment,
                            List<ContainerSecret> secrets, ContainerHealthCheck healthCheck,
                            boolean readOnlyRootFilesystem, String user, List<String> writablePaths,
                            boolean rootAccepted, List<String> command) {
    private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9_-]{0,254}$");
    private static final Pattern SECRET_LOOKING_NAME = Pattern.compile("(?i).*(PASSWORD|SECRET|TOKEN|PRIVATE_KEY|API_KEY).*");

    private static final Pattern USER = Pattern.compile("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,31}(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,31})?$");
    private static final Pattern PATH = Pattern.compile("^/[A-Za-z0-9_.\\-/]{1,200}$");

    /**
     * The placeholder: the official Python image from the ECR public gallery, running a few lines of the standard
     * library that answer every GET with 200. It writes nothing (so it runs with a read-only root file system and
     * no writable volume: Fargate creates a task volume owned by root, which an unprivileged user could not write)
     * and runs as nobody.
     */
    public static final String PLACEHOLDER_IMAGE = "public.ecr.aws/docker/library/python:3.13-alpine";
    /** The placeholder's user: nobody. */
    public static final String PLACEHOLDER_USER = "65534";
    /** The placeholder's port. */
    public static final int PLACEHOLDER_PORT = 8080;
    /** The placeholder's program: an HTTP server on {@link #PLACEHOLDER_PORT} answering 200 to every GET. */
    public static final List<String> PLACEHOLDER_COMMAND = List.of("python3", "-c",
            "import http.server as h; H = type('H', (h.BaseHTTPRequestHandler,), {'do_GET': lambda s: (s.send_response(200),"
                    + " s.send_header('Content-Type', 'text/plain'), s.end_headers(),"
                    + " s.wfile.write(b'placeholder: the pipeline deploys the service image next'))});"
                    + " h.HTTPServer(('', " + PLACEHOLDER_PORT + "), H).serve_forever()");

    public ContainerSpec {
        Check check = Check.in("ContainerSpec");
        check.matches("name", name, NAME, "letters, digits, '_' and '-' (up to 255)", "e.g. \"web\"");
        check.require(image != null && !image.isBlank() && !image.contains(" "), "image", image,
                "an image reference such as public.ecr.aws/nginx/nginx:stable", "give the image for the first deployment");
        check.between("port", port, 1, 65535, "use the port your container listens on, e.g. 80");
        check.notNull("size", size, "e.g. new FargateSize(256, 512)");
        environment = Map.copyOf(Check.orDefault(environment, Map.of()));
        for (Map.Entry<String, String> e : environment.entrySet()) {
            check.matches("environment key", e.getKey(), ContainerSecret.ENV_NAME, "an environment variable name", "rename it");
            check.require(!SECRET_LOOKING_NAME.matcher(e.getKey()).matches(), "environment key", e.getKey(),
                    "no secret-looking names in plain environment variables (they end up in the Terraform JSON)",
                    "move it to secrets as an SSM or Secrets Manager ARN (ContainerSecret)");
        }
        secrets = List.copyOf(Check.orDefault(secrets, List.of()));
        for (ContainerSecret secret : secrets) {
            check.require(!environment.containsKey(secret.name()), "secrets", secret.name(),
                    "a name not also used by a plain environment variable", "remove one of the two");
        }
        check.distinct("secrets names", secrets.stream().map(ContainerSecret::name).toList(), "remove the duplicate");
        check.require(user == null || USER.matcher(user).matches(), "user", user,
                "a user as uid, uid:gid or a name (letters, digits, '_', '.', '-')", "e.g. \"1000\" or \"app\"");
        boolean root = user == null || user.equals("0") || user.equals("root") || user.startsWith("0:") || user.startsWith("root:");
        check.require(!root || rootAccepted, "user", user == null ? "the image's default" : user,
                "a non-root user (a container running as root, or as whatever the image declares, fails the"
                        + " baseline's non-root rule)",
                "name the unprivileged user your image runs as, e.g. .withUser(\"1000\"); or opt out explicitly with"
                        + " .runAsRoot()");
        writablePaths = List.copyOf(Check.orDefault(writablePaths, List.of()));
        for (String path : writablePaths) {
            check.matches("writablePaths", path, PATH, "an absolute path of letters, digits and _ . - /", "e.g. /tmp");
        }
        check.distinct("writablePaths", writablePaths, "remove the duplicate");
        command = List.copyOf(Check.orDefault(command, List.of()));
    }

    /** The volume that makes {@code path} writable: its name, e.g. "tmp" for /tmp, "var-cache-app" for /var/cache/app. */
    public static String volumeName(String path) {
        return path.replaceAll("^/+|/+$", "").replaceAll("[^A-Za-z0-9_-]+", "-");
    }

    /**
     * A container named {@code name} running the placeholder (as nobody, on port 8080, writing nothing) at the
     * smallest size, with a read-only root file system.
     */
    public static ContainerSpec placeholder(String name) {
        return new ContainerSpec(name, PLACEHOLDER_IMAGE, PLACEHOLDER_PORT, FargateSize.SMALLEST, Map.of(), List.of(), null,
                true, PLACEHOLDER_USER, List.of(), false, PLACEHOLDER_COMMAND);
    }

    /** Your image and its port, with its own command (the placeholder's command is dropped). */
    public ContainerSpec withImage(String value, int newPort) {
        return new ContainerSpec(name, value, newPort, size, environment, secrets, healthCheck, readOnlyRootFilesystem,
                user, writablePaths, rootAccepted, List.of());
    }

    /** The command the container runs instead of its image's. */
    public ContainerSpec withCommand(List<String> value) {
        return new ContainerSpec(name, image, port, size, environment, secrets, healthCheck, readOnlyRootFilesystem,
                user, writablePaths, rootAccepted, value);
    }

    public ContainerSpec withSize(FargateSize value) {
        return new ContainerSpec(name, image, port, value, environment, secrets, healthCheck, readOnlyRootFilesystem,
                user, writablePaths, rootAccepted, command);
    }

    public ContainerSpec withEnvironment(Map<String, String> value) {
        return new ContainerSpec(name, image, port, size, value, secrets, healthCheck, readOnlyRootFilesystem,
                user, writablePaths, rootAccepted, command);
    }

    public ContainerSpec withSecrets(List<ContainerSecret> value) {
        return new ContainerSpec(name, image, port, size, environment, value, healthCheck, readOnlyRootFilesystem,
                user, writablePaths, rootAccepted, command);
    }

    public ContainerSpec withHealthCheck(ContainerHealthCheck value) {
        return new ContainerSpec(name, image, port, size, environment, secrets, value, readOnlyRootFilesystem,
                user, writablePaths, rootAccepted, command);
    }

    /** The user your image runs as (uid, uid:gid or name): the task definition sets it, so it is never root by accident. */
    public ContainerSpec withUser(String value) {
        return new ContainerSpec(name, image, port, size, environment, secrets, healthCheck, readOnlyRootFilesystem,
                value, writablePaths, rootAccepted, command);
    }

    /** The paths your container writes to (each an empty volume), the root file system staying read-only. */
    public ContainerSpec withWritablePaths(List<String> value) {
        return new ContainerSpec(name, image, port, size, environment, secrets, healthCheck, readOnlyRootFilesystem,
                user, value, rootAccepted, command);
    }

    /** Explicit opt-out: the root file system is writable (the baseline's read-only rule then reports it). */
    public ContainerSpec withWritableRootFilesystem() {
        return new ContainerSpec(name, image, port, size, environment, secrets, healthCheck, false,
                user, writablePaths, rootAccepted, command);
    }

    /** Explicit opt-out: the container runs as root (the baseline's non-root rule then reports it). */
    public ContainerSpec runAsRoot() {
        return new ContainerSpec(name, image, port, size, environment, secrets, healthCheck, readOnlyRootFilesystem,
                "0", writablePaths, true, command);
    }

    /** Environment variables in a stable order. */
    public Map<String, String> sortedEnvironment() {
        return new TreeMap<>(environment);
    }
}
