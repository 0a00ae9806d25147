package io.bluegreen.testing;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs a script as root, the way cloud-init and the CodeDeploy agent run theirs, without changing this machine: in a
 * user namespace that maps this user to root and a mount namespace in which the given folders are empty and its own
 * (tmpfs), gone when the script ends.
 */
public final class Sandbox {
    private Sandbox() {
    }

    /** Runs {@code command} with bash as root, each of {@code emptyFolders} a fresh tmpfs; stdout and stderr together. */
    public static Buildspecs.Result asRoot(List<String> emptyFolders, String command) throws Exception {
        StringBuilder sandbox = new StringBuilder();
        for (String folder : emptyFolders) {
            sandbox.append("mount -t tmpfs tmpfs ").append(folder).append(" && ");
        }
        sandbox.append(command);
        Process p = new ProcessBuilder("unshare", "--mount", "--map-root-user", "bash", "-c", sandbox.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), out);
        return new Buildspecs.Result(p.exitValue(), out);
    }

    /** Whether this JVM runs as root (uid 0), as in a CI container. */
    public static boolean runningAsRoot() throws Exception {
        return "0".equals(new String(new ProcessBuilder("id", "-u").start().getInputStream().readAllBytes()).trim());
    }
}
