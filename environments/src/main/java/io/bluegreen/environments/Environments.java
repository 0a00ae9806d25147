package io.bluegreen.environments;

import io.bluegreen.environments.dev.Dev;
import io.bluegreen.environments.prod.Prod;
import io.bluegreen.environments.staging.Staging;
import io.bluegreen.validation.Check;
import io.bluegreen.validation.InvalidConfigException;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/** The list of environments the app synthesizes. Add an environment: a new package plus one line here. */
public final class Environments {
    private Environments() {
    }

    /** Every environment, in deployment order. */
    public static List<EnvironmentConfig> all() {
        Map<String, Supplier<EnvironmentConfig>> definitions = new LinkedHashMap<>();
        definitions.put("dev", Dev::config);
        definitions.put("staging", Staging::config);
        definitions.put("prod", Prod::config);
        return load(definitions);
    }

    /**
     * Builds each environment's config; an error names the environment it came from. Fails when two
     * environments share one name (they would share stack ids, state keys and physical names).
     */
    public static List<EnvironmentConfig> load(Map<String, Supplier<EnvironmentConfig>> definitions) {
        List<EnvironmentConfig> configs = new ArrayList<>();
        for (Map.Entry<String, Supplier<EnvironmentConfig>> definition : definitions.entrySet()) {
            try {
                configs.add(definition.getValue().get());
            } catch (InvalidConfigException e) {
                throw e.within("environment '" + definition.getKey() + "'");
            }
        }
        return unique(configs);
    }

    /** Fails when two configs share a name; returns the list unchanged otherwise. */
    public static List<EnvironmentConfig> unique(List<EnvironmentConfig> configs) {
        Set<String> seen = new HashSet<>();
        for (EnvironmentConfig config : configs) {
            if (!seen.add(config.name())) {
                throw Check.in("environment '" + config.name() + "'").invalid("name", config.name(),
                        "a name no other environment uses (it is the stack id, the state key and part of every AWS name)",
                        "rename one of the two environments called '" + config.name() + "'");
            }
        }
        return List.copyOf(configs);
    }

    /**
     * The environments named in {@code selection} (comma-separated, e.g. "dev,prod"), or all when it is blank.
     */
    public static List<EnvironmentConfig> select(List<EnvironmentConfig> all, String selection) {
        if (selection == null || selection.isBlank()) {
            return all;
        }
        List<EnvironmentConfig> chosen = new ArrayList<>();
        for (String wanted : selection.split(",")) {
            String name = wanted.trim();
            EnvironmentConfig match = all.stream().filter(c -> c.name().equals(name)).findFirst()
                    .orElseThrow(() -> Check.in("environment selection").invalid("environment", name,
                            "one of " + all.stream().map(EnvironmentConfig::name).toList(),
                            "fix the name in the environment selection (" + selection + ")"));
            chosen.add(match);
        }
        return unique(chosen);
    }
}
