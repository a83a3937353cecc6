package io.porta.store.registry;

import io.porta.store.EmbeddedPostgresExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresRegistryTest extends RegistryContract {
  @RegisterExtension static final EmbeddedPostgresExtension postgres = new EmbeddedPostgresExtension();

  @Override
  protected String newDatabaseUrl() throws Exception {
    return postgres.newDatabaseUrl();
  }
}
