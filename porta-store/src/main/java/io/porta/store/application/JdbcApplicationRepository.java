package io.porta.store.application;

import io.porta.core.application.Application;
import io.porta.core.application.ApplicationRepository;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;

/** Applications in {@code applications}. */
public final class JdbcApplicationRepository implements ApplicationRepository {
  private final Jdbi jdbi;

  public JdbcApplicationRepository(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  @Override
  public void create(Application a, byte[] tokenHash) {
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    "INSERT INTO applications (id, name, product_ids, token_hash, created_at)"
                        + " VALUES (:id, :name, :products, :hash, :createdAt)")
                .bind("id", a.id())
                .bind("name", a.name())
                .bind("products", encode(a.productIds()))
                .bind("hash", HexFormat.of().formatHex(tokenHash))
                .bind("createdAt", a.createdAt().toEpochMilli())
                .execute());
  }

  @Override
  public List<Stored> list() {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT id, name, product_ids, token_hash, created_at FROM applications ORDER BY created_at, id")
                .map(
                    (rs, ctx) ->
                        new Stored(
                            new Application(
                                rs.getString("id"),
                                rs.getString("name"),
                                decode(rs.getString("product_ids")),
                                Instant.ofEpochMilli(rs.getLong("created_at"))),
                            HexFormat.of().parseHex(rs.getString("token_hash"))))
                .list());
  }

  @Override
  public boolean update(Application a) {
    return jdbi.withHandle(
            h ->
                h.createUpdate("UPDATE applications SET name = :name, product_ids = :products WHERE id = :id")
                    .bind("id", a.id())
                    .bind("name", a.name())
                    .bind("products", encode(a.productIds()))
                    .execute())
        > 0;
  }

  @Override
  public boolean delete(String id) {
    return jdbi.withHandle(h -> h.createUpdate("DELETE FROM applications WHERE id = :id").bind("id", id).execute())
        > 0;
  }

  private static String encode(Set<String> productIds) {
    return new TreeSet<>(productIds).stream().collect(Collectors.joining(","));
  }

  private static Set<String> decode(String productIds) {
    return productIds.isEmpty() ? Set.of() : Set.copyOf(Arrays.asList(productIds.split(",")));
  }
}
