package io.bluegreen.pipeline;

import io.bluegreen.validation.Check;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One push filter of a pipeline's trigger (CodePipeline V2, connection sources only): which pushes start a release.
 * CodePipeline accepts at most 3 filters per source action; a push matching any of them starts the pipeline. Inside
 * one filter, a push must match the branches and the file paths. A filter holds either branches (optionally with file
 * paths) or tags, never both: CodePipeline rejects branches and tags in one filter at apply
 * (hashicorp/terraform-provider-aws#43105), so the two are separate records here.
 * <p>
 * Patterns are CodePipeline's globs: {@code *} (any characters but '/'), {@code **} (any characters), {@code ?} (one
 * character), {@code [abc]} / {@code [!abc]} / {@code [a-z]} (one of), {@code {a,b}} (either), {@code \} escaping
 * the next character. Each list holds at most 8 patterns of 1 to 255 characters; excludes win over includes.
 */
public sealed interface GitPushFilter {
    /** CodePipeline's limit of push filters per source action. */
    int MAX_FILTERS = 3;
    /** CodePipeline's limit of patterns in one includes or excludes list. */
    int MAX_PATTERNS = 8;
    /** CodePipeline's limit of one pattern's length. */
    int MAX_PATTERN_LENGTH = 255;

    /** What the filter matches, for messages, e.g. "branches main". */
    String describe();

    /**
     * Pushes to matching branches, optionally only when they change matching files (a monorepo's folder).
     *
     * @param includes branch globs that start a release, e.g. main or release/**; at least one
     * @param excludes branch globs that never do
     * @param filePathIncludes only pushes that change a file matching one of these, e.g. services/checkout/**; empty =
     *                         any file
     * @param filePathExcludes pushes that change only files matching these do not start a release, e.g. **&#47;*.md
     */
    record Branches(List<String> includes, List<String> excludes, List<String> filePathIncludes,
                    List<String> filePathExcludes) implements GitPushFilter {
        public Branches {
            Check check = Check.in("GitPushFilter.Branches");
            includes = patterns(check, "includes", includes, true, GIT_REF, "a branch glob such as main or release/**");
            excludes = patterns(check, "excludes", excludes, false, GIT_REF, "a branch glob such as wip/**");
            filePathIncludes = patterns(check, "filePathIncludes", filePathIncludes, false, FILE_PATH,
                    "a path glob such as services/checkout/**");
            filePathExcludes = patterns(check, "filePathExcludes", filePathExcludes, false, FILE_PATH,
                    "a path glob such as **/*.md");
        }

        /** The same branches, only for pushes that change files matching {@code includes} and not only {@code excludes}. */
        public Branches withFilePaths(List<String> pathIncludes, List<String> pathExcludes) {
            return new Branches(includes, excludes, pathIncludes, pathExcludes);
        }

        public String describe() {
            return "branches " + String.join(",", includes)
                    + (filePathIncludes.isEmpty() ? "" : " changing " + String.join(",", filePathIncludes));
        }
    }

    /**
     * Pushes of matching git tags, for teams that release by tagging, e.g. {@code v*}.
     *
     * @param includes tag globs that start a release; at least one
     * @param excludes tag globs that never do, e.g. *-rc*
     */
    record Tags(List<String> includes, List<String> excludes) implements GitPushFilter {
        public Tags {
            Check check = Check.in("GitPushFilter.Tags");
            includes = patterns(check, "includes", includes, true, GIT_REF, "a tag glob such as v*");
            excludes = patterns(check, "excludes", excludes, false, GIT_REF, "a tag glob such as *-rc*");
        }

        public String describe() {
            return "tags " + String.join(",", includes);
        }
    }

    /** Pushes to these branches (today's behaviour of a connection source is {@code branches(<its branch>)}). */
    static Branches branches(String... includes) {
        return new Branches(List.of(includes), List.of(), List.of(), List.of());
    }

    /** Pushes of these tags. */
    static Tags tags(String... includes) {
        return new Tags(List.of(includes), List.of());
    }

    /**
     * A branch or tag glob: git's ref-name rules (no space, control character, ~ ^ : or backslash other than an
     * escape, no "..", no leading '-' or '/'), plus the glob characters.
     */
    Pattern GIT_REF = Pattern.compile("^(?!-)(?!/)(?!.*\\.\\.)(?!.*//)[^\\x00-\\x20\\x7f~^:]{1,255}$");
    /** A file path glob: relative (no leading '/'), no control characters. */
    Pattern FILE_PATH = Pattern.compile("^(?!/)[^\\x00-\\x1f\\x7f]{1,255}$");

    private static List<String> patterns(Check check, String field, List<String> given, boolean required,
                                         Pattern allowed, String example) {
        List<String> list = List.copyOf(Check.orDefault(given, List.of()));
        if (required) {
            check.require(!list.isEmpty(), field, list, "at least one pattern", "e.g. " + example);
        }
        check.require(list.size() <= MAX_PATTERNS, field, list.size() + " patterns",
                "at most " + MAX_PATTERNS + " (CodePipeline's limit per list)",
                "merge patterns with a glob, e.g. {a,b}/** or release/*");
        List<String> checked = new ArrayList<>();
        for (String p : list) {
            check.require(p != null && p.length() <= MAX_PATTERN_LENGTH && allowed.matcher(p).matches(), field, p,
                    "a glob of 1-" + MAX_PATTERN_LENGTH + " characters CodePipeline accepts here", "use " + example);
            check.require(balanced(p), field, p,
                    "a glob with closed brackets: every [ has its ] and every { its }, and no empty [] or {}",
                    "close the bracket or escape it with \\");
            checked.add(p);
        }
        check.distinct(field, checked, "remove the duplicate pattern");
        return List.copyOf(checked);
    }

    private static boolean balanced(String glob) {
        boolean inClass = false;
        int braces = 0;
        int classLength = 0;
        int braceStart = -1;
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '\\') {
                if (i + 1 >= glob.length()) {
                    return false; // a trailing escape escapes nothing
                }
                i++;
                classLength++;
                continue;
            }
            if (inClass) {
                if (c == ']' && classLength > 0 && !(classLength == 1 && glob.charAt(i - 1) == '!')) {
                    inClass = false;
                } else {
                    classLength++;
                }
                continue;
            }
            if (c == '[') {
                inClass = true;
                classLength = 0;
            } else if (c == ']') {
                return false;
            } else if (c == '{') {
                braces++;
                braceStart = i;
            } else if (c == '}') {
                if (braces == 0 || braceStart == i - 1) {
                    return false;
                }
                braces--;
            }
        }
        return !inClass && braces == 0;
    }
}
