package io.porta.core.dialect.aliyun;

import static io.porta.core.dialect.aliyun.AliyunFixture.DN;
import static io.porta.core.dialect.aliyun.AliyunFixture.PK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.porta.core.dialect.DeviceIdentity;
import io.porta.core.dialect.SubscribeDecision;
import io.porta.core.topic.TopicAccess;
import io.porta.core.topic.TopicCategory;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Topic categories and permissions (seed "Topic standards", protocols.md B.5, B.7, B.8). */
class AliyunTopicsTest {
  static final String OWN = "/" + PK + "/" + DN;
  static final String SYS = "/sys/" + PK + "/" + DN;

  final AliyunFixture f = new AliyunFixture();

  @AfterEach
  void close() {
    f.close();
  }

  SubscribeDecision subscribe(String filter, int qos) {
    return f.dialect.authorizeSubscribe(f.link(), filter, qos);
  }

  DeviceIdentity device() {
    return f.link().identity();
  }

  @Test
  void systemCategoriesListTheSeedsSixDefaultsFirstWithStableIds() {
    List<TopicCategory> all = f.dialect.systemTopicCategories(f.product);
    assertThat(all.subList(0, 6))
        .extracting(TopicCategory::id, TopicCategory::topic, TopicCategory::access)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("sys-1", "/" + PK + "/${deviceName}/update", TopicAccess.PUB),
            org.assertj.core.groups.Tuple.tuple("sys-2", "/" + PK + "/${deviceName}/update/error", TopicAccess.PUB),
            org.assertj.core.groups.Tuple.tuple("sys-3", "/" + PK + "/${deviceName}/get", TopicAccess.SUB),
            org.assertj.core.groups.Tuple.tuple("sys-4", "/sys/" + PK + "/${deviceName}/thing/#", TopicAccess.PUBSUB),
            org.assertj.core.groups.Tuple.tuple("sys-5", "/sys/" + PK + "/${deviceName}/rrpc/#", TopicAccess.PUBSUB),
            org.assertj.core.groups.Tuple.tuple("sys-6", "/broadcast/" + PK + "/#", TopicAccess.PUBSUB));
    assertThat(all).allMatch(TopicCategory::system).allMatch(c -> c.productId().equals(PK));
    assertThat(all).extracting(TopicCategory::topic)
        .contains(
            "/ext/ntp/" + PK + "/${deviceName}/request",
            "/ext/error/" + PK + "/${deviceName}",
            "/shadow/get/" + PK + "/${deviceName}",
            "/ota/device/upgrade/" + PK + "/${deviceName}");
    assertThat(f.dialect.systemTopicCategories(f.product)).isEqualTo(all);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        OWN + "/get",
        SYS + "/thing/#",
        SYS + "/thing/service/property/set",
        SYS + "/thing/event/+/post_reply",
        SYS + "/rrpc/request/+",
        "/broadcast/" + PK + "/+",
        "/broadcast/" + PK + "/#",
        "/ext/ntp/" + PK + "/" + DN + "/response",
        "/ext/session/" + PK + "/" + DN + "/combine/login_reply",
        "/ext/error/" + PK + "/" + DN,
        "/shadow/get/" + PK + "/" + DN,
        "/ota/device/upgrade/" + PK + "/" + DN,
      })
  void subscriptionsWithinASubCategoryAreGrantedQosAtMost1(String filter) {
    assertThat(subscribe(filter, 1)).isEqualTo(SubscribeDecision.grant(1));
    assertThat(subscribe(filter, 2)).isEqualTo(SubscribeDecision.grant(1));
    assertThat(subscribe(filter, 0)).isEqualTo(SubscribeDecision.grant(0));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        OWN + "/update",
        OWN + "/+",
        OWN + "/#",
        SYS + "/#",
        "/sys/" + PK + "/other1/thing/#",
        "/sys/" + PK + "/+/thing/#",
        "/ext/ntp/" + PK + "/" + DN + "/request",
        "/broadcast/otherpk/#",
        "#",
        "/a/b+/c",
      })
  void otherSubscriptionsAreRefusedWith0x80AndTheConnectionStays(String filter) {
    SubscribeDecision d = subscribe(filter, 1);
    assertThat(d.grantedQos()).isEqualTo(SubscribeDecision.FAILURE);
    assertThat(d.disconnect()).isNull();
  }

  @Test
  void customCategoriesGrantTheirAccessForTheConnectedDeviceOnly() {
    f.customCategory("c1", "/${productKey}/${deviceName}/user/get", TopicAccess.SUB);
    f.customCategory("c2", "/${productKey}/${deviceName}/user/up/#", TopicAccess.PUB);
    assertThat(subscribe(OWN + "/user/get", 1).granted()).isTrue();
    assertThat(subscribe("/" + PK + "/other1/user/get", 1).granted()).isFalse();
    assertThat(subscribe(OWN + "/user/up/a", 1).granted()).isFalse();
    assertThat(f.dialect.mayDeliver(device(), OWN + "/user/get")).isTrue();
    assertThat(f.dialect.mayDeliver(device(), OWN + "/user/up/a")).isFalse();
  }

  @Test
  void mayDeliverOnlyToTopicsOfSubCapableCategories() {
    assertThat(f.dialect.mayDeliver(device(), OWN + "/get")).isTrue();
    assertThat(f.dialect.mayDeliver(device(), SYS + "/thing/service/property/set")).isTrue();
    assertThat(f.dialect.mayDeliver(device(), OWN + "/update")).isFalse();
    assertThat(f.dialect.mayDeliver(device(), "/" + PK + "/other1/get")).isFalse();
    assertThat(f.dialect.mayDeliver(device(), OWN + "/+")).isFalse();
  }

  @Test
  void customTopicRrpcSubscriptionsWrapTheDevicesOwnTopics() {
    f.customCategory("c1", "/${productKey}/${deviceName}/user/get", TopicAccess.SUB);
    assertThat(subscribe("/ext/rrpc/+" + OWN + "/user/get", 0).granted()).isTrue();
    assertThat(subscribe("/ext/rrpc/+" + SYS + "/thing/service/+", 0).granted()).isTrue();
    assertThat(subscribe("/ext/rrpc/+/" + PK + "/other1/user/get", 0).granted()).isFalse();
    assertThat(subscribe("/ext/rrpc/#", 0).granted()).isFalse();
    assertThat(subscribe("/ext/rrpc/+", 0).granted()).isFalse();
  }

  @Test
  void customCategoryIsNormalisedAndChecked() {
    assertThat(f.dialect.customTopicCategory(f.product, "/${productKey}/${deviceName}/user/get"))
        .isEqualTo("/${productKey}/${deviceName}/user/get");
    assertThat(f.dialect.customTopicCategory(f.product, "/" + PK + "/${deviceName}/user/a_b-1/+/#"))
        .isEqualTo("/${productKey}/${deviceName}/user/a_b-1/+/#");
    for (String bad :
        List.of(
            "/${productKey}/${deviceName}/user/",
            "/${productKey}/${deviceName}/get",
            "/otherpk/${deviceName}/user/get",
            "/${productKey}/dev/user/get",
            "/${productKey}/${deviceName}/user/a#",
            "/${productKey}/${deviceName}/user/#/a",
            "/${productKey}/${deviceName}/user/a b",
            "/${productKey}/${deviceName}/user//a",
            "/${productKey}/${deviceName}/user/" + "x".repeat(120))) {
      assertThatThrownBy(() -> f.dialect.customTopicCategory(f.product, bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void broadcastTopicIsGivenWholeOrAsTheSuffix() {
    assertThat(f.dialect.broadcastTopic(f.product, "/broadcast/" + PK + "/news")).isEqualTo("/broadcast/" + PK + "/news");
    assertThat(f.dialect.broadcastTopic(f.product, "news/today")).isEqualTo("/broadcast/" + PK + "/news/today");
    assertThat(f.dialect.broadcastTopic(f.product, "/news")).isEqualTo("/broadcast/" + PK + "/news");
    for (String bad : List.of("/broadcast/otherpk/news", "news/+", "news/#", "", "/broadcast/" + PK + "/")) {
      assertThatThrownBy(() -> f.dialect.broadcastTopic(f.product, bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
  }

  /** B.9: which device a gateway's topic speaks for, by position in each topic family. */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({
    "/sys/a1Sub/dev-1/thing/event/property/post, a1Sub, dev-1",
    "/a1Sub/dev-1/update, a1Sub, dev-1",
    "/a1Sub/dev-1/user/data, a1Sub, dev-1",
    "/ext/rrpc/123/sys/a1Sub/dev-1/thing/service/x, a1Sub, dev-1",
    "/ext/rrpc/123/a1Sub/dev-1/user/get, a1Sub, dev-1",
    "/shadow/update/a1Sub/dev-1, a1Sub, dev-1",
    "/ext/ntp/a1Sub/dev-1/request, a1Sub, dev-1",
    "/ext/session/a1Sub/dev-1/combine/login, a1Sub, dev-1",
    "/ota/device/inform/a1Sub/dev-1, a1Sub, dev-1",
  })
  void deviceNamedInATopic(String topic, String productKey, String deviceName) {
    assertThat(AliyunTopics.deviceNamedIn(topic)).isEqualTo(new io.porta.core.model.DeviceKey(productKey, deviceName));
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"/broadcast/a1Sub/x", "/sys/a1Sub", "no/leading/slash", "/a1Sub//update", "#"})
  void topicsNamingNoDevice(String topic) {
    assertThat(AliyunTopics.deviceNamedIn(topic)).isNull();
  }
}
