package io.porta.bench;

import java.util.Map;

/** Scrapes Porta's store metrics when a step starts and when it is done; nothing for other servers. */
final class StoreWatch {
  private final PortaServerProcess porta;
  private final Map<String, Double> before;

  StoreWatch(Broker broker) throws Exception {
    this.porta = broker instanceof PortaServerProcess p ? p : null;
    this.before = porta == null ? Map.of() : porta.metrics();
  }

  StoreCommits done() throws Exception {
    return porta == null ? StoreCommits.NONE : StoreCommits.between(before, porta.metrics());
  }
}
