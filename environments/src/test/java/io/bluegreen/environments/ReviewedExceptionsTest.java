package io.bluegreen.environments;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every rule of {@link SecurityRules#ALL} over every stack of every environment: a finding passes only when
 * security-exceptions.tsv lists it (rule, environments, resource, reason, who accepted it). A new finding fails the
 * build until it is fixed or reviewed into the list; an entry that no longer matches anything fails too, so the list
 * never keeps exceptions for what was fixed. prod has at most three.
 */
class ReviewedExceptionsTest {
    static final String FILE = "security-exceptions.tsv";

    /**
     * One reviewed exception. {@code resource} is a glob over "<stack>: <finding>"; {@code environments} names
     * environments, or {@code *} (every one), or {@code baseline:off} (every environment whose security baseline is
     * off), so that a new service or environment of a known kind is covered without a new line.
     */
    record Exception(String rule, List<String> environments, String resource, String reason, String acceptedBy, int line) {
        boolean covers(String env, String rule, String finding) {
            return this.rule.equals(rule) && appliesTo(env) && glob(resource).matcher(finding).matches();
        }

        boolean appliesTo(String env) {
            return environments.contains("*") || environments.contains(env)
                    || (environments.contains(BASELINE_OFF) && BASELINES.getOrDefault(env, true) == Boolean.FALSE);
        }
    }

    /** The environments field's word for every environment whose security baseline is off. */
    static final String BASELINE_OFF = "baseline:off";
    /** Whether each environment checked has its baseline on (filled by {@link #register}). */
    static final Map<String, Boolean> BASELINES = new java.util.concurrent.ConcurrentHashMap<>();

    static {
        Environments.all().forEach(ReviewedExceptionsTest::register);
    }

    /** Makes {@code environment} known to the list's {@code baseline:off}. */
    static void register(EnvironmentConfig environment) {
        BASELINES.put(environment.name(), !environment.baseline().equals(io.bluegreen.security.Baseline.OFF));
    }

    static Pattern glob(String glob) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            regex.append(c == '*' ? ".*" : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(regex.toString());
    }

    static List<Exception> exceptions() throws IOException {
        List<Exception> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(ProjectFiles.root().resolve(FILE));
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t");
            assertEquals(5, f.length, FILE + ":" + (i + 1) + " needs 5 tab-separated fields: rule, environments, resource, reason, accepted by");
            assertTrue(SecurityRules.ALL.containsKey(f[0]), FILE + ":" + (i + 1) + " names no rule: " + f[0]);
            for (String field : f) {
                assertFalse(field.isBlank(), FILE + ":" + (i + 1) + " has an empty field");
            }
            out.add(new Exception(f[0], List.of(f[1].split(",")), f[2], f[3], f[4], i + 1));
        }
        return out;
    }

    /** Every finding of every rule over every stack, as env -> "rule | stack: finding". */
    static Map<String, List<String[]>> findings() {
        return findings(ServiceStackTest.all());
    }

    /** Every finding of every rule over {@code stacks} (by id), as env -> "rule | stack: finding". */
    static Map<String, List<String[]>> findings(Map<String, JsonNode> stacks) {
        Map<String, List<String[]>> out = new java.util.LinkedHashMap<>();
        stacks.forEach((stack, json) -> {
            String env = stack.substring(0, stack.indexOf('-'));
            SecurityRules.ALL.forEach((rule, check) -> {
                for (String finding : check.apply(json)) {
                    out.computeIfAbsent(env, e -> new ArrayList<>()).add(new String[]{rule, stack + ": " + finding});
                }
            });
        });
        return out;
    }

    /** The findings of {@code stacks} that no reviewed exception covers, as "rule env stack: finding" lines. */
    static List<String> unreviewed(Map<String, JsonNode> stacks) throws IOException {
        List<Exception> reviewed = exceptions();
        List<String> out = new ArrayList<>();
        findings(stacks).forEach((env, list) -> {
            for (String[] f : list) {
                if (reviewed.stream().noneMatch(e -> e.covers(env, f[0], f[1]))) {
                    out.add(f[0] + "\t" + env + "\t" + f[1]);
                }
            }
        });
        return out;
    }

    @Test
    void everyFindingIsFixedOrReviewed() throws IOException {
        List<Exception> reviewed = exceptions();
        List<String> unreviewed = new ArrayList<>();
        java.util.Set<Exception> used = new java.util.HashSet<>();
        findings().forEach((env, list) -> {
            for (String[] f : list) {
                List<Exception> matching = reviewed.stream().filter(e -> e.covers(env, f[0], f[1])).toList();
                if (matching.isEmpty()) {
                    unreviewed.add(f[0] + "\t" + env + "\t" + f[1]);
                }
                used.addAll(matching);
            }
        });
        assertEquals(List.of(), unreviewed, "findings neither fixed nor in " + FILE + " (fix them, or add a reviewed line)");
        List<String> stale = reviewed.stream().filter(e -> !used.contains(e)).map(e -> FILE + ":" + e.line() + " " + e.rule()
                + " " + e.resource()).toList();
        assertEquals(List.of(), stale, "reviewed exceptions that match nothing any more: remove them");
    }

    @Test
    void prodHasAtMostThreeReviewedExceptions() throws IOException {
        List<Exception> prod = exceptions().stream().filter(e -> e.appliesTo("prod")).toList();
        assertTrue(prod.size() <= 3, "prod has " + prod.size() + " exceptions: " + prod);
    }

    @Test
    void aNewFindingInProdIsNotCoveredByTheList() throws IOException {
        com.fasterxml.jackson.databind.node.ObjectNode prod = ServiceStackTest.all().get("prod-checkout").deepCopy();
        JsonNode group = io.bluegreen.testing.Synth.resources(prod, "aws_cloudwatch_log_group").values().iterator().next();
        ((com.fasterxml.jackson.databind.node.ObjectNode) group).put("retention_in_days", 30).remove("kms_key_id");
        List<Exception> reviewed = exceptions();
        for (String rule : List.of("log-retention-year", "log-group-cmk")) {
            List<String> found = SecurityRules.ALL.get(rule).apply(prod);
            assertEquals(1, found.size(), rule + ": " + found);
            assertTrue(reviewed.stream().noneMatch(e -> e.covers("prod", rule, "prod-checkout: " + found.get(0))),
                    "the list would let " + found + " through");
        }
    }
}
