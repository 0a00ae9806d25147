package io.bluegreen.main;

import io.bluegreen.platform.Platform;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README is a landing page and docs/ holds the guides: every page is reachable from the README, every relative
 * link and anchor resolves (GitHub's heading slugs), every repository path written in backticks exists, each platform
 * (every record {@link Platform} permits) has a page with a Mermaid diagram and a runbook section with the six steps.
 * Reads files only; writes nothing.
 */
class DocsTest {
    static final int README_MAX_LINES = 300;
    /** The runbook's six steps per platform: what a third-level heading of the platform's section must contain. */
    static final List<String> RUNBOOK_STEPS = List.of("watch", "stop", "roll back", "fix while alarms fire", "stuck",
            "destroy");
    /** Top-level folders whose paths the docs write in backticks (generated folders such as target/ are not checked). */
    private static final Set<String> REPOSITORY_ROOTS = Set.of("modules", "environments", "main", "examples", "tools",
            "terraform-tests", "benchmark", "docs", ".github", ".ci", ".mvn");
    private static final Pattern LINK = Pattern.compile("!?\\[([^\\]]*)\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    private static final Pattern CODE_SPAN = Pattern.compile("`([^`\\n]+)`");
    private static final Pattern HEADING = Pattern.compile("^(#{1,6})\\s+(.*?)\\s*#*\\s*$");

    static Path root() {
        return AppTest.projectRoot().toAbsolutePath().normalize();
    }

    /** README.md and every Markdown file below docs/, by path. */
    static Map<Path, String> documents() {
        Map<Path, String> docs = new LinkedHashMap<>();
        docs.put(root().resolve("README.md"), read(root().resolve("README.md")));
        try (Stream<Path> files = Files.walk(root().resolve("docs"))) {
            files.filter(f -> f.toString().endsWith(".md")).sorted().forEach(f -> docs.put(f, read(f)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return docs;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The lines of {@code markdown} outside fenced code blocks (fenced lines become empty, so numbers stay). */
    static List<String> prose(String markdown) {
        List<String> out = new ArrayList<>();
        boolean fenced = false;
        for (String line : markdown.split("\n", -1)) {
            if (line.strip().startsWith("```")) {
                fenced = !fenced;
                out.add("");
            } else {
                out.add(fenced ? "" : line);
            }
        }
        return out;
    }

    /** GitHub's anchor of a heading: lower case, punctuation but '-' and '_' dropped, each space a '-'. */
    static String slug(String heading) {
        String text = heading.replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1").strip().toLowerCase(Locale.ROOT);
        return text.replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
    }

    /** The headings of {@code markdown}: level and text, in order. */
    static List<Map.Entry<Integer, String>> headings(String markdown) {
        List<Map.Entry<Integer, String>> out = new ArrayList<>();
        for (String line : prose(markdown)) {
            Matcher m = HEADING.matcher(line);
            if (m.matches()) {
                out.add(Map.entry(m.group(1).length(), m.group(2)));
            }
        }
        return out;
    }

    /** Every anchor of {@code markdown}, duplicates numbered as GitHub numbers them (-1, -2, ...). */
    static Set<String> anchors(String markdown) {
        Set<String> out = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        for (Map.Entry<Integer, String> heading : headings(markdown)) {
            String slug = slug(heading.getValue());
            int n = seen.merge(slug, 1, Integer::sum) - 1;
            out.add(n == 0 ? slug : slug + "-" + n);
        }
        return out;
    }

    /** The relative link targets of {@code markdown} (no URLs), outside code. */
    static List<String> relativeLinks(String markdown) {
        List<String> out = new ArrayList<>();
        for (String line : prose(markdown)) {
            Matcher m = LINK.matcher(CODE_SPAN.matcher(line).replaceAll("``"));
            while (m.find()) {
                String target = m.group(2);
                if (!target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
                    out.add(target);
                }
            }
        }
        return out;
    }

    /** Where a relative link of the document {@code from} points (without its anchor). */
    static Path resolve(Path from, String target) {
        String file = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
        return file.isEmpty() ? from : from.getParent().resolve(file).normalize();
    }

    /** What is wrong with the links of {@code markdown}, a document at {@code from}: missing files, missing anchors. */
    static List<String> brokenLinks(Path from, String markdown) {
        List<String> problems = new ArrayList<>();
        for (String target : relativeLinks(markdown)) {
            Path file = resolve(from, target);
            if (!file.equals(from) && !Files.exists(file)) {
                problems.add(root().relativize(from) + ": link to a missing file: " + target);
                continue;
            }
            if (target.contains("#")) {
                String anchor = target.substring(target.indexOf('#') + 1);
                if (!file.toString().endsWith(".md")) {
                    problems.add(root().relativize(from) + ": anchor into a file that is not Markdown: " + target);
                } else if (!anchors(file.equals(from) ? markdown : read(file)).contains(anchor)) {
                    problems.add(root().relativize(from) + ": link to a missing heading: " + target + " (headings of "
                            + root().relativize(file) + ": " + anchors(file.equals(from) ? markdown : read(file)) + ")");
                }
            }
        }
        return problems;
    }

    /**
     * The repository paths {@code markdown} writes in backticks (tokens with a '/' whose first folder is one of the
     * repository's) that do not exist. A path with a placeholder ({@code <id>}, {@code *}, {@code ...}) is checked up to
     * its last fixed folder; generated folders (target/) are not checked.
     */
    static List<String> missingPaths(String markdown) {
        List<String> missing = new ArrayList<>();
        for (String line : prose(markdown)) {
            Matcher m = CODE_SPAN.matcher(line);
            while (m.find()) {
                for (String token : m.group(1).split("\\s+")) {
                    String path = token.replaceAll("[,;:)]+$", "").replaceAll("^\\(+", "");
                    String[] parts = path.split("/");
                    if (parts.length < 2 || !REPOSITORY_ROOTS.contains(parts[0]) || List.of(parts).contains("target")) {
                        continue;
                    }
                    StringBuilder fixed = new StringBuilder();
                    for (String part : parts) {
                        if (part.isEmpty() || part.matches(".*[<>*{}].*") || part.contains("...") || part.equals("..")) {
                            break;
                        }
                        fixed.append(fixed.length() == 0 ? "" : "/").append(part);
                    }
                    if (!Files.exists(root().resolve(fixed.toString()))) {
                        missing.add(path);
                    }
                }
            }
        }
        return missing;
    }

    /** Every platform: the records {@link Platform} permits, by their display name. */
    static Map<String, Class<?>> platforms() {
        Map<String, Class<?>> out = new LinkedHashMap<>();
        Pattern display = Pattern.compile("displayName\\(\\)\\s*\\{\\s*return\\s+\"([^\"]+)\"");
        for (Class<?> record : Platform.class.getPermittedSubclasses()) {
            String source = read(root().resolve("modules/src/main/java/" + record.getName().replace('.', '/') + ".java"));
            Matcher m = display.matcher(source);
            assertTrue(m.find(), record + " names itself in displayName()");
            out.put(m.group(1), record);
        }
        return out;
    }

    /** The third-level headings of the section of {@code markdown} whose second-level heading is {@code title}. */
    static List<String> subheadings(String markdown, String title) {
        List<String> out = new ArrayList<>();
        boolean inside = false;
        for (Map.Entry<Integer, String> heading : headings(markdown)) {
            if (heading.getKey() <= 2) {
                inside = heading.getKey() == 2 && heading.getValue().equals(title);
            } else if (inside && heading.getKey() == 3) {
                out.add(heading.getValue());
            }
        }
        return out;
    }

    /** The runbook steps the section {@code title} of {@code runbook} lacks. */
    static List<String> missingSteps(String runbook, String title) {
        List<String> sub = subheadings(runbook, title).stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
        return RUNBOOK_STEPS.stream().filter(step -> sub.stream().noneMatch(h -> h.contains(step))).toList();
    }

    @Test
    void theReadmeIsALandingPageOfAtMost300Lines() {
        long lines = read(root().resolve("README.md")).lines().count();
        assertTrue(lines <= README_MAX_LINES, "README.md has " + lines + " lines; the guides belong in docs/");
    }

    @Test
    void everyRelativeLinkAndAnchorResolves() {
        List<String> problems = new ArrayList<>();
        documents().forEach((file, text) -> problems.addAll(brokenLinks(file, text)));
        assertEquals(List.of(), problems);
    }

    @Test
    void everyFileInDocsIsLinkedFromTheReadme() throws IOException {
        Path readme = root().resolve("README.md");
        Set<Path> linked = new TreeSet<>();
        relativeLinks(read(readme)).forEach(target -> linked.add(resolve(readme, target)));
        List<String> unlinked = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root().resolve("docs"))) {
            files.filter(Files::isRegularFile).map(Path::normalize).filter(f -> !linked.contains(f))
                    .forEach(f -> unlinked.add(root().relativize(f).toString()));
        }
        assertEquals(List.of(), unlinked, "pages of docs/ the README does not link");
    }

    @Test
    void everyRepositoryPathInBackticksExists() {
        List<String> missing = new ArrayList<>();
        documents().forEach((file, text) -> missingPaths(text).forEach(p -> missing.add(root().relativize(file) + ": " + p)));
        assertEquals(List.of(), missing);
    }

    @Test
    void everyPlatformHasAPageWithAMermaidDiagram() throws IOException {
        Map<String, Path> pages = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(root().resolve("docs/platforms"))) {
            for (Path page : files.filter(f -> f.toString().endsWith(".md")).sorted().toList()) {
                String text = read(page);
                assertTrue(text.lines().anyMatch(l -> l.strip().equals("```mermaid")), page + " has a ```mermaid block");
                headings(text).stream().filter(h -> h.getKey() == 1).findFirst()
                        .ifPresent(h -> pages.put(h.getValue(), page));
            }
        }
        for (String platform : platforms().keySet()) {
            assertTrue(pages.containsKey(platform), "docs/platforms/ has a page titled '" + platform + "'; titles: "
                    + pages.keySet());
        }
    }

    @Test
    void theRunbookHasTheSixStepsForEveryPlatform() {
        String runbook = read(root().resolve("docs/runbook.md"));
        assertFalse(platforms().isEmpty(), "Platform permits its records");
        for (String platform : platforms().keySet()) {
            assertEquals(List.of(), missingSteps(runbook, platform), "docs/runbook.md, section '## " + platform + "'");
        }
    }

    // ---- The checks themselves fail on broken input (in memory: nothing is written) ----

    @Test
    void slugsFollowGitHubsRules() {
        assertEquals("ecs-bluegreen-roll-back", slug("ECS blue/green: roll back"));
        assertEquals("what-every-service-of-an-environment-shares-servicedefaults",
                slug("What every service of an environment shares: `ServiceDefaults`"));
        assertEquals("the-projects-own-scripts-and-functions-run", slug("The project's own scripts and functions run"));
        assertEquals("snake_case-stays", slug("snake_case stays"));
        assertEquals(Set.of("a", "a-1", "a-2"), anchors("# A\n## A\n### A\n"));
        assertEquals(Set.of("real"), anchors("# Real\n```sh\n# not a heading\n```\n"));
    }

    @Test
    void aLinkToAMissingFileOrHeadingIsReported() {
        Path page = root().resolve("docs/example.md");
        List<String> problems = brokenLinks(page, "# Here\n[ok](#here) [file](runbook.md) [gone](no-such-page.md)\n"
                + "[anchor](runbook.md#no-such-heading) [self](#nowhere) [web](https://example.com/x)\n"
                + "`[not a link](missing.md)`\n```\n[fenced](missing.md)\n```\n");
        assertEquals(3, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("no-such-page.md"), problems.get(0));
        assertTrue(problems.get(1).contains("runbook.md#no-such-heading"), problems.get(1));
        assertTrue(problems.get(2).contains("#nowhere"), problems.get(2));
    }

    @Test
    void aRepositoryPathThatDoesNotExistIsReported() {
        assertEquals(List.of("tools/no-such-tool.cjs", "modules/src/main/java/io/bluegreen/nowhere/"),
                missingPaths("`tools/no-such-tool.cjs` and `node tools/ec2-bluegreen.cjs idle` and "
                        + "`modules/src/main/java/io/bluegreen/nowhere/` but not `cdktf.out/stacks/<id>`, "
                        + "`environments/target/x.json`, `terraform-tests/scenarios/<stack id>/*.tftest.hcl`"));
    }

    @Test
    void aRunbookSectionWithoutAStepIsReported() {
        String runbook = "## ECS blue/green\n### ECS blue/green: watch a release\n### ECS blue/green: roll back\n"
                + "## EC2 in place\n### EC2 in place: destroy\n";
        assertEquals(List.of("stop", "fix while alarms fire", "stuck", "destroy"), missingSteps(runbook, "ECS blue/green"));
        assertFalse(missingSteps(runbook, "Lambda canary").isEmpty(), "a platform without a section misses every step");
    }
}
