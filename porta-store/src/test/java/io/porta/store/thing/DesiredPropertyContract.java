package io.porta.store.thing;

import static org.assertj.core.api.Assertions.assertThat;

import io.porta.core.model.DeviceKey;
import io.porta.core.thing.DesiredProperty;
import io.porta.core.thing.DesiredPropertyRepository;
import io.porta.store.StoreTestBase;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Desired property values (B.6.2, A.7.5), on every engine. */
abstract class DesiredPropertyContract extends StoreTestBase {
  static final DeviceKey D1 = new DeviceKey("p1", "dev-1");
  static final DeviceKey D2 = new DeviceKey("p1", "dev-2");

  private DesiredPropertyRepository desired;

  @BeforeEach
  void repository() {
    desired = db.desiredProperties();
  }

  @Test
  void versionsStartAt1AndGrowOnEveryChange() {
    assertThat(desired.set(D1, Map.of("Power", "\"on\"", "Level", "3"), 1000))
        .containsExactly(new DesiredProperty("Level", "3", 1, 1000), new DesiredProperty("Power", "\"on\"", 1, 1000));
    assertThat(desired.set(D1, Map.of("Level", "{\"x\":1.50}"), 2000))
        .containsExactly(new DesiredProperty("Level", "{\"x\":1.50}", 2, 2000));
    assertThat(desired.find(D1, List.of())).extracting(DesiredProperty::version).containsExactly(2L, 1L);
    assertThat(desired.find(D1, List.of("Power", "Nope"))).extracting(DesiredProperty::identifier).containsExactly("Power");
    assertThat(desired.find(D2, List.of())).as("per device").isEmpty();
  }

  @Test
  void deleteByVersionSparesANewerValue() {
    desired.set(D1, Map.of("Power", "\"on\""), 1000);
    desired.set(D1, Map.of("Power", "\"off\""), 2000);
    Map<String, Long> stale = new LinkedHashMap<>();
    stale.put("Power", 1L);
    assertThat(desired.delete(D1, stale)).isEmpty();
    assertThat(desired.find(D1, List.of())).hasSize(1);
    Map<String, Long> current = new LinkedHashMap<>();
    current.put("Power", 2L);
    current.put("Absent", null);
    assertThat(desired.delete(D1, current)).containsExactly("Power");
    assertThat(desired.find(D1, List.of())).isEmpty();
    desired.set(D1, Map.of("Power", "1"), 3000);
    Map<String, Long> any = new LinkedHashMap<>();
    any.put("Power", null);
    assertThat(desired.delete(D1, any)).containsExactly("Power");
    assertThat(desired.set(D1, Map.of("Power", "2"), 4000).get(0).version()).as("a deleted value starts over").isEqualTo(1);
  }
}
