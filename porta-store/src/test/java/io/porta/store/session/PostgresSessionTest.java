package io.porta.store.session;

import io.porta.store.EmbeddedPostgresExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresSessionTest extends SessionContract {
  @RegisterExtension static final EmbeddedPostgresExtension postgres = new EmbeddedPostgresExtension();

  @Override
  protected String newDatabaseUrl() throws Exception {
    return postgres.newDatabaseUrl();
  }
}
