package io.porta.core.session;

/** @param dropped how many of the device's oldest messages were dropped to respect its cap */
public record EnqueueResult(long id, int dropped) {}
