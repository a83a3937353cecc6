package io.porta.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class JdbcUrlsTest {

  @Test
  void engineFollowsTheUrlScheme() {
    assertThat(Engine.of("jdbc:sqlite:/tmp/x.db")).isEqualTo(Engine.SQLITE);
    assertThat(Engine.of("jdbc:postgresql://h/db")).isEqualTo(Engine.POSTGRESQL);
  }

  @Test
  void otherEnginesAreRefusedWithoutShowingThePassword() {
    assertThatThrownBy(() -> Engine.of("jdbc:mysql://u:hunter2@h/db?password=hunter2"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void redactHidesPasswordsInParametersAndAuthority() {
    assertThat(JdbcUrls.redact("jdbc:postgresql://h/db?user=u&password=s3cret&ssl=true"))
        .isEqualTo("jdbc:postgresql://h/db?user=u&password=***&ssl=true");
    assertThat(JdbcUrls.redact("jdbc:postgresql://u:s3cret@h:5432/db")).isEqualTo("jdbc:postgresql://***@h:5432/db");
  }

  @Test
  void userInfoIsMovedOutOfThePostgresUrl() {
    JdbcUrls.Credentials c = JdbcUrls.splitUserInfo("jdbc:postgresql://porta:p%40ss+word@db.local:5433/porta?ssl=true");
    assertThat(c.url()).isEqualTo("jdbc:postgresql://db.local:5433/porta?ssl=true");
    assertThat(c.user()).isEqualTo("porta");
    assertThat(c.password()).isEqualTo("p@ss+word");
    assertThat(c.toString()).doesNotContain("p@ss");
  }

  @Test
  void urlWithoutUserInfoIsUnchanged() {
    JdbcUrls.Credentials c = JdbcUrls.splitUserInfo("jdbc:postgresql://h/db?user=u&password=p");
    assertThat(c.url()).isEqualTo("jdbc:postgresql://h/db?user=u&password=p");
    assertThat(c.user()).isNull();
    assertThat(c.password()).isNull();
  }

  @Test
  void sqliteFileIsFoundInPlainAndFileUrls() {
    assertThat(JdbcUrls.sqliteFile("jdbc:sqlite:/data/porta.db")).contains(Path.of("/data/porta.db"));
    assertThat(JdbcUrls.sqliteFile("jdbc:sqlite:file:/data/porta.db?cache=shared")).contains(Path.of("/data/porta.db"));
    assertThat(JdbcUrls.sqliteFile("jdbc:sqlite::memory:")).isEmpty();
  }
}
