package io.bluegreen.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hashicorp.cdktf.App;
import com.hashicorp.cdktf.Testing;
import com.hashicorp.cdktf.TestingAppConfig;
import com.hashicorp.cdktf.TerraformStack;
import com.hashicorp.cdktf.providers.aws.provider.AwsProvider;
import io.bluegreen.naming.Names;
import io.bluegreen.validation.InvalidConfigException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;


/**
 * Test support for construct and stack tests (this project's and yours): synthesize with validations on and read
 * the Terraform JSON as a tree. Framework-neutral: failures are {@link AssertionError}s, which every test
 * framework reports as failures.
 */
public final class Synth {
    public static final ObjectMapper MAPPER = new ObjectMapper();
    public static final Names NAMES = new Names("shop", "dev");

    private Synth() {
    }

    private static Path testOutdir;

    /**
     * {@code Testing.app()} with its output folder in one per-JVM {@link Scratch} folder: Testing.app() alone creates
     * a cdktf.outdir.* folder in the system's temporary directory for every app and never deletes it.
     */
    public static synchronized App testApp() {
        if (testOutdir == null) {
            testOutdir = Scratch.dir("cdktf-test-apps");
        }
        App app = Testing.app(TestingAppConfig.builder().outdir(testOutdir.toString()).build());
        jsiiFolderAtExit();
        return app;
    }

    private static boolean jsiiFolderRegistered;

    /**
     * Deletes this JVM's jsii runtime folder when it exits (the runtime leaves it behind): call once the runtime runs,
     * e.g. after creating an App.
     */
    public static synchronized void jsiiFolderAtExit() {
        if (!jsiiFolderRegistered) {
            io.bluegreen.terraform.JsiiRuntimeFolder.current().ifPresent(folder -> {
                Scratch.deleteAtExit(folder);
                jsiiFolderRegistered = true;
            });
        }
    }

    /** A fresh stack on {@link #testApp()} (Testing.synthScope with a lambda does not compile in Java). */
    public static TerraformStack newStack() {
        TerraformStack stack = new TerraformStack(testApp(), "test");
        AwsProvider.Builder.create(stack, "Aws").region("eu-west-1").build();
        return stack;
    }

    /** The synthesized JSON of {@code stack}, validations on. */
    public static JsonNode json(TerraformStack stack) {
        try {
            return MAPPER.readTree(Testing.synth(stack, true));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** All resources of {@code type}, by address name. */
    public static Map<String, JsonNode> resources(JsonNode json, String type) {
        return fields(json.path("resource").path(type));
    }

    /** All data sources of {@code type}, by address name. */
    public static Map<String, JsonNode> dataSources(JsonNode json, String type) {
        return fields(json.path("data").path(type));
    }

    /** The only resource of {@code type}; fails when there are none or several. */
    public static JsonNode only(JsonNode json, String type) {
        Map<String, JsonNode> all = resources(json, type);
        assertEquals(1, all.size(), "expected exactly one " + type + " but found " + all.keySet());
        return all.values().iterator().next();
    }

    /** The resource of {@code type} whose address contains {@code idPart}. */
    public static JsonNode named(JsonNode json, String type, String idPart) {
        return resources(json, type).get(address(json, type, idPart));
    }

    /** The address of the resource of {@code type} whose address contains {@code idPart}. */
    public static String address(JsonNode json, String type, String idPart) {
        List<String> matches = resources(json, type).keySet().stream().filter(k -> k.contains(idPart)).toList();
        assertEquals(1, matches.size(), "expected one " + type + " with '" + idPart + "' in its address, found "
                + resources(json, type).keySet());
        return matches.get(0);
    }

    /** A reference expression to an attribute of a resource: {@code ${type.name.attr}}. */
    public static String ref(JsonNode json, String type, String idPart, String attribute) {
        return "${" + type + "." + address(json, type, idPart) + "." + attribute + "}";
    }

    public static Map<String, JsonNode> fields(JsonNode node) {
        Map<String, JsonNode> out = new java.util.LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), e.getValue());
        }
        return out;
    }

    public static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** Code under test that is expected to throw. */
    @FunctionalInterface
    public interface Action {
        void run() throws Exception;
    }

    /**
     * Runs {@code action}, expects an {@link InvalidConfigException}, and checks that its message names every
     * one of {@code parts} (field, value, what is allowed, ...) and says how to fix it.
     */
    public static InvalidConfigException assertInvalid(Action action, String... parts) {
        InvalidConfigException e;
        try {
            action.run();
            throw new AssertionError("expected an InvalidConfigException naming " + List.of(parts) + ", but nothing was thrown");
        } catch (InvalidConfigException thrown) {
            e = thrown;
        } catch (Exception other) {
            throw new AssertionError("expected an InvalidConfigException but got " + other, other);
        }
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "message should mention '" + part + "': " + e.getMessage());
        }
        assertTrue(e.getMessage().contains("Fix: "), "message should say how to fix it: " + e.getMessage());
        return e;
    }

    private static void assertTrue(boolean condition, String message) {
        if (!condition) {
            throw new AssertionError(message);
        }
    }

    private static void assertEquals(Object expected, Object actual, String message) {
        if (!java.util.Objects.equals(expected, actual)) {
            throw new AssertionError(message + " ==> expected: <" + expected + "> but was: <" + actual + ">");
        }
    }
}
