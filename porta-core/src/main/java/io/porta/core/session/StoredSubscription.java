package io.porta.core.session;

/** A subscription of a persistent session (cleanSession = 0). */
public record StoredSubscription(String filter, int qos) {}
