package io.porta.bench;

/** How one simulated device logs in, and where it publishes its telemetry. */
record Credentials(String clientId, String username, String password, String telemetryTopic) {}
