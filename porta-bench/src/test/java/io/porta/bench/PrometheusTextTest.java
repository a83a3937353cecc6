package io.porta.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {
  @Test
  void sumsHeapPoolsButEden() {
    Map<String, Double> s =
        PrometheusText.parse(
            """
            # HELP jvm_memory_used_bytes The amount of used memory
            # TYPE jvm_memory_used_bytes gauge
            jvm_memory_used_bytes{area="heap",id="G1 Eden Space"} 5000000.0
            jvm_memory_used_bytes{area="heap",id="G1 Old Gen"} 1.7740288E7
            jvm_memory_used_bytes{area="heap",id="G1 Survivor Space"} 1000.0
            jvm_memory_used_bytes{area="nonheap",id="Metaspace"} 3.5E7
            porta_connects_total{result="accepted"} 12.0
            """);
    assertThat(s).containsEntry("porta_connects_total{result=\"accepted\"}", 12.0);
    assertThat(PrometheusText.heapWithoutEden(s)).isEqualTo(17_741_288L);
  }
}
