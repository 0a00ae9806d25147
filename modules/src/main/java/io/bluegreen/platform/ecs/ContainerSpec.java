package io.bluegreen.platform.ecs;

import io.bluegreen.settings.Settings;
import io.bluegreen.validation.Check;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The service's application container, as a Java model. The pipeline's task definition template (taskdef.json, which
 * every release registers with the pushed image in place of {@code <IMAGE1_NAME>}) and the appspec are generated
 * from it, so the container name and port are the same everywhere CodeDeploy looks, and what the template says is
 * what runs in production: nothing in it comes from what served before the first release.
 *
 * <p>Before the first release there is no application image yet. Terraform registers a task definition of its own
 * for that moment, {@link #beforeFirstRelease()}: by default the placeholder (a few lines of Python answering 200 on
 * the container port); never anything the pipeline copies.
 *
 * <p><b>What the secure defaults demand of an application image.</b> The container runs as {@link #user()}, never
 * root: the image's files must be readable (and its program executable) by that user, and it must listen on a port
 * above 1023 (an unprivileged user cannot bind below; the load balancer reaches any port). The root file system is
 * read-only: the program may write only under {@link #writablePaths()} (each an empty task volume, e.g. /tmp for
 * temporary files; Python needs PYTHONDONTWRITEBYTECODE=1 or a writable cache, and many runtimes want a writable
 * /tmp). Opt out explicitly with {@link #runAsRoot()} or {@link #withWritableRootFilesystem()}; the environment's
 * security baseline then reports it (docs/security.md: the baseline). examples/ecs-app is an image that satisfies both.
 *
 * @param name container name (also the appspec's ContainerName and the pipeline's IMAGE1 container)
 * @param port container port, 1..65535, on which the application listens (and the placeholder, before release 1)
 * @param size Fargate cpu/memory pair
 * @param environment plain environment variables (not secrets)
 * @param secrets secrets as SSM / Secrets Manager ARNs
 * @param healthCheck optional container health check (null = none); runs inside the application's image
 * @param readOnlyRootFilesystem mount the root file system read-only (the default; {@link #withWritableRootFilesystem()}
 *                               is the explicit opt-out)
 * @param user the user the application runs as ({@code uid}, {@code uid:gid} or a name the image defines), never root
 *             unless {@link #runAsRoot()} says so explicitly
 * @param writablePaths the paths the container writes to while the root file system is read-only: each an empty
 *                      task-scoped volume mounted there (e.g. /tmp)
 * @param rootAccepted the container may run as root: only through {@link #runAsRoot()}
 * @param command the command the application runs instead of its image's CMD, or empty (the default) for the image's
 *                own ENTRYPOINT and CMD
 * @param beforeFirstRelease what Terraform runs until the pipeline's first release: {@link InitialTask.Placeholder}
 *                           (the default) or {@link InitialTask.Image} (an image of yours, run as the application)
 */
public record ContainerSpec(String name, int port, FargateSize size, Map<String, String> environment,
                            List<ContainerSecret> secrets, ContainerHealthCheck healthCheck,
                            boolean readOnlyRootFilesystem, String user, List<String> writablePaths,
                            boolean rootAccepted, List<String> command, InitialTask beforeFirstRelease)
        implements Settings<ContainerSpec, ContainerSpec.Builder> {
    private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9_-]{0,254}$");
    private static final Pattern SECRET_LOOKING_NAME = Pattern.compile("(?i).*(PASSWORD|SECRET|TOKEN|PRIVATE_KEY|API_KEY).*");

    private static final Pattern USER = Pattern.compile("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,31}(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,31})?$");
    private static final Pattern PATH = Pattern.compile("^/[A-Za-z0-9_.\\-/]{1,200}$");
    private static final Pattern IMAGE_REFERENCE =
            Pattern.compile("^(?=.{1,255}$)[a-z0-9][a-z0-9._/:-]*(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(@sha256:[0-9a-f]{64})?$");

    /** What Terraform runs before the pipeline's first release. */
    public sealed interface InitialTask {
        /**
         * The placeholder: the official Python image from the ECR public gallery, running a few lines of the standard
         * library that answer every GET with 200 on the container port ({@link #command(int)}). It writes nothing (so
         * it runs with a read-only root file system) and runs as nobody, whatever user the application names; the
         * application's container health check is left out (it would run inside this image). Everything else (name,
         * port, size, environment, secrets, volumes) is the application's.
         */
        record Placeholder() implements InitialTask {
            /** The placeholder's image. */
            public static final String IMAGE = "public.ecr.aws/docker/library/python:3.13-alpine";
            /** The placeholder's user: nobody. */
            public static final String USER = "65534";

            /** The placeholder's program: an HTTP server on {@code port} answering 200 to every GET. */
            public static List<String> command(int port) {
                return List.of("python3", "-c",
                        "import http.server as h; H = type('H', (h.BaseHTTPRequestHandler,), {'do_GET': lambda s: (s.send_response(200),"
                                + " s.send_header('Content-Type', 'text/plain'), s.end_headers(),"
                                + " s.wfile.write(b'placeholder: the pipeline deploys the service image next'))});"
                                + " h.HTTPServer(('', " + port + "), H).serve_forever()");
            }
        }

        /**
         * An image of yours, run exactly as the application would be (its user, command, health check): for a service
         * that has a released image already, e.g. when moving an existing service under this project.
         *
         * @param image an image reference the execution role can pull (ECR in this account, or a public registry)
         */
        record Image(String image) implements InitialTask {
            public Image {
                Check.in("InitialTask.Image").matches("image", image, IMAGE_REFERENCE,
                        "an image reference such as 123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1.4.2 (lowercase, no spaces)",
                        "give the image that serves until the pipeline's first release");
            }
        }
    }

    /** The default of {@link #beforeFirstRelease()}: the placeholder. */
    public static final InitialTask PLACEHOLDER = new InitialTask.Placeholder();

    public ContainerSpec {
        Check check = Check.in("ContainerSpec");
        check.matches("name", name, NAME, "letters, digits, '_' and '-' (up to 255)", "e.g. \"web\"");
        check.between("port", port, 1, 65535, "use the port your application listens on, e.g. 8080");
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
        beforeFirstRelease = Check.orDefault(beforeFirstRelease, PLACEHOLDER);
    }

    /**
     * The application container {@code name}, listening on {@code port}, run as {@code user} (not root), at the smallest
     * size, with a read-only root file system, the image's own command, and the placeholder before the first release.
     */
    public static ContainerSpec of(String name, int port, String user) {
        return Settings.build(ContainerSpec.class, c -> {
            c.name = name;
            c.port = port;
            c.user = user;
        });
    }

    /** The settings and their defaults; {@link #of} sets the three that have none. */
    public static final class Builder {
        /** No default: the container's name. */
        public String name;
        /** No default: the port the application listens on. */
        public int port;
        /** @default {@link FargateSize#SMALLEST}: 0.25 vCPU and 512 MiB, the cheapest task; raise it when metrics say so. */
        public FargateSize size = FargateSize.SMALLEST;
        /** @default none. */
        public Map<String, String> environment = Map.of();
        /** @default none. */
        public List<ContainerSecret> secrets = List.of();
        /** @default null: no container health check; the load balancer's health check decides. */
        public ContainerHealthCheck healthCheck = null;
        /** @default true: a compromised process cannot change the image's files. */
        public boolean readOnlyRootFilesystem = true;
        /** No default: the unprivileged user the image runs as, so the task never runs as root by accident. */
        public String user;
        /** @default none: nothing is writable. */
        public List<String> writablePaths = List.of();
        /** @default false: running as root takes {@link ContainerSpec#runAsRoot()}. */
        public boolean rootAccepted = false;
        /** @default none: the image's own CMD. */
        public List<String> command = List.of();
        /** @default {@link ContainerSpec#PLACEHOLDER}: a task that answers the health check until release 1. */
        public InitialTask beforeFirstRelease = PLACEHOLDER;
    }

    /** The volume that makes {@code path} writable: its name, e.g. "tmp" for /tmp, "var-cache-app" for /var/cache/app. */
    public static String volumeName(String path) {
        return path.replaceAll("^/+|/+$", "").replaceAll("[^A-Za-z0-9_-]+", "-");
    }

    /** The port the application listens on. */
    public ContainerSpec withPort(int value) {
        return with(c -> c.port = value);
    }

    /** The command the application runs instead of its image's CMD (the image's ENTRYPOINT stays). */
    public ContainerSpec withCommand(List<String> value) {
        return with(c -> c.command = value);
    }

    public ContainerSpec withSize(FargateSize value) {
        return with(c -> c.size = value);
    }

    public ContainerSpec withEnvironment(Map<String, String> value) {
        return with(c -> c.environment = value);
    }

    public ContainerSpec withSecrets(List<ContainerSecret> value) {
        return with(c -> c.secrets = value);
    }

    public ContainerSpec withHealthCheck(ContainerHealthCheck value) {
        return with(c -> c.healthCheck = value);
    }

    /** The user your image runs as (uid, uid:gid or name): the task definition sets it, so it is never root by accident. */
    public ContainerSpec withUser(String value) {
        return with(c -> c.user = value);
    }

    /** The paths your container writes to (each an empty volume), the root file system staying read-only. */
    public ContainerSpec withWritablePaths(List<String> value) {
        return with(c -> c.writablePaths = value);
    }

    /** Explicit opt-out: the root file system is writable (the baseline's read-only rule then reports it). */
    public ContainerSpec withWritableRootFilesystem() {
        return with(c -> c.readOnlyRootFilesystem = false);
    }

    /** Explicit opt-out: the container runs as root (the baseline's non-root rule then reports it). */
    public ContainerSpec runAsRoot() {
        return with(c -> {
            c.user = "0";
            c.rootAccepted = true;
        });
    }

    /** What Terraform runs before the pipeline's first release (the placeholder by default). */
    public ContainerSpec withBeforeFirstRelease(InitialTask value) {
        return with(c -> c.beforeFirstRelease = value);
    }

    /** Environment variables in a stable order. */
    public Map<String, String> sortedEnvironment() {
        return new TreeMap<>(environment);
    }
}
