package io.porta.store.thing;

import io.porta.store.EmbeddedPostgresExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresDesiredPropertyTest extends DesiredPropertyContract {
  @RegisterExtension static final EmbeddedPostgresExtension postgres = new EmbeddedPostgresExtension();

  @Override
  protected String newDatabaseUrl() throws Exception {
    return postgres.newDatabaseUrl();
  }
}
