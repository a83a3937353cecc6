package io.porta.core.event;

import io.porta.core.model.DeviceKey;

/** A read of a device's event history, newest first; null filters and bounds are open. */
public record DeviceEventQuery(DeviceKey device, String type, Long fromMs, Long toMs, int limit) {}
