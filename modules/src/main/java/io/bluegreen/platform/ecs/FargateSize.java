package io.bluegreen.platform.ecs;

import io.bluegreen.validation.Check;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Task size: only the cpu/memory pairs Fargate accepts (cpu units, memory MiB).
 */
public record FargateSize(int cpu, int memory) {
    /** cpu -> allowed memory values. */
    static final Map<Integer, List<Integer>> VALID = valid();

    public static final FargateSize SMALLEST = new FargateSize(256, 512);

    public FargateSize {
        Check check = Check.in("FargateSize");
        check.require(VALID.containsKey(cpu), "cpu", cpu, "one of " + VALID.keySet() + " (cpu units; 1024 = 1 vCPU)",
                "choose a Fargate cpu value");
        List<Integer> memories = VALID.get(cpu);
        check.require(memories.contains(memory), "memory", memory,
                "for cpu " + cpu + ": " + range(memories) + " MiB", "pick a memory value that Fargate allows with this cpu");
    }

    private static String range(List<Integer> values) {
        if (values.size() <= 3) {
            return values.toString();
        }
        int step = values.get(1) - values.get(0);
        return values.get(0) + ".." + values.get(values.size() - 1) + " in steps of " + step;
    }

    private static Map<Integer, List<Integer>> valid() {
        Map<Integer, List<Integer>> m = new LinkedHashMap<>();
        m.put(256, List.of(512, 1024, 2048));
        m.put(512, steps(1024, 4096, 1024));
        m.put(1024, steps(2048, 8192, 1024));
        m.put(2048, steps(4096, 16384, 1024));
        m.put(4096, steps(8192, 30720, 1024));
        m.put(8192, steps(16384, 61440, 4096));
        m.put(16384, steps(32768, 122880, 8192));
        return Map.copyOf(m);
    }

    private static List<Integer> steps(int from, int to, int step) {
        List<Integer> out = new ArrayList<>();
        for (int v = from; v <= to; v += step) {
            out.add(v);
        }
        return List.copyOf(out);
    }
}
