package io.porta.store;

/** The database engines Porta runs on (design.md "Storage"), told apart by the JDBC URL. */
public enum Engine {
  /** The embedded default: one file in the data directory. */
  SQLITE("jdbc:sqlite:", "org.sqlite.JDBC"),
  /** Production and clusters. */
  POSTGRESQL("jdbc:postgresql:", "org.postgresql.Driver");

  private final String urlPrefix;
  private final String driverClassName;

  Engine(String urlPrefix, String driverClassName) {
    this.urlPrefix = urlPrefix;
    this.driverClassName = driverClassName;
  }

  /** @throws IllegalArgumentException for a URL of any other engine */
  public static Engine of(String jdbcUrl) {
    for (Engine engine : values()) {
      if (jdbcUrl.startsWith(engine.urlPrefix)) {
        return engine;
      }
    }
    throw new IllegalArgumentException(
        "unsupported database URL (expected jdbc:sqlite:… or jdbc:postgresql:…): " + JdbcUrls.redact(jdbcUrl));
  }

  String urlPrefix() {
    return urlPrefix;
  }

  String driverClassName() {
    return driverClassName;
  }
}
