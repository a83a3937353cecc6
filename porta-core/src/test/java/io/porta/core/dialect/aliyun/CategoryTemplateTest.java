package io.porta.core.dialect.aliyun;

import static org.assertj.core.api.Assertions.assertThat;

import io.porta.core.topic.TopicFilters;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The allocation-free template matcher agrees with MQTT matching of the resolved template. */
class CategoryTemplateTest {

  @ParameterizedTest
  @CsvSource({
    "/${productKey}/${deviceName}/update, /pk/dn/update",
    "/${productKey}/${deviceName}/update, /pk/dn/update/error",
    "/${productKey}/${deviceName}/update, /pk/dn2/update",
    "/${productKey}/${deviceName}/update, /pk/dn",
    "/sys/${productKey}/${deviceName}/thing/#, /sys/pk/dn/thing",
    "/sys/${productKey}/${deviceName}/thing/#, /sys/pk/dn/thing/",
    "/sys/${productKey}/${deviceName}/thing/#, /sys/pk/dn/thing/event/property/post",
    "/sys/${productKey}/${deviceName}/thing/#, /sys/pk/dn/thin",
    "/sys/${productKey}/${deviceName}/thing/#, /sys/pk/dnx/thing/a",
    "/${productKey}/${deviceName}/user/+/x, /pk/dn/user/a/x",
    "/${productKey}/${deviceName}/user/+/x, /pk/dn/user//x",
    "/${productKey}/${deviceName}/user/+/x, /pk/dn/user/a",
    "/${productKey}/${deviceName}/user/+, /pk/dn/user/a/b",
    "/broadcast/${productKey}/#, /broadcast/pk/news",
    "/broadcast/${productKey}/#, /broadcast/pk2/news",
    "/ext/error/${productKey}/${deviceName}, /ext/error/pk/dn",
    "/ext/error/${productKey}/${deviceName}, /ext/error/pk/dn/",
  })
  void agreesWithTopicFilters(String template, String topic) {
    boolean expected = TopicFilters.matches(AliyunTopics.resolve(template, "pk", "dn"), topic);
    assertThat(new CategoryTemplate(template).matches("pk", "dn", topic)).isEqualTo(expected);
  }
}
