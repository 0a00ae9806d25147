package io.bluegreen.terraform;

import com.hashicorp.cdktf.TerraformResource;
import software.constructs.IConstruct;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Terraform {@code moved} blocks for resources whose construct path changed, so that a plan moves them in state
 * instead of destroying and recreating them (a KMS key, a bucket, an ECR repository with its images, roles with
 * fixed names that the new resource could not be created beside).
 */
public final class Moves {
    private Moves() {
    }

    /**
     * Every resource below {@code moved} (a construct directly in its stack) was at the same path below
     * {@code oldParentId} before: each gets a moved block from its old address.
     */
    public static void fromOldParent(IConstruct moved, String oldParentId) {
        String prefix = moved.getNode().getId();
        for (IConstruct child : moved.getNode().findAll()) {
            if (child instanceof TerraformResource resource) {
                List<String> path = new ArrayList<>(pathInStack(child));
                if (!path.get(0).equals(prefix)) {
                    throw new IllegalStateException(prefix + " must be a construct directly in its stack, not " + path);
                }
                path.set(0, oldParentId);
                resource.moveFromId(resource.getTerraformResourceType() + "." + logicalId(path));
            }
        }
    }

    /** The construct ids from below the stack down to {@code construct}. */
    private static List<String> pathInStack(IConstruct construct) {
        List<String> ids = new ArrayList<>(List.of(construct.getNode().getPath().split("/")));
        return ids.subList(1, ids.size());
    }

    /**
     * cdktf's logical id (the resource name in the .tf.json file) of a resource at {@code path} below its stack:
     * the ids joined with "_" and the first 8 hex digits of the MD5 of the ids joined with "/", upper case. (Ids here
     * are letters and digits only, which cdktf keeps as they are.)
     */
    public static String logicalId(List<String> path) {
        try {
            byte[] md5 = MessageDigest.getInstance("MD5").digest(String.join("/", path).getBytes(StandardCharsets.UTF_8));
            String hex = String.format("%032x", new BigInteger(1, md5));
            return String.join("_", path) + "_" + hex.substring(0, 8).toUpperCase(Locale.ROOT);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
