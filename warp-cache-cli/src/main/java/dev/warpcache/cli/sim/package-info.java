/**
 * {@code warp sim}: the hit-ratio simulator. It replays key traces and synthetic workloads through
 * warp-cache's real cache and through reference policies (FIFO, LRU, SIEVE, Caffeine's W-TinyLFU
 * and Belady's OPT) at several cache sizes, and reports the hit ratios as a table, a CSV file and
 * an SVG chart.
 *
 * <p>The pieces: {@link dev.warpcache.cli.sim.TraceReader} reads traces, {@link
 * dev.warpcache.cli.sim.SyntheticWorkloads} generates the synthetic ones, each policy implements
 * {@link dev.warpcache.cli.sim.Policy}, {@link dev.warpcache.cli.sim.Simulator} runs them, and
 * {@link dev.warpcache.cli.sim.ResultTable}, {@link dev.warpcache.cli.sim.ResultCsv} and {@link
 * dev.warpcache.cli.sim.SvgChart} write the results.
 */
package dev.warpcache.cli.sim;
