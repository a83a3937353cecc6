package io.porta.core.session;

import java.time.Instant;

/** What the REST API shows about a device's live connection. */
public record SessionInfo(
    Instant connectedAt,
    Instant lastSeenAt,
    String remoteAddress,
    int protocolLevel,
    int keepAliveSeconds,
    boolean cleanSession,
    String listener) {}
