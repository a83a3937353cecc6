package io.porta.core.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Command ids (OneNET {@code cmdid}): well-formed random UUIDs, unique across threads. */
class RandomUuidsTest {
  @Test
  void idsAreVersionFourUuidsInTheirCanonicalForm() {
    for (int i = 0; i < 1000; i++) {
      UUID id = RandomUuids.next();
      assertThat(id.version()).isEqualTo(4);
      assertThat(id.variant()).isEqualTo(2);
      assertThat(UUID.fromString(id.toString())).isEqualTo(id);
    }
  }

  @Test
  void threadsWithTheirOwnGeneratorsNeverRepeatAnId() throws Exception {
    int threads = 8;
    int each = 5000;
    Set<UUID> seen = ConcurrentHashMap.newKeySet();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(pool.submit(() -> {
          for (int i = 0; i < each; i++) {
            seen.add(RandomUuids.next());
          }
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(seen).hasSize(threads * each);
  }
}
