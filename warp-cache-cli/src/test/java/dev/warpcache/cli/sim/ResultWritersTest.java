package dev.warpcache.cli.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/** The CSV format, the terminal table and the SVG chart. */
class ResultWritersTest {

  private static final List<SimResult> RESULTS =
      List.of(
          new SimResult("loop", 256, "warp-cache", 1000, 250),
          new SimResult("loop", 256, "SIEVE", 1000, 250),
          new SimResult("loop", 256, "LRU", 1000, 0),
          new SimResult("loop", 1024, "warp-cache", 1000, 990),
          new SimResult("loop", 1024, "SIEVE", 1000, 988),
          new SimResult("loop", 1024, "LRU", 1000, 990),
          new SimResult("odd, name", 1, "warp-cache", 3, 1),
          new SimResult("odd, name", 1, "SIEVE", 3, 1),
          new SimResult("odd, name", 1, "LRU", 3, 2));

  @TempDir Path dir;

  @Test
  void csvHasOneLinePerResultUnderAFixedHeader() throws IOException {
    StringWriter csv = new StringWriter();
    ResultCsv.write(RESULTS.subList(0, 3), csv);

    assertThat(csv.toString())
        .isEqualTo(
            "workload,size,policy,requests,hits,hit_ratio\n"
                + "loop,256,warp-cache,1000,250,0.250000\n"
                + "loop,256,SIEVE,1000,250,0.250000\n"
                + "loop,256,LRU,1000,0,0.000000\n");
  }

  @Test
  void csvQuotesFieldsWithCommasAndReadsBackWhatItWrote() throws IOException {
    Path file = dir.resolve("sim.csv");
    ResultCsv.write(RESULTS, file);

    assertThat(Files.readAllLines(file)).contains("\"odd, name\",1,LRU,3,2,0.666667");
    assertThat(ResultCsv.read(file)).isEqualTo(RESULTS);
  }

  @Test
  void tableHasAColumnPerPolicyAndTheWarpMinusSieveDifference() {
    StringWriter out = new StringWriter();
    ResultTable.print(RESULTS, new PrintWriter(out));

    assertThat(out.toString())
        .contains("workload   size  requests  warp-cache %  SIEVE %  LRU %  warp-SIEVE pp")
        .contains("loop        256      1000         25.00    25.00   0.00           0.00")
        .contains("loop       1024      1000         99.00    98.80  99.00          +0.20")
        .contains("odd, name     1         3         33.33    33.33  66.67           0.00")
        .contains("Largest |warp-cache - SIEVE| over 3 rows: 0.2000 pp (loop @ 1024)");
    assertThat(ResultTable.maxWarpMinusSieve(RESULTS))
        .hasValueSatisfying(d -> assertThat(d.points()).isCloseTo(0.2, within()));
  }

  @Test
  void svgIsWellFormedWithAPanelPerWorkloadAndALinePerPolicy() throws Exception {
    StringWriter svg = new StringWriter();
    SvgChart.write(RESULTS, svg);

    Document doc =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(new InputSource(new StringReader(svg.toString())));
    assertThat(doc.getDocumentElement().getTagName()).isEqualTo("svg");
    assertThat(texts(doc))
        .contains("loop", "odd, name", "warp-cache", "LRU", "256", "1024", "1,000 requests");
    // a polyline per policy and workload, plus the axes of each panel
    assertThat(doc.getElementsByTagName("polyline").getLength()).isEqualTo(2 * 3 + 2);
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-9);
  }

  private static List<String> texts(Document doc) {
    NodeList nodes = doc.getElementsByTagName("text");
    return java.util.stream.IntStream.range(0, nodes.getLength())
        .mapToObj(i -> nodes.item(i).getTextContent())
        .toList();
  }
}
