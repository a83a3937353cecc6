package io.porta.core.message;

import io.porta.core.model.DeviceKey;

/** A read of a device's message log; null bounds are open. */
public record MessageQuery(DeviceKey device, String topic, Long fromMs, Long toMs, int limit, boolean ascending) {}
