package dev.warpcache.cli.sim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The results arranged as rows (workload and size) and columns (policies), each in the order of
 * first appearance: the shape shared by the table and the chart.
 */
final class ResultGrid {

  /** One workload at one size, with each policy's result. */
  record Row(String workload, int size, long requests, Map<String, SimResult> byPolicy) {

    Optional<Double> ratio(String policy) {
      SimResult result = byPolicy.get(policy);
      return result == null ? Optional.empty() : Optional.of(result.hitRatio());
    }

    /** warp-cache's hit ratio minus the reference SIEVE's, in percentage points, if both ran. */
    Optional<Double> warpMinusSievePoints() {
      Optional<Double> warp = ratio(PolicyKind.WARP_CACHE.displayName());
      Optional<Double> sieve = ratio(PolicyKind.SIEVE.displayName());
      return warp.isPresent() && sieve.isPresent()
          ? Optional.of(100 * (warp.get() - sieve.get()))
          : Optional.empty();
    }
  }

  private final List<String> policies;
  private final List<Row> rows;

  ResultGrid(List<SimResult> results) {
    Set<String> policyNames = new LinkedHashSet<>();
    Map<String, Map<Integer, Map<String, SimResult>>> cells = new LinkedHashMap<>();
    for (SimResult result : results) {
      policyNames.add(result.policy());
      cells
          .computeIfAbsent(result.workload(), w -> new LinkedHashMap<>())
          .computeIfAbsent(result.size(), s -> new LinkedHashMap<>())
          .put(result.policy(), result);
    }
    List<Row> rowList = new ArrayList<>();
    cells.forEach(
        (workload, bySize) ->
            bySize.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(
                    e -> {
                      long requests =
                          e.getValue().values().stream()
                              .mapToLong(SimResult::requests)
                              .max()
                              .orElse(0);
                      rowList.add(new Row(workload, e.getKey(), requests, e.getValue()));
                    }));
    this.policies = List.copyOf(policyNames);
    this.rows = List.copyOf(rowList);
  }

  List<String> policies() {
    return policies;
  }

  List<Row> rows() {
    return rows;
  }

  List<String> workloads() {
    return rows.stream().map(Row::workload).distinct().toList();
  }

  List<Row> rowsOf(String workload) {
    return rows.stream().filter(r -> r.workload().equals(workload)).toList();
  }

  boolean hasWarpAndSieve() {
    return policies.contains(PolicyKind.WARP_CACHE.displayName())
        && policies.contains(PolicyKind.SIEVE.displayName());
  }
}
