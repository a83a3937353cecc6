package io.porta.store;

import static io.porta.store.Fixtures.product;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresDatabaseTest extends DatabaseContract {
  @RegisterExtension static final EmbeddedPostgresExtension postgres = new EmbeddedPostgresExtension();

  @Override
  protected String newDatabaseUrl() throws Exception {
    return postgres.newDatabaseUrl();
  }

  /** Names sort by code point as on SQLite, whatever locale the server was initialised with. */
  @Test
  void keyColumnsUseTheBinaryCollation() {
    String sql =
        "SELECT COUNT(*) FROM information_schema.columns WHERE collation_name = 'C' AND ("
            + "(table_name = 'products' AND column_name = 'id')"
            + " OR (table_name = 'devices' AND column_name IN ('product_id', 'name'))"
            + " OR (table_name = 'datapoints' AND column_name IN ('product_id', 'device_name', 'stream')))";
    assertThat(count(sql)).isEqualTo(6);
  }

  @Test
  void credentialsMayBeWrittenInTheUrlAuthority() throws Exception {
    String name = postgres.newDatabase();
    String withUserInfo = "jdbc:postgresql://postgres:any%2Bpass@localhost:" + postgres.port() + "/" + name;
    try (Database other = Database.open(withUserInfo)) {
      other.products().create(product("p1"));
      assertThat(other.products().find("p1")).isPresent();
      assertThat(other.engine()).isEqualTo(Engine.POSTGRESQL);
    }
  }
}
