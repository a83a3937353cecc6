package io.porta.core.dialect.aliyun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The signature rule of protocols.md B.2.2 against every vector of §C.2. */
class AliyunSignTest {

  static Map<String, String> triple(String clientId, String dn, String pk, String timestamp) {
    Map<String, String> p = new LinkedHashMap<>();
    if (clientId != null) {
      p.put("clientId", clientId);
    }
    p.put("deviceName", dn);
    p.put("productKey", pk);
    if (timestamp != null) {
      p.put("timestamp", timestamp);
    }
    return p;
  }

  @Test
  void a1OfficialExampleHmacSha1() {
    assertThat(AliyunSign.sign("hmacsha1", "secret", triple("12345", "device", "pk", "789")))
        .isEqualTo("fafd82a3d602b37fb0fa8b7892f24a477f851a14");
  }

  @Test
  void a2HmacMd5() {
    assertThat(AliyunSign.sign("hmacmd5", "secret", triple("12345", "device", "pk", "789")))
        .isEqualTo("14b198324fe55e1d3c88f2e705e201ee");
  }

  @Test
  void a3HmacSha256() {
    assertThat(AliyunSign.sign("hmacsha256", "secret", triple("12345", "device", "pk", "789")))
        .isEqualTo("6074a46a91b1ebb2cc4ea42790ad0e80202c9843859fc292e57c4eb19fad9e57");
  }

  @Test
  void a4WithoutTimestamp() {
    assertThat(AliyunSign.sign("hmacsha1", "secret", triple("12345", "device", "pk", null)))
        .isEqualTo("3504e4df7ce4766d30f796ee973c9ce7fc5425cb");
  }

  @Test
  void a5WithoutClientIdAndTimestamp() {
    assertThat(AliyunSign.sign("hmacsha1", "secret", triple(null, "device", "pk", null)))
        .isEqualTo("ef1338106ebf173868958116f51797c8b9149855");
  }

  @Test
  void a6ThirdPartyExample() {
    assertThat(
            AliyunSign.sign(
                "hmacsha1",
                "oLyaKqVxtRvjH284LdhqVgVUx1UPy6zq",
                triple("SN1928339", "light1983432", "a14Xib5kdYd", "1539421321846")))
        .isEqualTo("b2488041f64f425016b467ee1c94959ebd592ad1");
  }

  @Test
  void a7CSdkStyleIsLowerCaseHexAndVerifiesUpperCase() {
    Map<String, String> p = triple("a1X2bEnP82z.example1", "example1", "a1X2bEnP82z", "2524608000000");
    String secret = "ga7XA6KdlEeiPXQPpRbAjOZXwG8ydgSe";
    String upper = "B8CE8F1D706DD3C61D13BFD9855DEF7E321B785084CA9C93F0169A2B46785DD2";
    assertThat(AliyunSign.sign("hmacsha256", secret, p)).isEqualTo(upper.toLowerCase());
    assertThat(AliyunSign.verify("hmacsha256", secret, p, upper)).isTrue();
  }

  @Test
  void a8PythonSdkStyleSecondsTimestamp() {
    assertThat(
            AliyunSign.sign(
                "hmacsha1",
                "ga7XA6KdlEeiPXQPpRbAjOZXwG8ydgSe",
                triple("a1X2bEnP82z&example1", "example1", "a1X2bEnP82z", "1700000000")))
        .isEqualTo("4608d3aa3c928984bb5968cbcb2b2710bea4b8db");
  }

  @Test
  void d1DynamicRegistrationSha256() {
    assertThat(
            AliyunSign.sign(
                "hmacsha256",
                "7jluWm1zql7bt8qK",
                Map.of("deviceName", "example1", "productKey", "a1X2bEnP82z", "random", "8Ygb7ULYh53B6OA")))
        .isEqualTo("37c9d9c4dcab7fc75d65d25547a4e11080e59dd82f3255aafc90d83498480e88");
  }

  @Test
  void d2DynamicRegistrationSha1() {
    assertThat(
            AliyunSign.sign(
                "hmacsha1",
                "h1nQFYPZS0mW2352",
                Map.of("deviceName", "device1", "productKey", "al123456789", "random", "123")))
        .isEqualTo("d6146f9ad1209149bfaf56341f267283e3e2b4ad");
  }

  @Test
  void s1SubDeviceLoginMd5() {
    Map<String, String> p = triple("a1SubPk0001&sub01", "sub01", "a1SubPk0001", "1581417203000");
    assertThat(AliyunSign.sign("hmacmd5", "subSecret0123456789abcdef01234567", p))
        .isEqualTo("09a25b35f6710e4f450ac5f16283a8d5");
    assertThat(AliyunSign.verify("hmacMd5", "subSecret0123456789abcdef01234567", p, "09A25B35F6710E4F450AC5F16283A8D5"))
        .isTrue();
  }

  @Test
  void paramsAreSortedByNameWhateverTheMapOrder() {
    Map<String, String> reversed = new LinkedHashMap<>();
    reversed.put("timestamp", "789");
    reversed.put("productKey", "pk");
    reversed.put("deviceName", "device");
    reversed.put("clientId", "12345");
    assertThat(AliyunSign.sign("hmacsha1", "secret", reversed)).isEqualTo("fafd82a3d602b37fb0fa8b7892f24a477f851a14");
  }

  @Test
  void methodDefaultsToHmacMd5AndIgnoresCase() {
    Map<String, String> p = triple("12345", "device", "pk", "789");
    assertThat(AliyunSign.sign(null, "secret", p)).isEqualTo("14b198324fe55e1d3c88f2e705e201ee");
    assertThat(AliyunSign.sign("", "secret", p)).isEqualTo("14b198324fe55e1d3c88f2e705e201ee");
    assertThat(AliyunSign.sign("hmacSha256", "secret", p))
        .isEqualTo("6074a46a91b1ebb2cc4ea42790ad0e80202c9843859fc292e57c4eb19fad9e57");
    assertThat(AliyunSign.sign("HMACSHA1", "secret", p)).isEqualTo("fafd82a3d602b37fb0fa8b7892f24a477f851a14");
  }

  @Test
  void unknownMethodIsRefused() {
    Map<String, String> p = triple("12345", "device", "pk", "789");
    assertThatThrownBy(() -> AliyunSign.sign("hmacsha512", "secret", p))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(AliyunSign.verify("sha1", "secret", p, "fafd82a3d602b37fb0fa8b7892f24a477f851a14")).isFalse();
  }

  @Test
  void verifyRejectsWrongOrMissingSignature() {
    Map<String, String> p = triple("12345", "device", "pk", "789");
    assertThat(AliyunSign.verify("hmacsha1", "secret", p, "fafd82a3d602b37fb0fa8b7892f24a477f851a15")).isFalse();
    assertThat(AliyunSign.verify("hmacsha1", "secret", p, "fafd82a3")).isFalse();
    assertThat(AliyunSign.verify("hmacsha1", "secret", p, null)).isFalse();
    assertThat(AliyunSign.verify("hmacsha1", "other", p, "fafd82a3d602b37fb0fa8b7892f24a477f851a14")).isFalse();
  }
}
